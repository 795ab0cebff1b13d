/**
 * @module eval/stats/descriptive
 * Descriptive statistics on plain arrays or typed arrays: mean, sample variance, quantiles and a
 * t-based confidence interval of the mean. Empty inputs give NaN (callers map it to `null`),
 * never a made-up zero.
 */
import { studentTInv } from "./distributions.js";

/** Arithmetic mean; NaN for an empty input. */
export function mean(xs: ArrayLike<number>): number {
  const n = xs.length;
  if (n === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += xs[i]!;
  return sum / n;
}

/** Unbiased sample variance (divides by n − 1); NaN when n < 2. */
export function sampleVariance(xs: ArrayLike<number>): number {
  const n = xs.length;
  if (n < 2) return Number.NaN;
  const m = mean(xs);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i]! - m;
    ss += d * d;
  }
  return ss / (n - 1);
}

/** Sample standard deviation (n − 1); NaN when n < 2. */
export function sampleSd(xs: ArrayLike<number>): number {
  return Math.sqrt(sampleVariance(xs));
}

/**
 * Quantile of an ascending-sorted sample by linear interpolation between order statistics
 * (Hyndman & Fan type 7, the default of R's `quantile` and NumPy's `percentile`):
 * h = (n − 1)·q, x = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]). NaN for an empty sample.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Quantile (type 7, see {@link quantileSorted}) of an unsorted sample; the input is not modified. */
export function quantile(xs: ArrayLike<number>, q: number): number {
  return quantileSorted(Float64Array.from(xs).sort(), q);
}

/** A mean with its two-sided confidence interval. */
export interface MeanInterval {
  n: number;
  mean: number;
  /** lower bound; equals `mean` when n < 2 (no spread can be estimated). */
  lo: number;
  /** upper bound; equals `mean` when n < 2. */
  hi: number;
}

/**
 * Confidence interval of the mean from Student's t: mean ± t_{(1+level)/2, n−1}·s/√n.
 * With n < 2 the interval collapses to the mean; with n = 0 everything is NaN.
 */
export function meanInterval(xs: ArrayLike<number>, level: number): MeanInterval {
  const n = xs.length;
  const m = mean(xs);
  if (n < 2) return { n, mean: m, lo: m, hi: m };
  const half = studentTInv((1 + level) / 2, n - 1) * (sampleSd(xs) / Math.sqrt(n));
  return { n, mean: m, lo: m - half, hi: m + half };
}
