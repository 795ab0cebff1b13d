/**
 * @module eval/metrics/aggregate
 * Method-level metrics over a set of measured conversations (a whole run, a window or a bucket).
 * Definitions (SPEC §10, paper §5.2):
 * - response time: mean and p95 of per-conversation end-to-end response times; p95 by linear
 *   interpolation between order statistics (type 7, as NumPy/R defaults).
 * - context score: mean of per-conversation context scores over conversations with ≥ 1 handoff
 *   (a conversation without handoffs has no transition to score).
 * - handoff success: successful handoffs / all handoffs, pooled over the conversations (each
 *   handoff is one binary trial, paper §4.3).
 * - success: share of conversations that succeed end-to-end.
 */
import { InputError } from "../../errors.js";
import { mean, quantileSorted } from "../stats/descriptive.js";
import type { FailureModeCounts } from "../types.js";
import type { ConversationMetrics } from "./conversation-metrics.js";
import { emptyFailureCounts } from "./failure-modes.js";

/** Aggregate metrics of one method (or one slice of its conversations). JSON-safe. */
export interface MethodMetrics {
  /** conversations aggregated. */
  conversations: number;
  /** mean end-to-end response time per conversation, ms. */
  responseTimeMeanMs: number;
  /** 95th percentile of end-to-end response time (type-7 interpolation), ms. */
  responseTimeP95Ms: number;
  /** mean per-turn latency over all turns, ms. */
  turnLatencyMeanMs: number;
  /** 95th percentile of per-turn latency, ms. */
  turnLatencyP95Ms: number;
  /** mean context score of conversations with handoffs; null when none had a handoff. */
  contextScore: number | null;
  /** pooled handoff success rate; null when there was no handoff. */
  handoffSuccess: number | null;
  /** end-to-end success rate. */
  success: number;
  /** mean handoffs per conversation. */
  transitionsMean: number;
  /** total handoffs. */
  handoffs: number;
  /** conversations with at least one handoff (the context score's sample size). */
  conversationsWithHandoffs: number;
  /** failed conversations, and their count per failure category. */
  failed: number;
  failureModes: FailureModeCounts;
}

/**
 * Aggregates measured conversations.
 * @throws InputError on an empty set (zero conversations cannot be scored).
 */
export function aggregateMetrics(convs: readonly ConversationMetrics[]): MethodMetrics {
  if (convs.length === 0)
    throw new InputError("no_conversations", "cannot aggregate metrics over zero conversations");
  const responseTimes = new Float64Array(convs.length);
  const contextScores: number[] = [];
  const latencies: number[] = [];
  const failureModes = emptyFailureCounts();
  let handoffs = 0;
  let handoffSuccesses = 0;
  let successes = 0;
  convs.forEach((c, i) => {
    responseTimes[i] = c.responseTimeMs;
    for (const l of c.turnLatenciesMs) latencies.push(l);
    if (c.contextScore !== null) contextScores.push(c.contextScore);
    handoffs += c.transitions;
    handoffSuccesses += c.handoffSuccesses;
    if (c.success) successes++;
    if (c.failureMode !== null) failureModes[c.failureMode]++;
  });
  const sortedLatencies = Float64Array.from(latencies).sort();
  return {
    conversations: convs.length,
    responseTimeMeanMs: mean(responseTimes),
    responseTimeP95Ms: quantileSorted(responseTimes.sort(), 0.95),
    turnLatencyMeanMs: mean(sortedLatencies),
    turnLatencyP95Ms: quantileSorted(sortedLatencies, 0.95),
    contextScore: contextScores.length > 0 ? mean(contextScores) : null,
    handoffSuccess: handoffs > 0 ? handoffSuccesses / handoffs : null,
    success: successes / convs.length,
    transitionsMean: handoffs / convs.length,
    handoffs,
    conversationsWithHandoffs: contextScores.length,
    failed: convs.length - successes,
    failureModes,
  };
}
