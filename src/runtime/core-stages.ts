/**
 * @module runtime/core-stages
 * The control loop's built-in stages (SPEC §6): apply pending outcomes to the capability
 * matrices, fold new turn embeddings into the context vectors C_i, refresh the routing table
 * (load factors), persist changed agent states (and let the store fold its journal), and export
 * gauges.
 */

import type { ContextualModel, TurnSignal } from "../routing/contextual-model.js";
import { type ContextProjection, computeContext } from "../state/context-vector.js";
import type { AgentStateRecord } from "../store/contract.js";
import type { AgentRuntime } from "./agent-runtime.js";
import type { LoopStage } from "./control-loop.js";
import type { PendingOutcome } from "./outcomes.js";
import type { RuntimeContext } from "./runtime-context.js";

/** What the outcomes stage reads and writes: the loop's outcome queue, the agents' M_i, telemetry. */
export type OutcomesStagePorts = Pick<
  RuntimeContext,
  "agents" | "config" | "metrics" | "outcomes" | "taxonomy"
>;

/** What the context stage reads and writes: the loop's pending turn embeddings and the agents' C_i. */
export type ContextStagePorts = Pick<RuntimeContext, "agents" | "pendingContext">;

/** What the routing-table stage reads and writes: the agents' load, gauges. */
export type RoutingTableStagePorts = Pick<RuntimeContext, "agents" | "config" | "metrics">;

/** What persisting agent states reads and writes: the agents, the store. */
export type PersistPorts = Pick<RuntimeContext, "agents" | "config" | "store" | "taxonomy">;

/** What restoring agent states reads and writes: the store, the agents, the config. */
export type RestorePorts = Pick<RuntimeContext, "agents" | "config" | "logger" | "store" | "taxonomy">;

/**
 * Moves the signals emitted so far into the loop's queues (embedded: from the in-memory twin);
 * absent when something else fills them (distributed: the leader's intake stage).
 */
export type SignalIntake = () => void;

/** Observer of applied outcomes (consensus uses handoff outcomes for E_ij). */
export type OutcomeObserver = (outcome: PendingOutcome) => void;

/**
 * SPEC §3: M ← (1−η)M + η·o·eᵀ for every queued outcome (M_i, the interpretable summary), and
 * explicit outcomes (feedback, verifier) into the contextual routing model (issue 11) on the turn's
 * features (a one-hot turn on the stored task and modality when the features are gone).
 */
export function outcomesStage(
  ctx: OutcomesStagePorts,
  observers: OutcomeObserver[],
  intake?: SignalIntake,
): LoopStage {
  const model = ctx.agents.table.contextual;
  return {
    name: "outcomes",
    run: () => {
      intake?.();
      const changed = new Set<AgentRuntime>();
      for (const outcome of ctx.outcomes.drain()) {
        const agent = ctx.agents.all[outcome.agentIndex];
        if (!agent) continue;
        if (ctx.config.routing.learnCapabilities) {
          agent.learned.capability.update(outcome.task, outcome.modality, outcome.outcome);
          agent.learned.recordTrial(outcome.task, outcome.modality);
          agent.learned.dirty = true;
          changed.add(agent);
          // implicit signals (a clarification request, a model error) are weak or health signals:
          // they move M_i only; the routing model learns from feedback and verifier scores
          if (model !== null && outcome.source !== "implicit") applyContextual(ctx, model, outcome);
        }
        ctx.metrics.feedback.inc({ source: outcome.source });
        for (const observe of observers) observe(outcome);
      }
      // refresh the routing table once per changed agent
      for (const agent of changed) agent.learned.publishCapability();
    },
  };
}

/** One outcome into the contextual model, on the turn's features (one-hot when unknown). */
function applyContextual(
  ctx: Pick<RuntimeContext, "taxonomy">,
  model: ContextualModel,
  outcome: PendingOutcome,
): void {
  const signal = outcome.signal ?? oneHotSignal(ctx, outcome.task, outcome.modality);
  model.update(outcome.agentIndex, signal, outcome.outcome);
}

function oneHotSignal(ctx: Pick<RuntimeContext, "taxonomy">, task: number, modality: number): TurnSignal {
  const taskScores = new Float32Array(ctx.taxonomy.taskTypes.length);
  const modalityScores = new Float32Array(ctx.taxonomy.modalities.length);
  taskScores[task] = 1;
  modalityScores[modality] = 1;
  return { taskScores, modalityScores, confidence: 1 };
}

