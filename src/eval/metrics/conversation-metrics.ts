/**
 * @module eval/metrics/conversation-metrics
 * The metrics of one conversation (issue 9). Primary: end-to-end success (every required turn
 * verified correct — no lexical or cosine break rule), success within the deadline, handoff
 * success (verified), fact preservation, cost, reference ROUGE-L, failure cause. Paper-literal:
 * the context score (ROUGE-L between the sender's last and the receiver's first answer) and, once
 * `literal.ts` has run, the cosine handoff success with a real embedding. Aggregation over many
 * conversations lives in `aggregate.ts`.
 */
import type { ConversationRun, FailureCause, FailureMode } from "../types.js";
import { classifyCause } from "./failure-causes.js";
import { classifyFailure } from "./failure-modes.js";
import type { ReferenceTurn } from "./reference-answers.js";
import { rougeLF } from "./rouge-l.js";
import { factsPreserved, firstFailingInTime, isFailingTurn, isHandoffSuccess, isLate } from "./turn-rules.js";

/** Metrics of one conversation. JSON-safe (null, never NaN). */
export interface ConversationMetrics {
  conversationId: string;
  method: string;
  /** number of turns. */
  turns: number;
  /** number of handoffs. */
  transitions: number;
  /** end-to-end response time (sum of turn latencies), ms. */
  responseTimeMs: number;
  /** per-turn latencies, ms, in turn order. */
  turnLatenciesMs: number[];
  /** turns with an expected output, and how many of them the verifier accepted. */
  requiredTurns: number;
  correctRequiredTurns: number;
  /** end-to-end success: every required turn verified correct. */
  success: boolean;
  /** success and no turn past the client deadline (= success when no deadline was recorded). */
  successInDeadline: boolean;
  /** some turn of the run recorded whether it met a deadline. */
  deadlineRecorded: boolean;
  /** turns past the client deadline. */
  lateTurns: number;
  /** handoffs whose receiver's first answer succeeded (see `isHandoffSuccess`). */
  handoffSuccesses: number;
  /** handoffSuccesses / transitions; null without handoffs. */
  handoffSuccessRate: number | null;
  /** handoff turns needing earlier facts (with the reach recorded), and those where all reached the receiver. */
  factHandoffs: number;
  factHandoffsPreserved: number;
  /** factHandoffsPreserved / factHandoffs; null when no handoff needed an earlier fact. */
  factPreservation: number | null;
  /** money spent on the conversation, USD; null when the run recorded no cost. */
  costUsd: number | null;
  /** mean over handoff turns of ROUGE-L F of the receiver's answer vs the full-context oracle's; null without references or handoffs. */
  referenceRouge: number | null;
  /**
   * paper-literal context score: mean over handoffs of ROUGE-L F between the sending agent's last
   * answer and the receiving agent's first answer. Null without handoffs.
   */
  contextScore: number | null;
  /** paper-literal cosine handoff success rate (set by `literal.ts`; null until then or without handoffs). */
  literalHandoffSuccessRate: number | null;
  /** mean offered load over the turns that recorded one; null when none did. */
  offeredLoad: number | null;
  /** index of the first turn that failed the user (wrong, or late); null on success within the deadline. */
  failingTurn: number | null;
  /** its cause (`failure-causes.ts`) and the paper's Figure 1 category; null on success within the deadline. */
  failureCause: FailureCause | null;
  failureMode: FailureMode | null;
}

/**
 * Measures one conversation. Assumes a validated run (`validateConversationRun`). `references`
 * are the full-context oracle's answers to the same turns (`reference-answers.ts`), when known.
 */
export function measureConversation(
  run: ConversationRun,
  references?: readonly ReferenceTurn[],
): ConversationMetrics {
  const { turns } = run;
  let rougeSum = 0;
  let handoffs = 0;
  let handoffSuccesses = 0;
  let referenceSum = 0;
  let referenced = 0;
  let factHandoffs = 0;
  let factHandoffsPreserved = 0;
  let requiredTurns = 0;
  let correctRequiredTurns = 0;
  let failing = false;
  let lateTurns = 0;
  let deadlineRecorded = false;
  let cost = 0;
  let costRecorded = false;
  let loadSum = 0;
  let loads = 0;
  for (let i = 0; i < turns.length; i++) {
    const turn = turns[i]!;
    if (turn.handoff && i > 0) {
      handoffs++;
      rougeSum += rougeLF(turns[i - 1]!.answer, turn.answer);
      if (isHandoffSuccess(turn)) handoffSuccesses++;
      const reference = references?.[i]?.answer;
      if (reference !== undefined) {
        referenceSum += rougeLF(turn.answer, reference);
        referenced++;
      }
      const preserved = factsPreserved(turn);
      if (preserved !== null) {
        factHandoffs++;
        if (preserved) factHandoffsPreserved++;
      }
    }
    if (turn.required) {
      requiredTurns++;
      if (turn.correct) correctRequiredTurns++;
    }
    if (isFailingTurn(turn)) failing = true;
    if (turn.deadlineMet !== undefined) deadlineRecorded = true;
    if (isLate(turn)) lateTurns++;
    if (turn.costUsd !== undefined) {
      cost += turn.costUsd;
      costRecorded = true;
    }
    if (turn.offeredLoad !== undefined) {
      loadSum += turn.offeredLoad;
      loads++;
    }
  }
  const firstFailing = firstFailingInTime(turns);
  return {
    conversationId: run.conversationId,
    method: run.method,
    turns: turns.length,
    transitions: handoffs,
    responseTimeMs: run.responseTimeMs,
    turnLatenciesMs: turns.map((t) => t.latencyMs),
    requiredTurns,
    correctRequiredTurns,
    success: !failing,
    successInDeadline: firstFailing < 0,
    deadlineRecorded,
    lateTurns,
    handoffSuccesses,
    handoffSuccessRate: handoffs > 0 ? handoffSuccesses / handoffs : null,
    factHandoffs,
    factHandoffsPreserved,
    factPreservation: factHandoffs > 0 ? factHandoffsPreserved / factHandoffs : null,
    costUsd: costRecorded ? cost : null,
    referenceRouge: referenced > 0 ? referenceSum / referenced : null,
    contextScore: handoffs > 0 ? rougeSum / handoffs : null,
    literalHandoffSuccessRate: null,
    offeredLoad: loads > 0 ? loadSum / loads : null,
    failingTurn: firstFailing < 0 ? null : firstFailing,
    failureCause: classifyCause(turns),
    failureMode: classifyFailure(turns),
  };
}
