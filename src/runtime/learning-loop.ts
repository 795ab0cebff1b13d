/**
 * @module runtime/learning-loop
 * Wires the learned dynamics (SPEC §5) into the runtime: outcomes become trajectory steps in the
 * replay buffer, the network trains in the background every `learning.trainEveryTicks` ticks,
 * ∇Q(S_i, a_i) w.r.t. P_i is refreshed for a round-robin batch of agents within a time budget
 * and feeds the consensus β term (with L_Q, the observed Lipschitz constant of that map, for the
 * stability clamp), and the learned context projection is trained on each turn.
 * The weights are saved in the store and loaded at start-up. Nothing here runs on a turn's path.
 */
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { RapoConfig } from "../config/schema.js";
import type { GradientSource } from "../consensus/types.js";
import { BackgroundTrainer } from "../learning/background-trainer.js";
import { DivergenceMonitor } from "../learning/divergence-monitor.js";
import { decodeLearnerBytes } from "../learning/dynamics-codec.js";
import { DynamicsLearner, type TrainStepResult, type TrajectoryStep } from "../learning/dynamics-learner.js";
import { type AgentGradientRequest, QGradientCache } from "../learning/gradient-cache.js";
import { GradientInputMemo } from "../learning/gradient-inputs.js";
import { GradientLipschitzProbe } from "../learning/gradient-lipschitz.js";
import { coherenceReward } from "../learning/reward.js";
import type { AgentRuntime } from "./agent-runtime.js";
import type { LoopStage, TickContext } from "./control-loop.js";
import type { PendingOutcome } from "./outcomes.js";
import type { RuntimeContext } from "./runtime-context.js";

/** What the learning loop reads and writes: the agents, the store (weights), taxonomy, telemetry. */
export type LearningPorts = Pick<
  RuntimeContext,
  "agents" | "events" | "logger" | "metrics" | "store" | "taxonomy"
>;

/** Store blob holding the network weights. */
const WEIGHTS_BLOB = "learning/dynamics";
/** Steps recorded per trajectory before it is handed to the replay buffer. */
const MAX_TRAJECTORY = 20;
/** Agents whose ∇Q is refreshed per tick, and the time allowed for it. */

/** The learner, its trainer and gradient cache, fed from applied outcomes. */
export class LearningLoop {
  learner: DynamicsLearner | null = null;
  private trainer: BackgroundTrainer<TrainStepResult> | null = null;
  private gradients: QGradientCache | null = null;
  private readonly trajectories = new Map<string, TrajectoryStep[]>();
  private readonly lastContext = new Map<number, Float32Array>();
  private cursor = 0;
  private readonly divergence: DivergenceMonitor;
  /** L_Q of the β term's map P ↦ project(∂V_MC/∂P), one probe per tick. */
  private readonly lipschitz: GradientLipschitzProbe;
  /** set by a diverging training step; the next learning stage rolls back. */
  private diverged = false;
  /** what the cached gradients were computed from (`learning.skipIdleTicks`). */
  private readonly computed = new GradientInputMemo();
  /** outcomes observed and trajectories recorded so far, and that count at the last training request. */
  private signals = 0;
  private trainedAtSignals = -1;
  /** `learning.maxCpuShare`: learning CPU not yet paid for by the loop's wall time, ms. */
  private cpuDebtMs = 0;
  private lastScheduledAt: number | null = null;

  /**
   * @param project maps a raw ∂Q/∂P onto the directions that change rendered prompts (the span
   *   of the component vectors); without it, the gradient could push P_i away from every
   *   component and empty the rendered prompt.
   */
  constructor(
    private readonly config: RapoConfig,
    private readonly project: (gradient: Float32Array) => Float32Array = (g) => g,
    /** the prompt-component vectors: the network sees cos(P_i, c_k) (see StateFeatureEncoder). */
    private readonly promptBasis: readonly Float32Array[] = [],
  ) {
    this.divergence = new DivergenceMonitor(config.learning.divergenceFactor);
    this.lipschitz = new GradientLipschitzProbe(config.state.seed);
  }

  /**
   * Loads TensorFlow.js and the newest stored weights (nothing when `learning.enabled` is false):
   * those saved at the last close or those of the latest checkpoint, whichever trained longer —
   * after a crash (SIGKILL) that is the checkpoint, with its optimiser state.
   */
  async start(ctx: LearningPorts, checkpointed: Uint8Array | null = null): Promise<void> {
    if (!this.config.learning.enabled) return;
    const dims = { taskCount: ctx.taxonomy.taskTypes.length, modalityCount: ctx.taxonomy.modalities.length };
    const stored = newest([await ctx.store.getBlob(WEIGHTS_BLOB), checkpointed]);
    this.learner = stored ? await this.restore(ctx, stored) : null;
    this.learner ??= await DynamicsLearner.fromConfig(this.config, dims, this.promptBasis);
    if (!this.learner) return;
    this.trainer = new BackgroundTrainer(this.learner, {
      onStep: (result) => {
        this.cpuDebtMs += result.durationMs;
        if (this.divergence.observe(result)) this.diverged = true;
      },
      onError: (error) => ctx.logger.warn({ err: String(error) }, "dynamics training step failed"),
    });
    const learner = this.learner;
    this.gradients = new QGradientCache({
      // ∂V_MC/∂P: the Monte Carlo value over 10 rollouts through the transition head (SPEC §5)
      gradQBatch: (requests) => learner.gradValueBatch(requests).map((g) => this.project(g)),
    });
  }

