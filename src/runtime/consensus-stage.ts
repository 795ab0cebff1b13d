/**
 * @module runtime/consensus-stage
 * The control-loop stage that runs one consensus tick on the agents' prompt vectors (SPEC §4)
 * and reports it: metrics (iterations, Lyapunov V, rollbacks) and `consensus` / `rollback`
 * events. The engine's own bounds (≤ maxIterations, CPU budget, rollback) keep the tick short.
 */
import type { ConsensusEngine } from "../consensus/consensus-engine.js";
import type { ConsensusAgent, ConsensusReport, GradientSource } from "../consensus/types.js";
import type { AgentRuntime } from "./agent-runtime.js";
import type { LoopStage, TickContext } from "./control-loop.js";
import type { RuntimeContext } from "./runtime-context.js";

/** What the consensus stage reads and writes: the agents (P_i), the config, telemetry. */
export type ConsensusStagePorts = Pick<RuntimeContext, "agents" | "config" | "events" | "logger" | "metrics">;

/** Collaborators of the consensus stage. */
export interface ConsensusStageHooks {
  /** ∇Q per agent (the β term), when learned dynamics run. */
  gradients: () => GradientSource | undefined;
  /** L_Q, the observed Lipschitz constant of the ∇Q map (0 when unknown). */
  gradientLipschitz?: () => number;
  /** told which agents' P_i changed. */
  onMoved: (agents: readonly AgentRuntime[]) => void;
  /** restores the last checkpoint; false when there is none. */
  rollback: () => Promise<boolean>;
  /** shared with the checkpoint stage: failed ticks in a row (no checkpoint of a failing state). */
  health: { failedTicks: number };
}

/** Builds the stage. */
export function consensusStage(
  ctx: ConsensusStagePorts,
  engine: ConsensusEngine,
  hooks: ConsensusStageHooks,
): LoopStage {
  let views: ConsensusAgent[] = [];
  const health = hooks.health;
  return {
    name: "consensus",
    run: async (tick) => {
      const agents = ctx.agents.all;
      if (views.length !== agents.length)
        views = agents.map((a) => ({ id: a.id, prompt: a.learned.prompt, utilisation: 0 }));
      // ω_i: each agent's share of the traffic routed so far
      for (let i = 0; i < agents.length; i++) views[i]!.utilisation = agents[i]!.load.routed;
      const report = engine.tick(views, hooks.gradients(), hooks.gradientLipschitz?.() ?? 0);
      if (report.updatedAgents > 0) {
        for (const agent of agents) agent.learned.dirty = true;
        hooks.onMoved(agents);
      }
      publish(ctx, report, tick);
      const failed = report.reason === "not_converged" || report.rejected.length > 0;
      health.failedTicks = failed ? health.failedTicks + 1 : 0;
      if (health.failedTicks >= ctx.config.consensus.failedTicksBeforeRollback && (await hooks.rollback())) {
        health.failedTicks = 0;
        hooks.onMoved(agents);
        ctx.metrics.rollbacks.inc({ reason: "checkpoint" });
        ctx.events.emit({ type: "rollback", tick: tick.iteration, reason: "checkpoint" });
      }
    },
  };
}

function publish(ctx: ConsensusStagePorts, report: ConsensusReport, tick: TickContext): void {
  ctx.metrics.consensusIterations.observe(report.iterations);
  ctx.metrics.lyapunov.set(report.lyapunov);
  ctx.metrics.globalStateDrift.set(report.utilisationDrift);
  ctx.metrics.consensusLipschitz.set(report.lipschitz);
  ctx.metrics.gradientLipschitz.set(report.gradientLipschitz);
  ctx.metrics.consensusAlpha.set(report.alphaUsed);
  if (report.warning)
    ctx.logger.warn(
      { alphaUsed: report.alphaUsed, betaUsed: report.betaUsed, lipschitz: report.lipschitz },
      report.warning,
    );
  if (report.rolledBack) {
    const reason = report.reason ?? "rollback";
    ctx.metrics.rollbacks.inc({ reason });
    ctx.events.emit({ type: "rollback", tick: tick.iteration, reason });
  }
  if (ctx.events.has("consensus")) {
    ctx.events.emit({
      type: "consensus",
      tick: tick.iteration,
      iterations: report.iterations,
      converged: report.converged,
      lyapunov: report.lyapunov,
      durationMs: report.durationMs,
    });
  }
}
