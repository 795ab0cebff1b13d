/**
 * @module runtime/learning-signals
 * The one conversion between the turn path and the control loop (issue 15): the turn path emits
 * outcomes and context updates as {@link Signal}s keyed by agent **id** into a
 * {@link SyncSignalSink}; the loop takes them from the matching source (the in-memory twin when
 * embedded, the Redis stream on the leader when distributed) and turns them back into its own
 * queues by agent index. Embedded and distributed mode share both directions.
 */
import type { Signal, SignalFeatures, SyncSignalSink } from "../ports/signal-sink.js";
import type { TurnSignal } from "../routing/contextual-model.js";
import type { Taxonomy } from "../state/taxonomy.js";
import type { AgentRuntime } from "./agent-runtime.js";
import type { OutcomeQueue, OutcomeSource, PendingOutcome } from "./outcomes.js";
import type { PendingContext, RuntimeContext } from "./runtime-context.js";

/** What emitting a signal reads: the agents (index → id), the taxonomy (index → id), the sink. */
export interface EmitPorts extends Pick<RuntimeContext, "agents" | "taxonomy"> {
  signals: SyncSignalSink;
}

/** An outcome as the turn path knows it: by agent, task and modality index. */
export interface OutcomeFacts {
  agent: AgentRuntime;
  turnId: string;
  task: number;
  modality: number;
  outcome: number;
  source: OutcomeSource;
  /** the agent the conversation was handed over from, when the turn was a handoff. */
  handoffFrom?: number | undefined;
  conversationId?: string | undefined;
  /** the classifier's view of the turn; absent → the loop uses a one-hot turn. */
  signal?: TurnSignal | undefined;
}

/** Emits an outcome for the control loop (synchronous: the turn path never waits on it). */
export function emitOutcome(ctx: EmitPorts, facts: OutcomeFacts): void {
  const signal: Signal = {
    kind: "outcome",
    agentId: facts.agent.id,
    turnId: facts.turnId,
    taskType: ctx.taxonomy.taskTypes[facts.task]!.id,
    modality: ctx.taxonomy.modalities[facts.modality]!.id,
    outcome: facts.outcome,
    at: Date.now(),
    source: facts.source,
  };
  if (facts.handoffFrom !== undefined) signal.fromAgentId = ctx.agents.all[facts.handoffFrom]!.id;
  if (facts.conversationId !== undefined) signal.conversationId = facts.conversationId;
  if (facts.signal !== undefined) signal.features = signalFeatures(facts.signal);
  ctx.signals.emitNow(signal);
}

/** Emits a turn's embedding for `agent`'s context window C_i. The sink owns `vector` afterwards. */
export function emitContext(
  ctx: EmitPorts,
  agent: AgentRuntime,
  conversationId: string,
  vector: Float32Array,
): void {
  ctx.signals.emitNow({ kind: "context", agentId: agent.id, conversationId, vector, at: Date.now() });
}

function signalFeatures(turn: TurnSignal): SignalFeatures {
  const features: SignalFeatures = {
    taskScores: Array.from(turn.taskScores),
    modalityScores: Array.from(turn.modalityScores),
    confidence: turn.confidence,
  };
  // NaN (routing did not read C_i) is left out: it does not survive JSON, and absent means the same
  const x = turn.contextSimilarity;
  if (x !== undefined && !Number.isNaN(x)) features.contextSimilarity = x;
  return features;
}

/** The control loop's queues that signals are taken into (read by the outcomes and context stages). */
export interface LearningQueues {
  outcomes: OutcomeQueue;
  pendingContext: PendingContext[];
}

/** What taking signals in reads and writes: the agents (id → index), the taxonomy, the loop's queues. */
export type IntakePorts = Pick<RuntimeContext, "agents" | "taxonomy"> & LearningQueues;

/**
 * Puts one signal into the loop's queues by agent index. Signals of unknown agents, task types or
 * modalities are skipped (another process's configuration); handoff observations are not used by
 * the loop (consensus learns E_ij from outcomes that carry `fromAgentId`).
 */
export function takeSignal(ctx: IntakePorts, signal: Signal): void {
  const agent = ctx.agents.find(signal.agentId);
  if (agent === undefined) return;
  if (signal.kind === "context") {
    ctx.pendingContext.push({ agentIndex: agent.index, embedding: signal.vector });
    return;
  }
  if (signal.kind !== "outcome") return;
  const { tasks, modalities } = indexesOf(ctx.taxonomy);
  const task = tasks.get(signal.taskType);
  const modality = modalities.get(signal.modality);
  if (task === undefined || modality === undefined) return;
  // built whole, with the same fields as the turn path always built (observers read them)
  const outcome: PendingOutcome = {
    agentIndex: agent.index,
    task,
    modality,
    handoffFrom: signal.fromAgentId === undefined ? undefined : ctx.agents.find(signal.fromAgentId)?.index,
    outcome: signal.outcome,
    source: signal.source ?? "feedback",
    signal: signal.features === undefined ? undefined : turnSignal(signal.features),
  };
  if (signal.conversationId !== undefined) outcome.conversationId = signal.conversationId;
  ctx.outcomes.push(outcome);
}

/** Task type and modality id → index, built once per taxonomy. */
const taxonomyIndexes = new WeakMap<
  Taxonomy,
  { tasks: Map<string, number>; modalities: Map<string, number> }
>();

function indexesOf(taxonomy: Taxonomy): { tasks: Map<string, number>; modalities: Map<string, number> } {
  let indexes = taxonomyIndexes.get(taxonomy);
  if (indexes === undefined) {
    indexes = {
      tasks: new Map(taxonomy.taskTypes.map((t, i) => [t.id, i])),
      modalities: new Map(taxonomy.modalities.map((m, i) => [m.id, i])),
    };
    taxonomyIndexes.set(taxonomy, indexes);
  }
  return indexes;
}

/** Embedded: every signal the turn path emitted so far, from the in-memory twin into the loop's queues. */
export function takeLocalSignals(ctx: IntakePorts & Pick<RuntimeContext, "signals">): void {
  for (const signal of ctx.signals.takeNow()) takeSignal(ctx, signal);
}

function turnSignal(features: SignalFeatures): TurnSignal {
  return {
    taskScores: features.taskScores,
    modalityScores: features.modalityScores,
    confidence: features.confidence,
    contextSimilarity: features.contextSimilarity,
  };
}
