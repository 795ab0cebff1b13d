/**
 * @module eval/metrics/literal
 * The paper-literal cosine handoff success (paper §4.3: the receiver's first response keeps topic
 * continuity, cosine with the context above a threshold, and needs no clarification), computed
 * with a real semantic embedding (`literal-embedder.ts`) and a threshold calibrated on data
 * instead of the paper's 0.7:
 *
 *     context of turn t  = the user message of turn t + the answer of turn t − 1
 *     cosine             = cos(ê(answer of turn t), ê(context))
 *
 * Calibration uses the full-context oracle's reference answers (`reference-answers.ts`), which
 * never read the answer key: positives are cos(oracle's answer to turn t, context built from the
 * oracle's own previous answer), negatives cos(an unrelated oracle answer — same position in
 * another conversation —, that same context). The threshold maximises Youden's J (TPR − FPR), and
 * both distributions and the rates at the threshold are reported.
 */
import { quantileSorted } from "../stats/descriptive.js";
import type { ConversationRun } from "../types.js";
import type { ConversationMetrics } from "./conversation-metrics.js";
import type { LiteralEmbedder } from "./literal-embedder.js";
import type { ReferenceAnswers, ReferenceTurn } from "./reference-answers.js";

/** Five-number summary of a cosine distribution. */
export interface CosineDistribution {
  n: number;
  mean: number;
  p05: number;
  p50: number;
  p95: number;
}

/** The calibrated threshold and what it separates. */
export interface LiteralCalibration {
  /** embedder name. */
  embedder: string;
  threshold: number;
  /** share of positives above / negatives above the threshold. */
  truePositiveRate: number;
  falsePositiveRate: number;
  /** probability that a random positive scores above a random negative (ties count ½). */
  auc: number;
  positives: CosineDistribution;
  negatives: CosineDistribution;
}

/** Cosine of two unit vectors (0 when either text has no known word). */
function unitCosine(a: Float32Array | null, b: Float32Array | null): number {
  if (!a || !b) return 0;
  let s = 0;
  for (let d = 0; d < a.length; d++) s += a[d]! * b[d]!;
  return s;
}

/** A caching wrapper: identical texts are embedded once. */
function cachedEmbed(embedder: LiteralEmbedder): (text: string) => Float32Array | null {
  const cache = new Map<string, Float32Array | null>();
  return (text) => {
    let v = cache.get(text);
    if (v === undefined) {
      v = embedder.embed(text);
      cache.set(text, v);
    }
    return v;
  };
}

/**
 * Calibrates the cosine threshold on the references. Null when there are fewer than two
 * conversations (no unrelated answer to draw) or no turn after the first.
 */
export function calibrateLiteral(
  references: ReferenceAnswers,
  embedder: LiteralEmbedder,
): LiteralCalibration | null {
  const conversations = [...references.values()].filter((c) => c.length > 1);
  if (conversations.length < 2) return null;
  const embed = cachedEmbed(embedder);
  const positives: number[] = [];
  const negatives: number[] = [];
  const half = Math.max(1, Math.floor(conversations.length / 2));
  conversations.forEach((turns, c) => {
    const other = conversations[(c + half) % conversations.length]!;
    for (let t = 1; t < turns.length; t++) {
      const context = embed(`${turns[t]!.user} ${turns[t - 1]!.answer}`);
      positives.push(unitCosine(embed(turns[t]!.answer), context));
      negatives.push(unitCosine(embed(other[Math.min(t, other.length - 1)]!.answer), context));
    }
  });
  return calibrationOf(positives, negatives, embedder.name);
}

/** Youden-optimal threshold of two samples, with their summaries. Exported for tests. */
export function calibrationOf(
  positives: number[],
  negatives: number[],
  embedder: string,
): LiteralCalibration {
  const pos = Float64Array.from(positives).sort();
  const neg = Float64Array.from(negatives).sort();
  const cuts = [...new Set([...pos, ...neg])].sort((a, b) => a - b);
  let threshold = cuts[0] ?? 0;
  let bestJ = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < cuts.length; i++) {
    // rule "cosine > cut": the midpoint to the next distinct value separates the same way
    const cut = i + 1 < cuts.length ? (cuts[i]! + cuts[i + 1]!) / 2 : cuts[i]!;
    const j = above(pos, cut) - above(neg, cut);
    if (j > bestJ) {
      bestJ = j;
      threshold = cut;
    }
  }
  return {
    embedder,
    threshold,
    truePositiveRate: above(pos, threshold),
    falsePositiveRate: above(neg, threshold),
    auc: auc(pos, neg),
    positives: summary(pos),
    negatives: summary(neg),
  };
}

/** Share of a sorted sample strictly above `x`. */
function above(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length === 0 ? 0 : (sorted.length - lo) / sorted.length;
}

function auc(pos: Float64Array, neg: Float64Array): number {
  if (pos.length === 0 || neg.length === 0) return 0.5;
  let wins = 0;
  let j = 0;
  let k = 0;
  for (const p of pos) {
    while (j < neg.length && neg[j]! < p) j++;
    k = j;
    while (k < neg.length && neg[k]! === p) k++;
    wins += j + (k - j) / 2;
  }
  return wins / (pos.length * neg.length);
}

function summary(sorted: Float64Array): CosineDistribution {
  if (sorted.length === 0) return { n: 0, mean: 0, p05: 0, p50: 0, p95: 0 };
  let s = 0;
  for (const x of sorted) s += x;
  return {
    n: sorted.length,
    mean: s / sorted.length,
    p05: quantileSorted(sorted, 0.05),
    p50: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
  };
}

/**
 * Sets `literalHandoffSuccessRate` on each measured conversation (same order as `runs`): the share
 * of its handoffs whose receiver's answer has cosine > threshold with its context and asks no
 * clarification. User messages come from the references (they are public, identical for every method).
 */
export function applyLiteral(
  measured: ConversationMetrics[],
  runs: readonly ConversationRun[],
  references: ReferenceAnswers,
  embedder: LiteralEmbedder,
  calibration: LiteralCalibration,
): void {
  const embed = cachedEmbed(embedder);
  runs.forEach((run, c) => {
    const refs: readonly ReferenceTurn[] | undefined = references.get(run.conversationId);
    let handoffs = 0;
    let ok = 0;
    for (let i = 1; i < run.turns.length; i++) {
      const turn = run.turns[i]!;
      if (!turn.handoff) continue;
      handoffs++;
      const user = refs?.[i]?.user ?? "";
      const cosine = unitCosine(embed(turn.answer), embed(`${user} ${run.turns[i - 1]!.answer}`));
      if (cosine > calibration.threshold && !turn.clarification) ok++;
    }
    measured[c]!.literalHandoffSuccessRate = handoffs > 0 ? ok / handoffs : null;
  });
}
