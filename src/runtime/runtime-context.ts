/**
 * @module runtime/runtime-context
 * The components a turn and the control loop work with, wired once by the orchestrator.
 */
import type { RapoConfig } from "../config/schema.js";
import type { UsageLedger } from "../models/accounting/usage-ledger.js";
import type { CircuitBreaker } from "../models/resilience/circuit-breaker.js";
import type { MemorySignalBus } from "../ports/memory-signal-sink.js";
import type { TurnSignal } from "../routing/contextual-model.js";
import type { PoolScheduler } from "../routing/pools.js";
import type { RoutingPolicy } from "../routing/router.js";
import type { Taxonomy } from "../state/taxonomy.js";
import type { Embedder, TurnClassifier, TurnFeatures } from "../state/types.js";
import type { StateStore, TurnRecord } from "../store/contract.js";
import type { Logger } from "../telemetry/logger.js";
import type { RapoMetrics } from "../telemetry/metrics.js";
import type { BoundedMap } from "../util/bounded-map.js";
import type { AgentRegistry } from "./agent-registry.js";
import type { ConversationCache } from "./conversation-state.js";
import type { EventHub } from "./events.js";
import type { OutcomeQueue } from "./outcomes.js";
import type { PromptRenderer } from "./prompt-builder.js";

/** A turn as seen by a verifier. */
export interface VerifiableTurn {
  turnId: string;
  conversationId: string;
  agentId: string;
  userContent: string;
  answer: string;
  taskType: string;
}

/** Scores a finished turn in [0, 1], or null when it cannot tell. Must not throw into the turn. */
export type Verifier = (turn: VerifiableTurn) => number | null | Promise<number | null>;

/** A turn's embedding waiting to enter an agent's context window (applied by the loop). */
export interface PendingContext {
  agentIndex: number;
  embedding: Float32Array;
}

/** Shared runtime components. */
export interface RuntimeContext {
  config: RapoConfig;
  taxonomy: Taxonomy;
  classifier: TurnClassifier;
  embedder: Embedder;
  store: StateStore;
  agents: AgentRegistry;
  conversations: ConversationCache;
  events: EventHub;
  metrics: RapoMetrics;
  logger: Logger;
  prompts: PromptRenderer;
  routing: RoutingPolicy;
  scheduler: PoolScheduler;
  /**
   * where the turn path emits its learning signals (outcomes, context updates), keyed by agent id;
   * the in-memory twin of the signal stream. Embedded, the control loop takes them from it; in
   * distributed mode a stage forwards them to the Redis stream the leader reads.
   */
  signals: MemorySignalBus;
  /** the control loop's outcome queue, filled from the signal source only (SPEC §3). */
  outcomes: OutcomeQueue;
  /** the control loop's pending C_i updates, filled from the signal source only (SPEC §2). */
  pendingContext: PendingContext[];
  verifier: Verifier | undefined;
  /** per-agent circuit breakers (SPEC §7 / issue 5): a failing agent stops getting traffic. */
  breaker: CircuitBreaker;
  /** tokens and cost per turn, agent and conversation. */
  usage: UsageLedger;
  /** turn id → what learning needs to apply feedback later (bounded). */
  recentTurns: BoundedMap<string, TurnMemo>;
  /**
   * the orchestrator's clock in ms (`OrchestratorOptions.clock`, Date.now by default): idle
   * windows, measured latency, deadlines and back-offs all read it, the control loop included.
   */
  clock: () => number;
}

/** The components that need no store: built before it opens, the context once it is open. */
export type RuntimeParts = Omit<RuntimeContext, "store" | "conversations">;

/** What the runtime remembers of a recent turn for feedback. */
export interface TurnMemo {
  conversationId: string;
  agentIndex: number;
  task: number;
  modality: number;
  handoffFrom: number | undefined;
  /** the classifier's view of the turn (references to its score arrays), for the contextual model. */
  signal: TurnSignal;
}

/** State of a turn while it is being served. */
export interface TurnInFlight {
  record: TurnRecord;
  features: TurnFeatures;
  embedding: Float32Array;
  /** capability cell: taskIndex·modalities + modalityIndex. */
  cell: number;
  /** performance.now() when the turn was accepted. */
  started: number;
  /** `clock()` when the turn was accepted (its deadline runs from here). */
  acceptedAt: number;
  /** the turn's deadline in ms (routing: `send({ deadlineMs })`, `routing.deadlineMs` or the model timeout). */
  deadlineMs: number;
  /**
   * the routed agent and the turn's similarity to its C_i as routing saw it (issue 17), for the
   * outcome's signal; NaN when routing did not read C_i.
   */
  routedAgent: number;
  routedContext: number;
  /**
   * the store's acceptance of the turn, not awaited before the model call: stores may
   * group-commit it with the completion (see SqliteStore). Awaited after `completeTurn`.
   */
  accepted: Promise<void>;
}
