/**
 * @module domain/turn
 * A turn as the caller sees it: the result of `send` (agent, answer, handoff, task type,
 * complexity, usage, truncation) and what an outcome is.
 */

import type { HandoffPacket } from "./handoff-packet.js";

/** SPEC §6: complexity features that drive pool scheduling and specialist triggers. */
export interface Complexity {
  /** estimated parse-tree depth of the deepest sentence. */
  syntacticDepth: number;
  /** distinct entities mentioned. */
  entityCount: number;
  /** estimated length of the inference chain the turn asks for. */
  inferenceSteps: number;
}

/** A truncated answer's lengths, in UTF-16 code units (`String.length`). */
export interface Truncation {
  /** characters the model returned (for a stream cut off at the cap: received so far). */
  originalChars: number;
  keptChars: number;
}

/** What `send` returns. */
export interface TurnResult {
  turnId: string;
  conversationId: string;
  agentId: string;
  content: string;
  /** present when this turn was routed to a different agent than the previous one. */
  handoff?: HandoffPacket;
  /** agents that failed on this turn before `agentId` answered. */
  failedOver: string[];
  latencyMs: number;
  taskType: string;
  modality: string;
  complexity: Complexity;
  usage?: TurnUsage;
  /**
   * Issue 12: set when the model's answer was longer than `limits.maxAnswerChars` and `content`
   * holds its first `keptChars` characters (the stored turn's `error` notes it too).
   */
  truncated?: Truncation;
}

/** Tokens and estimated cost of a turn. */
export interface TurnUsage {
  inputTokens: number;
  outputTokens: number;
  /** true when the provider reported no usage and counts are estimates. */
  estimated: boolean;
  /** estimated cost in USD; undefined when the agent has no pricing. */
  costUsd: number | undefined;
  /** tokens of the handoff packet given to the agent, when there was one. */
  handoffTokens?: number;
}

/** An outcome for a turn: 1 = success, 0 = failure, anything in between. */
export type Outcome = number;