/**
 * SPEC §2: C_i = attention over the last k turn embeddings, projected to contextDim; each new C_i
 * is handed to the contextual routing model, which reads it as a feature (issue 17).
 */
export function contextStage(
  ctx: ContextStagePorts,
  projection: () => ContextProjection,
  intake?: SignalIntake,
): LoopStage {
  return {
    name: "context",
    run: () => {
      intake?.();
      const pending = ctx.pendingContext.splice(0);
      for (const { agentIndex, embedding } of pending) {
        const agent = ctx.agents.all[agentIndex];
        if (!agent) continue;
        agent.learned.contextWindow.push(embedding);
        agent.learned.contextDirty = true;
      }
      const p = projection();
      for (const agent of ctx.agents.all) {
        if (!agent.learned.contextDirty) continue;
        computeContext(agent.learned.contextWindow, p, agent.learned.context);
        publishContext(ctx, agent);
        agent.learned.contextDirty = false;
        agent.learned.dirty = true;
      }
    },
  };
}

/** Hands an agent's C_i to the routing model's C_i feature (a no-op with the feature off). */
function publishContext(ctx: Pick<RuntimeContext, "agents">, agent: AgentRuntime): void {
  ctx.agents.table.contextual?.affinity?.setContext(agent.index, agent.learned.context);
}

/** Folds the facts of recent answers into their conversations' ledgers (off the request path). */
export function factsStage(ctx: Pick<RuntimeContext, "conversations">): LoopStage {
  return {
    name: "facts",
    run: () => ctx.conversations.settleFacts(),
  };
}

/** Refreshes load factors (expiring idle conversations) and exports per-agent gauges. */
export function routingTableStage(ctx: RoutingTableStagePorts): LoopStage {
  return {
    name: "routing-table",
    run: (tick) => {
      // per-agent gauges at 10,000 agents would dominate the tick: export them once a second
      const { gaugeEveryTicks, gaugeMaxAgents } = ctx.config.loop;
      const exportGauges =
        (tick.iteration - 1) % gaugeEveryTicks === 0 && ctx.agents.all.length <= gaugeMaxAgents;
      for (const agent of ctx.agents.all) {
        agent.load.expire(tick.now);
        if (exportGauges) exportAgentGauges(ctx, agent);
      }
    },
  };
}

function exportAgentGauges(ctx: Pick<RuntimeContext, "metrics">, agent: AgentRuntime): void {
  const sample = agent.load.sample();
  ctx.metrics.agentLoad.set({ agent: agent.id }, agent.load.value());
  ctx.metrics.agentQueue.set({ agent: agent.id }, sample.queued);
  ctx.metrics.agentInflight.set({ agent: agent.id }, agent.load.inflight);
}

/**
 * Lets a circuit-open agent back into routing once its cool-down has elapsed (the breaker turns
 * half-open and the next turn routed to it is the probe).
 */
export function breakerProbeStage(ctx: Pick<RuntimeContext, "agents" | "breaker">): LoopStage {
  return {
    name: "breaker-probe",
    run: () => {
      if (ctx.breaker.trippedCount === 0) return;
      for (const agent of ctx.agents.all) {
        if (!agent.load.available() && agent.load.inflight === 0 && ctx.breaker.canRoute(agent.id))
          agent.load.setAvailable(true);
      }
    },
  };
}

/**
 * Lets the store do its deferred work every tick (the SQLite store folds its turn journal into
 * its tables), and persists changed agent states every `loop.persistEveryTicks` ticks.
 */
export function persistStage(ctx: PersistPorts): LoopStage {
  return {
    name: "persist",
    run: async (tick) => {
      await ctx.store.maintain?.();
      if (tick.iteration % ctx.config.loop.persistEveryTicks !== 0) return;
      await persistAgents(ctx, ctx.config.loop.persistBatch);
    },
  };
}