  /** ∇Q per agent for the consensus step, when a learner runs. */
  gradientSource(): GradientSource | undefined {
    return this.gradients?.gradQ;
  }

  /** L_Q, the observed Lipschitz constant of the ∇Q map (0 before the first probe). */
  gradientLipschitz(): number {
    return this.lipschitz.value;
  }

  /** Records an applied outcome as a trajectory step and a projection sample. */
  observe(ctx: LearningPorts, outcome: PendingOutcome): void {
    const learner = this.learner;
    const agent = ctx.agents.all[outcome.agentIndex];
    if (!learner || !agent) return;
    this.signals++;
    const previous = this.lastContext.get(agent.index) ?? agent.learned.context;
    const step: TrajectoryStep = {
      prompt: agent.learned.prompt.slice(),
      state: {
        context: agent.learned.context.slice(),
        capability: agent.learned.capability.values.slice(),
        taskIndex: outcome.task,
        modalityIndex: outcome.modality,
      },
      action:
        outcome.handoffFrom !== undefined ? "handoff_receive" : outcome.outcome < 0.5 ? "clarify" : "answer",
      taskReward: outcome.outcome,
      coherenceReward: coherenceReward(previous, agent.learned.context),
    };
    this.lastContext.set(agent.index, step.state.context);
    const key = outcome.conversationId ?? agent.id;
    const steps = this.trajectories.get(key) ?? [];
    steps.push(step);
    this.trajectories.set(key, steps);
    if (steps.length >= MAX_TRAJECTORY) this.flush(key);
    const latest = agent.learned.contextWindow.latest();
    if (latest) learner.projection.observe(agent.learned.contextWindow.pooled, latest, outcome.outcome);
  }

  /** Hands a finished conversation's trajectory to the replay buffer. */
  conversationEnded(conversationId: string): void {
    this.flush(conversationId);
  }

  /**
   * The control-loop stage: after a diverging training step, `rollback` (restore the last
   * checkpoint, weights and optimiser included); then schedule training and refresh a batch of
   * gradients. With `learning.skipIdleTicks`, a batch whose inputs are those of its cached
   * gradients is not recomputed (an exact no-op), nor probed for L_Q (the probe would re-measure
   * the same map at the same point); and on the loop's timer, training is asked for only when
   * outcomes arrived since the last request (an idle service would otherwise refit the same
   * replay buffer forever). Ticks driven by hand keep their exact training cadence. On the
   * timer's ticks, `learning.maxCpuShare` bounds learning's CPU against the loop's wall time.
   */
  stage(ctx: LearningPorts, rollback: () => Promise<boolean> = async () => false): LoopStage {
    return {
      name: "learning",
      run: async (tick) => {
        if (!this.learner || !this.trainer || !this.gradients) return;
        if (this.diverged) {
          this.diverged = false;
          this.divergence.reset();
          const restored = await rollback();
          ctx.logger.warn({ restored }, "dynamics training diverged (loss spike or non-finite loss)");
          ctx.metrics.rollbacks.inc({ reason: "divergence" });
          ctx.events.emit({ type: "rollback", tick: tick.iteration, reason: "divergence" });
        }
        if (this.overBudget(tick)) return;
        if (tick.iteration % this.config.learning.trainEveryTicks === 0) this.requestTraining(tick);
        if (this.config.consensus.enabled && this.config.consensus.beta > 0)
          await this.refreshGradients(this.learner, this.gradients, ctx.agents.all, tick);
      },
    };
  }

  /**
   * `learning.maxCpuShare` on the timer's ticks: the learning CPU spent (refreshes and training
   * steps) is paid off at `maxCpuShare` ms per ms of wall time; while a debt remains the tick
   * does no learning work. Ticks asked for by hand reset the account and always run.
   */
  private overBudget(tick: TickContext): boolean {
    const now = performance.now();
    if (!tick.scheduled) {
      this.cpuDebtMs = 0;
      this.lastScheduledAt = null;
      return false;
    }
    const elapsed = this.lastScheduledAt === null ? 0 : now - this.lastScheduledAt;
    this.lastScheduledAt = now;
    this.cpuDebtMs = Math.max(0, this.cpuDebtMs - this.config.learning.maxCpuShare * elapsed);
    return this.cpuDebtMs > 0;
  }

  /** Asks for a training step; on the timer's ticks, only with new outcomes (`learning.skipIdleTicks`). */
  private requestTraining(tick: TickContext): void {
    const idle = this.signals === this.trainedAtSignals;
    if (tick.scheduled && idle && this.config.learning.skipIdleTicks) return;
    this.trainedAtSignals = this.signals;
    this.trainer?.request(1);
  }

