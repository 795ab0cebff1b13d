/**
 * @module eval/metrics/aggregate
 * Method-level metrics over a set of measured conversations (a whole run, a window or a bucket).
 * Every number states what it averages over (issue 9), and the statistics use the same unit:
 * - success, success within the deadline: share of conversations.
 * - handoff success, fact preservation, reference ROUGE-L, context score, literal cosine handoff
 *   success: mean of the per-conversation values over the conversations that have one (≥ 1
 *   handoff; ≥ 1 handoff needing an earlier fact for fact preservation) — never pooled over turns.
 * - response time: mean and p95 of per-conversation end-to-end response times; turn latency:
 *   mean and p95 pooled over all turns (labelled so). p95 by type-7 interpolation.
 * - cost per success: total cost of all conversations / conversations that succeeded within the
 *   deadline (the money spent on failures is part of the price of a success).
 */
import { InputError } from "../../errors.js";
import { mean, quantileSorted } from "../stats/descriptive.js";
import type { FailureCauseCounts, FailureModeCounts } from "../types.js";
import type { ConversationMetrics } from "./conversation-metrics.js";
import { emptyCauseCounts } from "./failure-causes.js";
import { emptyFailureCounts } from "./failure-modes.js";

/** Per-conversation quantities, each averaged over the conversations that have it. */
export type ConversationMetric =
  | "success"
  | "successInDeadline"
  | "handoffSuccess"
  | "factPreservation"
  | "referenceRouge"
  | "contextScore"
  | "literalHandoffSuccess"
  | "responseTimeMs"
  | "costUsd";

/** The per-conversation value of `metric`, or null when the conversation has none. */
export function conversationValue(c: ConversationMetrics, metric: ConversationMetric): number | null {
  switch (metric) {
    case "success":
      return c.success ? 1 : 0;
    case "successInDeadline":
      return c.successInDeadline ? 1 : 0;
    case "handoffSuccess":
      return c.handoffSuccessRate;
    case "factPreservation":
      return c.factPreservation;
    case "referenceRouge":
      return c.referenceRouge;
    case "contextScore":
      return c.contextScore;
    case "literalHandoffSuccess":
      return c.literalHandoffSuccessRate;
    case "responseTimeMs":
      return c.responseTimeMs;
    case "costUsd":
      return c.costUsd;
  }
}

/** The per-conversation sample of `metric` (conversations without a value are left out). */
export function conversationSample(
  convs: readonly ConversationMetrics[],
  metric: ConversationMetric,
): number[] {
  const out: number[] = [];
  for (const c of convs) {
    const v = conversationValue(c, metric);
    if (v !== null) out.push(v);
  }
  return out;
}

/** Aggregate metrics of one method (or one slice of its conversations). JSON-safe. */
export interface MethodMetrics {
  /** conversations aggregated. */
  conversations: number;
  /** end-to-end success rate (share of conversations). */
  success: number;
  /** success within the deadline (share of conversations; = success without deadlines). */
  successInDeadline: number;
  /** the runs recorded deadlines (else successInDeadline only repeats success). */
  deadlineRecorded: boolean;
  /** mean / p95 end-to-end response time per conversation, ms. */
  responseTimeMeanMs: number;
  responseTimeP95Ms: number;
  /** mean / p95 per-turn latency, pooled over all turns, ms. */
  turnLatencyMeanMs: number;
  turnLatencyP95Ms: number;
  /** mean per conversation (with ≥ 1 handoff) of the handoff success rate; null when none had a handoff. */
  handoffSuccess: number | null;
  /** mean per conversation (with ≥ 1 handoff needing earlier facts) of fact preservation; null when none. */
  factPreservation: number | null;
  /** conversations fact preservation averages over. */
  factConversations: number;
  /** mean per conversation (with ≥ 1 handoff) of reference ROUGE-L; null without references. */
  referenceRouge: number | null;
  /** paper-literal: mean per conversation (with ≥ 1 handoff) of the context score. */
  contextScore: number | null;
  /** paper-literal: mean per conversation (with ≥ 1 handoff) of the cosine handoff success; null when not computed. */
  literalHandoffSuccess: number | null;
  /** total cost, USD, and cost per conversation that succeeded within the deadline; null without cost records or successes. */
  costUsd: number | null;
  costPerSuccessUsd: number | null;
  /** mean handoffs per conversation, and their total. */
  transitionsMean: number;
  handoffs: number;
  /** conversations with at least one handoff (the sample of the handoff metrics). */
  conversationsWithHandoffs: number;
  /** conversations that failed within the deadline; their count per cause and per paper category. */
  failed: number;
  failureCauses: FailureCauseCounts;
  failureModes: FailureModeCounts;
}

