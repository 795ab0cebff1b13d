/**
 * @module eval/stats/welch
 * Welch's unequal-variances t-test (paper §5.5): the methods' per-conversation scores have
 * different spreads, so the pooled-variance Student test would be wrong.
 */
import { InputError } from "../../errors.js";
import { mean, sampleVariance } from "./descriptive.js";
import { twoSidedP } from "./distributions.js";

/** Result of {@link welchTTest}. */
export interface WelchResult {
  /** mean(a) − mean(b). */
  meanDiff: number;
  /** standard error of the difference, √(s_a²/n_a + s_b²/n_b). */
  se: number;
  /** t = meanDiff / se. */
  t: number;
  /** Welch–Satterthwaite degrees of freedom (real-valued). */
  df: number;
  /** two-sided p-value from Student's t with `df` degrees of freedom (jstat). */
  p: number;
}

/**
 * Welch's t-test of H0: mean(a) = mean(b).
 * t = (x̄_a − x̄_b) / √(s_a²/n_a + s_b²/n_b);
 * df = (s_a²/n_a + s_b²/n_b)² / ((s_a²/n_a)²/(n_a−1) + (s_b²/n_b)²/(n_b−1)).
 * Degenerate case: both samples constant (se = 0): t = 0, p = 1 when the means are equal,
 * t = ±∞, p = 0 otherwise, and df = n_a + n_b − 2.
 * @throws InputError when a sample has fewer than 2 values or a non-finite value.
 */
export function welchTTest(a: ArrayLike<number>, b: ArrayLike<number>): WelchResult {
  assertSample(a, "a");
  assertSample(b, "b");
  const va = sampleVariance(a) / a.length;
  const vb = sampleVariance(b) / b.length;
  const meanDiff = mean(a) - mean(b);
  const se = Math.sqrt(va + vb);
  if (se === 0) {
    const df = a.length + b.length - 2;
    if (meanDiff === 0) return { meanDiff, se, t: 0, df, p: 1 };
    return { meanDiff, se, t: meanDiff > 0 ? Infinity : -Infinity, df, p: 0 };
  }
  const t = meanDiff / se;
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  return { meanDiff, se, t, df, p: twoSidedP(t, df) };
}

/** @throws InputError unless the sample has ≥ 2 finite values. */
export function assertSample(xs: ArrayLike<number>, name: string): void {
  if (xs.length < 2) {
    throw new InputError("sample_too_small", `sample '${name}' needs at least 2 values, got ${xs.length}`, {
      sample: name,
      n: xs.length,
    });
  }
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(xs[i])) {
      throw new InputError("invalid_sample", `sample '${name}' has a non-finite value at index ${i}`, {
        sample: name,
        index: i,
      });
    }
  }
}
