/**
 * @module eval/stats/effect-size
 * Cohen's d with the pooled standard deviation (paper §5.5 reports d per comparison).
 */
import { mean, sampleVariance } from "./descriptive.js";
import { assertSample } from "./welch.js";

/**
 * Cohen's d = (x̄_a − x̄_b) / s_p, s_p = √(((n_a−1)s_a² + (n_b−1)s_b²) / (n_a + n_b − 2)).
 * When s_p = 0: 0 if the means are equal, ±∞ otherwise.
 * @throws InputError when a sample has fewer than 2 values or a non-finite value.
 */
export function cohensD(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assertSample(a, "a");
  assertSample(b, "b");
  const na = a.length;
  const nb = b.length;
  const pooled = Math.sqrt(((na - 1) * sampleVariance(a) + (nb - 1) * sampleVariance(b)) / (na + nb - 2));
  const diff = mean(a) - mean(b);
  if (pooled === 0) return diff === 0 ? 0 : diff > 0 ? Infinity : -Infinity;
  return diff / pooled;
}
