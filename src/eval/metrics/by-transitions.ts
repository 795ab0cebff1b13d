/**
 * @module eval/metrics/by-transitions
 * Metrics grouped by conversation shape: by number of transitions (the report's table up to 25,
 * paper §5.5 / SPEC §11 "success ≥ 0.80 at 15–25 transitions") and context score by
 * conversation length (paper Figure 2).
 */
import { InputError } from "../../errors.js";
import { mean, meanInterval } from "../stats/descriptive.js";
import type { ConversationMetrics } from "./conversation-metrics.js";

/** A mean with its confidence interval; JSON-safe. */
export interface IntervalEstimate {
  n: number;
  mean: number;
  lo: number;
  hi: number;
}

/** Metrics of the conversations with a given number of transitions. */
export interface TransitionBucket {
  /** "0", "1", … or "25+" for the open last bucket. */
  label: string;
  minTransitions: number;
  /** null for the open last bucket. */
  maxTransitions: number | null;
  conversations: number;
  /** mean context score with a t interval; null when no conversation of the bucket has one. */
  contextScore: IntervalEstimate | null;
  /** mean per conversation (with ≥ 1 handoff) of the handoff success rate; null without handoffs. */
  handoffSuccess: number | null;
  /** end-to-end success rate; null for an empty bucket. */
  success: number | null;
  /** mean end-to-end response time, ms; null for an empty bucket. */
  responseTimeMeanMs: number | null;
}

/** One point of Figure 2: conversations of a given length (in turns). */
export interface LengthPoint {
  /** conversation length in turns. */
  turns: number;
  /** conversations of this length that have a context score (≥ 1 handoff). */
  n: number;
  /** their mean context score and its confidence interval. */
  mean: number;
  lo: number;
  hi: number;
}

/**
 * Buckets 0, 1, …, maxBucket − 1 and "maxBucket+" (all present, empty ones with n = 0, so tables
 * of several methods align). `level` is the context-score interval's confidence level.
 */
export function byTransitions(
  convs: readonly ConversationMetrics[],
  maxBucket: number,
  level = 0.95,
): TransitionBucket[] {
  if (!(Number.isInteger(maxBucket) && maxBucket > 0)) {
    throw new InputError("invalid_bucket", `maxBucket must be a positive integer, got ${maxBucket}`);
  }
  const groups: ConversationMetrics[][] = Array.from({ length: maxBucket + 1 }, () => []);
  for (const c of convs) groups[Math.min(c.transitions, maxBucket)]!.push(c);
  return groups.map((group, k) => ({
    label: k < maxBucket ? String(k) : `${maxBucket}+`,
    minTransitions: k,
    maxTransitions: k < maxBucket ? k : null,
    ...summarizeGroup(group, level),
  }));
}

/** Success rate of conversations with lo ≤ transitions ≤ hi (null when there are none). */
export function successInTransitionRange(
  convs: readonly ConversationMetrics[],
  lo: number,
  hi: number,
): { conversations: number; success: number | null } {
  const inRange = convs.filter((c) => c.transitions >= lo && c.transitions <= hi);
  const ok = inRange.reduce((s, c) => s + (c.success ? 1 : 0), 0);
  return { conversations: inRange.length, success: inRange.length > 0 ? ok / inRange.length : null };
}

/**
 * Figure 2 data: mean context score by conversation length in turns, with a t interval at `level`
 * (collapsed to the mean when a length has a single conversation). Lengths without any scored
 * conversation are omitted.
 */
export function contextByLength(convs: readonly ConversationMetrics[], level = 0.95): LengthPoint[] {
  const byLength = new Map<number, number[]>();
  for (const c of convs) {
    if (c.contextScore === null) continue;
    const list = byLength.get(c.turns) ?? [];
    list.push(c.contextScore);
    byLength.set(c.turns, list);
  }
  return [...byLength.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([turns, scores]) => ({ turns, ...meanInterval(scores, level) }));
}

function summarizeGroup(
  group: readonly ConversationMetrics[],
  level: number,
): Omit<TransitionBucket, "label" | "minTransitions" | "maxTransitions"> {
  if (group.length === 0) {
    return {
      conversations: 0,
      contextScore: null,
      handoffSuccess: null,
      success: null,
      responseTimeMeanMs: null,
    };
  }
  const scores = group.flatMap((c) => (c.contextScore === null ? [] : [c.contextScore]));
  const handoffRates = group.flatMap((c) => (c.handoffSuccessRate === null ? [] : [c.handoffSuccessRate]));
  return {
    conversations: group.length,
    contextScore: scores.length > 0 ? meanInterval(scores, level) : null,
    handoffSuccess: handoffRates.length > 0 ? mean(handoffRates) : null,
    success: group.reduce((s, c) => s + (c.success ? 1 : 0), 0) / group.length,
    responseTimeMeanMs: mean(group.map((c) => c.responseTimeMs)),
  };
}