/** p95 of the turn latencies pooled over `convs` (NaN without turns). */
export function pooledTurnLatencyP95(convs: readonly ConversationMetrics[]): number {
  const pooled = Float64Array.from(convs.flatMap((c) => c.turnLatenciesMs)).sort();
  return pooled.length === 0 ? Number.NaN : quantileSorted(pooled, 0.95);
}

/** Total cost over conversations that succeeded within the deadline; null unpriced, NaN without a success. */
export function costPerSuccess(convs: readonly ConversationMetrics[]): number | null {
  let cost = 0;
  let successes = 0;
  for (const c of convs) {
    if (c.costUsd === null) return null;
    cost += c.costUsd;
    if (c.successInDeadline) successes++;
  }
  return successes === 0 ? Number.NaN : cost / successes;
}

/**
 * Aggregates measured conversations.
 * @throws InputError on an empty set (zero conversations cannot be scored).
 */
export function aggregateMetrics(convs: readonly ConversationMetrics[]): MethodMetrics {
  if (convs.length === 0)
    throw new InputError("no_conversations", "cannot aggregate metrics over zero conversations");
  const responseTimes = Float64Array.from(convs, (c) => c.responseTimeMs).sort();
  const latencies = Float64Array.from(convs.flatMap((c) => c.turnLatenciesMs)).sort();
  const failureCauses = emptyCauseCounts();
  const failureModes = emptyFailureCounts();
  let handoffs = 0;
  let successes = 0;
  let inTime = 0;
  for (const c of convs) {
    handoffs += c.transitions;
    if (c.success) successes++;
    if (c.successInDeadline) inTime++;
    if (c.failureCause !== null) failureCauses[c.failureCause]++;
    if (c.failureMode !== null) failureModes[c.failureMode]++;
  }
  const meanOf = (metric: ConversationMetric): number | null => {
    const sample = conversationSample(convs, metric);
    return sample.length > 0 ? mean(sample) : null;
  };
  const costs = conversationSample(convs, "costUsd");
  const cost = costs.length > 0 ? costs.reduce((s, x) => s + x, 0) : null;
  const p95 = pooledTurnLatencyP95(convs);
  const perSuccess = costPerSuccess(convs);
  return {
    conversations: convs.length,
    success: successes / convs.length,
    successInDeadline: inTime / convs.length,
    deadlineRecorded: convs.some((c) => c.deadlineRecorded),
    responseTimeMeanMs: mean(responseTimes),
    responseTimeP95Ms: quantileSorted(responseTimes, 0.95),
    turnLatencyMeanMs: latencies.length > 0 ? mean(latencies) : 0,
    turnLatencyP95Ms: Number.isNaN(p95) ? 0 : p95,
    handoffSuccess: meanOf("handoffSuccess"),
    factPreservation: meanOf("factPreservation"),
    factConversations: conversationSample(convs, "factPreservation").length,
    referenceRouge: meanOf("referenceRouge"),
    contextScore: meanOf("contextScore"),
    literalHandoffSuccess: meanOf("literalHandoffSuccess"),
    costUsd: cost,
    costPerSuccessUsd: perSuccess === null || Number.isNaN(perSuccess) ? null : perSuccess,
    transitionsMean: handoffs / convs.length,
    handoffs,
    conversationsWithHandoffs: convs.filter((c) => c.transitions > 0).length,
    failed: convs.length - inTime,
    failureCauses,
    failureModes,
  };
}
