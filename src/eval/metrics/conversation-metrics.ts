/**
 * @module eval/metrics/conversation-metrics
 * SPEC §10 metrics of one conversation: context score, handoff success, end-to-end success and
 * failure category. Aggregation over many conversations lives in `aggregate.ts`.
 */
import type { ConversationRun, FailureMode, MetricThresholds } from "../types.js";
import { classifyFailingTurn } from "./failure-modes.js";
import { rougeLF } from "./rouge-l.js";
import { firstFailingTurn, isContextBreak, isHandoffSuccess } from "./turn-rules.js";

/** Metrics of one conversation. JSON-safe (null, never NaN). */
export interface ConversationMetrics {
  conversationId: string;
  method: string;
  /** number of turns. */
  turns: number;
  /** number of handoffs. */
  transitions: number;
  /** end-to-end response time, ms. */
  responseTimeMs: number;
  /** per-turn latencies, ms, in turn order. */
  turnLatenciesMs: number[];
  /**
   * context score: mean over handoffs of ROUGE-L F between the sending agent's last answer (the
   * previous turn's) and the receiving agent's first answer (this turn's). Null without handoffs.
   */
  contextScore: number | null;
  /** handoffs whose receiver kept continuity without clarification (see `isHandoffSuccess`). */
  handoffSuccesses: number;
  /** handoffSuccesses / transitions; null without handoffs. */
  handoffSuccessRate: number | null;
  /** turns whose answer broke context (cosine < `contextBreakCosine`). */
  contextBreaks: number;
  /** turns with an expected output, and how many of them the verifier accepted. */
  requiredTurns: number;
  correctRequiredTurns: number;
  /** end-to-end success: every required turn correct and no context break. */
  success: boolean;
  /** index of the first failing turn; null on success. */
  failingTurn: number | null;
  /** failure category (see `failure-modes.ts`); null on success. */
  failureMode: FailureMode | null;
}

/** Measures one conversation. Assumes a validated run (`validateConversationRun`). */
export function measureConversation(run: ConversationRun, thresholds: MetricThresholds): ConversationMetrics {
  const { turns } = run;
  let rougeSum = 0;
  let handoffs = 0;
  let handoffSuccesses = 0;
  let contextBreaks = 0;
  let requiredTurns = 0;
  let correctRequiredTurns = 0;
  for (let i = 0; i < turns.length; i++) {
    const turn = turns[i]!;
    if (turn.handoff && i > 0) {
      handoffs++;
      rougeSum += rougeLF(turns[i - 1]!.answer, turn.answer);
      if (isHandoffSuccess(turn, thresholds)) handoffSuccesses++;
    }
    if (isContextBreak(turn, thresholds)) contextBreaks++;
    if (turn.required) {
      requiredTurns++;
      if (turn.correct) correctRequiredTurns++;
    }
  }
  const failing = firstFailingTurn(turns, thresholds);
  return {
    conversationId: run.conversationId,
    method: run.method,
    turns: turns.length,
    transitions: handoffs,
    responseTimeMs: run.responseTimeMs,
    turnLatenciesMs: turns.map((t) => t.latencyMs),
    contextScore: handoffs > 0 ? rougeSum / handoffs : null,
    handoffSuccesses,
    handoffSuccessRate: handoffs > 0 ? handoffSuccesses / handoffs : null,
    contextBreaks,
    requiredTurns,
    correctRequiredTurns,
    success: failing < 0,
    failingTurn: failing < 0 ? null : failing,
    failureMode: failing < 0 ? null : classifyFailingTurn(turns[failing]!, thresholds),
  };
}