  /**
   * Refreshes the next batch of ∇Q. On the timer's ticks the batch is computed agent by agent,
   * yielding to the event loop in between, so turns wait for one agent's rollouts (a few ms),
   * not the whole batch's (~45 ms for eight agents): what keeps a busy service's p99 latency
   * down. Ticks driven by hand compute the batch in one call, exactly as before.
   */
  private async refreshGradients(
    learner: DynamicsLearner,
    gradients: QGradientCache,
    agents: readonly AgentRuntime[],
    tick: TickContext,
  ): Promise<void> {
    const batch = this.nextGradientBatch(agents);
    const skip = this.config.learning.skipIdleTicks;
    let computed = false;
    for (const part of tick.scheduled ? batch.map((r) => [r]) : [batch]) {
      const revision = learner.revision;
      if (skip && this.computed.unchanged(part, revision)) continue;
      if (computed) await yieldToEventLoop();
      const partStarted = performance.now();
      const done = gradients.refresh(part, this.config.learning.gradientBudgetMs);
      if (done === part.length) this.computed.remember(part, revision);
      computed = true;
      this.cpuDebtMs += performance.now() - partStarted;
    }
    if (computed && batch[0]) {
      if (tick.scheduled) await yieldToEventLoop();
      const probeStarted = performance.now();
      this.probeLipschitz(learner, batch[0]);
      this.cpuDebtMs += performance.now() - probeStarted;
    }
  }

  /** Stops training, saves the weights with the optimiser state, frees the tensors. */
  async close(ctx?: LearningPorts): Promise<void> {
    await this.trainer?.stop();
    if (this.learner && ctx)
      await ctx.store.putBlob(WEIGHTS_BLOB, await this.learner.serializeWithOptimizer());
    this.learner?.dispose();
    this.learner = null;
  }

  /**
   * One secant probe of the β term's map at an agent's P_i, at fixed weights and state. Two
   * single-row calls draw the same Monte Carlo noise (seeded by the training step), so the
   * difference is the map's, not the sampling's.
   */
  private probeLipschitz(learner: DynamicsLearner, request: AgentGradientRequest): void {
    const map = (prompt: Float32Array) => this.project(learner.gradValueBatch([{ ...request, prompt }])[0]!);
    this.lipschitz.observe(request.prompt, map, this.config.consensus.maxStepRatio);
  }

  private zeroContextVector: Float32Array | null = null;

  private zeroContext(): Float32Array {
    this.zeroContextVector ??= new Float32Array(this.config.state.contextDim);
    return this.zeroContextVector;
  }

  private flush(key: string): void {
    const steps = this.trajectories.get(key);
    this.trajectories.delete(key);
    if (steps && steps.length > 0 && this.learner) {
      this.signals++;
      this.learner.recordTrajectory(steps);
    }
  }

  private nextGradientBatch(agents: readonly AgentRuntime[]): AgentGradientRequest[] {
    const batch: AgentGradientRequest[] = [];
    for (let k = 0; k < Math.min(this.config.learning.gradientBatch, agents.length); k++) {
      const agent = agents[(this.cursor + k) % agents.length]!;
      const cell = busiestCell(agent.learned.capability.evidenceValues);
      const modalities = agent.learned.capability.cols;
      batch.push({
        id: agent.id,
        prompt: agent.learned.prompt,
        state: {
          // an idle agent's C_i is 0: read without allocating it (lazy instantiation)
          context: agent.learned.contextIfAllocated ?? this.zeroContext(),
          capability: agent.learned.capability.values,
          taskIndex: Math.floor(cell / modalities),
          modalityIndex: cell % modalities,
        },
        action: "answer",
      });
    }
    this.cursor = (this.cursor + batch.length) % Math.max(1, agents.length);
    return batch;
  }

  private async restore(ctx: LearningPorts, bytes: Uint8Array): Promise<DynamicsLearner | null> {
    try {
      return await DynamicsLearner.deserialize(bytes, this.config.learning, this.promptBasis);
    } catch (error) {
      ctx.logger.error({ err: String(error) }, "stored dynamics weights rejected; starting a fresh network");
      return null;
    }
  }
}

/** The learner bytes that trained longest (the newest), skipping unreadable ones. */
function newest(candidates: readonly (Uint8Array | null)[]): Uint8Array | null {
  let best: Uint8Array | null = null;
  let bestSteps = -1;
  for (const bytes of candidates) {
    if (!bytes) continue;
    try {
      const steps = decodeLearnerBytes(bytes).steps;
      if (steps > bestSteps) {
        best = bytes;
        bestSteps = steps;
      }
    } catch {
      // corrupted copy: the other candidate (or a fresh network) is used
    }
  }
  return best;
}

function busiestCell(evidence: Float32Array): number {
  let best = 0;
  for (let i = 1; i < evidence.length; i++) if (evidence[i]! > evidence[best]!) best = i;
  return best;
}
