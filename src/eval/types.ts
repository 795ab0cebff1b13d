/**
 * @module eval/types
 * Run records of the evaluation (SPEC §10): what the method runner produces for each
 * conversation it plays with each method, and what the metrics, statistics and report consume.
 * Records are plain JSON (no typed arrays, no NaN) so runs can be saved and re-analysed.
 */

/** A fault observed while serving a turn (after failover, if any). */
export type FaultKind = "timeout" | "error" | "overload";

/** How a method relates to the paper's comparison. */
export type MethodKind = "rapo" | "baseline" | "ablation" | "reference";

/** One turn of a conversation as played by one method. */
export interface TurnRun {
  /** 0-based position of the turn in the conversation; equals its array index. */
  index: number;
  /** the agent whose answer was kept for this turn (the replacement after a failover). */
  agentId: string;
  /** the answer text the user saw ("" when the turn produced none). */
  answer: string;
  /** latency of this turn, ms (simulated or wall clock, same clock as `responseTimeMs`). */
  latencyMs: number;
  /**
   * true when `agentId` differs from the previous turn's `agentId` (a transition, SPEC §3).
   * Always false for the first turn.
   */
  handoff: boolean;
  /**
   * true when the answer key holds an expected output for this turn, so the verifier's verdict
   * counts toward end-to-end success. Query and information-exchange turns with an expected
   * result are required; greetings, clarifications and conclusions usually carry none.
   */
  required: boolean;
  /** the verifier's verdict against the answer key (meaningful when `required`). */
  correct: boolean;
  /** the answer asks the user for clarification instead of completing the task. */
  clarification: boolean;
  /**
   * cosine between the embedding of this answer and the embedding of the context before it (the
   * previous turns plus this turn's user message; for the first turn, the opening message).
   * In [−1, 1]. Recorded for analysis: no metric thresholds it (handoff success is the verifier's
   * verdict; the paper-literal cosine calibrates its own threshold).
   */
  contextCosine: number;
  /** a fault on this turn: timeout, model error or overload (absent when none). */
  fault?: FaultKind;
  /** the turn's task type id from the answer key (e.g. `retrieval`, `grammar`). */
  taskType: string;
  /**
   * task type ids the answering agent specialises in (its profile). Empty for a generalist or
   * when unknown; the agent-selection failure rule then does not apply.
   */
  agentSpecialties: readonly string[];
  /**
   * the answer key marks this turn as a topic shift: a transition trigger fired (the task type
   * changes, or a complexity threshold calls for a specialist).
   */
  topicShift: boolean;
  /** the answer key marks the user's query as ambiguous (underspecified on purpose). */
  ambiguous: boolean;
  // ── World measurements (optional: absent in records of older runs; metrics then print "—") ──
  /** latencyMs ≤ the scenario's client deadline per turn; absent when the scenario has none. */
  deadlineMet?: boolean;
  /** calls of this turn that hit the attempt timeout (each triggered a failover). */
  timeouts?: number;
  /** calls of this turn answered 429 (rate limited, with Retry-After), each triggered a failover. */
  rateLimited?: number;
  /** tokens sent and received over every call of the turn (failed calls included). */
  inputTokens?: number;
  outputTokens?: number;
  /** money spent on the turn's calls by the agents' prices, USD. */
  costUsd?: number;
  /** tokens of context (history, facts, packet) in the prompt of the call whose answer was kept. */
  historyTokens?: number;
  /** the answer key needs at least one fact stated in an earlier turn. */
  needsEarlierFacts?: boolean;
  /** every needed fact was in the prompt of the call whose answer was kept. */
  factsReached?: boolean;
  /**
   * hidden skill (success probability, drift-aware, at that moment) of the agent whose answer was
   * kept, on the task type the world detects in the user message. Evaluation-side only.
   */
  agentSkill?: number;
  /** the best hidden skill of any agent on that task type at that moment. */
  bestSkill?: number;
  /** the verifier rejected the answer only for its format (the result is there, not where the format puts it). */
  formatError?: boolean;
  /** offered load when the turn arrived, as a ratio of the agents' total slots. */
  offeredLoad?: number;
  /** wall-clock time of the turn, ms (orchestration overhead included), when measured. */
  wallMs?: number;
}

/** One conversation as played by one method. */
export interface ConversationRun {
  /** the generated conversation's id; identical across methods. */
  conversationId: string;
  /** id of the method that played it (e.g. `rapo`, `baseline`, `rapo-no-consensus`). */
  method: string;
  /** number of handoffs, i.e. turns with `handoff: true`. */
  transitions: number;
  /** turns in order; at least one. */
  turns: TurnRun[];
  /** end-to-end response time from the first query to the final answer, ms (paper §5.2). */
  responseTimeMs: number;
}

/** All conversations played by one method, with what the report says about it. */
export interface MethodResult {
  /** stable id, e.g. `rapo`, `baseline`, `ampo`, `p4`, `clinical`, `rapo-no-consensus`. */
  method: string;
  /** display name, e.g. `AMPO-style [12]`. */
  label: string;
  kind: MethodKind;
  /**
   * the paper's row this method reproduces, when any (`ours` for rapo): used to put the paper's
   * numbers beside the measured ones.
   */
  paperRef?: PaperMethodKey;
  /** the method's core mechanism in one or two sentences (documented in the report). */
  description: string;
  /** its runs, in the dataset's order (sliding windows follow this order). */
  conversations: ConversationRun[];
}

/** The paper's methods in Tables 1 and 3: Baseline, [12] AMPO, [14] P4, [13] clinical, ours. */
export type PaperMethodKey = "baseline" | "ampo" | "p4" | "clinical" | "ours";

/**
 * Cause of a failed conversation, decided at its first failing turn (rules in
 * `metrics/failure-causes`): never by a cosine.
 */
export type FailureCause =
  | "fault"
  | "timeout"
  | "missing_fact"
  | "wrong_agent"
  | "format"
  | "clarification"
  | "model";

/** Count per failure cause. */
export type FailureCauseCounts = Record<FailureCause, number>;

/** Failure categories of a failed conversation (paper Figure 1); rules in `metrics/failure-modes`. */
export type FailureMode =
  | "context_loss"
  | "ambiguous_query"
  | "topic_shift"
  | "resources"
  | "agent_selection"
  | "other";

/** Count per failure mode. */
export type FailureModeCounts = Record<FailureMode, number>;