/** Writes the state of dirty agents (at most `limit`, oldest index first after the last batch) in one store call. */
export async function persistAgents(ctx: PersistPorts, limit = Number.POSITIVE_INFINITY): Promise<void> {
  const model = ctx.agents.table.contextual;
  if (model !== null && model.changed > 0) {
    model.changed = 0;
    await ctx.store.putBlob(CONTEXTUAL_LAYOUT_BLOB, contextualLayout(ctx));
    await ctx.store.putBlob(CONTEXTUAL_BLOB, model.serialize());
  }
  const dirty = pickDirty(ctx, limit);
  if (dirty.length === 0) return;
  const now = Date.now();
  const records: AgentStateRecord[] = dirty.map((a) => ({
    agentId: a.id,
    prompt: a.learned.prompt.slice(),
    // an agent never routed has no C_i yet: stored empty, restored as "none" (lazy instantiation)
    context: a.learned.contextIfAllocated?.slice() ?? new Float32Array(0),
    capability: a.learned.capability.values.slice(),
    evidence: a.learned.capability.evidenceValues.slice(),
    turns: a.learned.turns,
    updatedAt: now,
  }));
  for (const a of dirty) a.learned.dirty = false;
  await ctx.store.putAgentStates(records);
}

/** Where each orchestrator's last bounded persist batch stopped. */
const persistCursors = new WeakMap<object, number>();

/** Dirty agents, at most `limit`, continuing round-robin from where the last batch stopped. */
function pickDirty(ctx: Pick<RuntimeContext, "agents">, limit: number): AgentRuntime[] {
  const agents = ctx.agents.all;
  const cursor = persistCursors.get(ctx) ?? 0;
  const picked: AgentRuntime[] = [];
  for (let k = 0; k < agents.length && picked.length < limit; k++) {
    const agent = agents[(cursor + k) % agents.length]!;
    if (agent.learned.dirty) picked.push(agent);
  }
  const last = picked.at(-1);
  if (last && picked.length >= limit) persistCursors.set(ctx, (last.index + 1) % agents.length);
  return picked;
}

/** Store blob holding the contextual routing model's posterior. */
export const CONTEXTUAL_BLOB = "routing/contextual";
/** Store blob naming the posterior's rows and columns: agent ids and task type ids, in order. */
export const CONTEXTUAL_LAYOUT_BLOB = "routing/contextual-layout";

/** The posterior's layout: which agent each row is, which task type each column (JSON). */
function contextualLayout(ctx: Pick<RuntimeContext, "agents" | "taxonomy">): Uint8Array {
  const layout = {
    agents: ctx.agents.all.map((a) => a.id),
    taskTypes: ctx.taxonomy.taskTypes.map((t) => t.id),
  };
  return new TextEncoder().encode(JSON.stringify(layout));
}

/** Whether a stored layout names the same agents and task types in the same order (true when none was stored). */
function sameLayout(ctx: Pick<RuntimeContext, "agents" | "taxonomy">, stored: Uint8Array | null): boolean {
  if (stored === null) return true; // written before the layout was stored: shape check only
  const current = contextualLayout(ctx);
  return stored.length === current.length && stored.every((b, i) => b === current[i]);
}

/**
 * Restores stored agent states into the live agents (those whose ids still exist), and the
 * contextual model's posterior when the agents and taxonomy are the same shape.
 */
export async function restoreAgents(ctx: RestorePorts): Promise<number> {
  const model = ctx.agents.table.contextual;
  const blob = model === null ? null : await ctx.store.getBlob(CONTEXTUAL_BLOB);
  if (model !== null && blob) {
    // rows are agents by position: a posterior saved for other agents (or another order) is not theirs
    const layout = await ctx.store.getBlob(CONTEXTUAL_LAYOUT_BLOB);
    if (!sameLayout(ctx, layout ?? null) || !model.restore(blob))
      ctx.logger.warn(
        "stored contextual routing model does not fit the agents or taxonomy; starting from priors",
      );
  }
  let restored = 0;
  for (const record of await ctx.store.listAgentStates()) {
    const agent = ctx.agents.find(record.agentId);
    if (!agent || record.capability.length !== agent.learned.capability.values.length) continue;
    if (record.prompt.length === agent.learned.prompt.length) agent.learned.prompt.set(record.prompt);
    if (record.context.length === ctx.config.state.contextDim) {
      agent.learned.context.set(record.context);
      publishContext(ctx, agent);
    }
    agent.learned.capability.values.set(record.capability);
    agent.learned.capability.evidenceValues.set(record.evidence);
    agent.learned.turns = record.turns;
    agent.learned.publishCapability();
    agent.learned.restoreTrials();
    agent.learned.markStable();
    restored++;
  }
  return restored;
}
