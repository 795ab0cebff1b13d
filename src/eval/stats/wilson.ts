/**
 * @module eval/stats/wilson
 * Wilson score interval of a binomial proportion: well-behaved for small groups and rates near 0
 * or 1 (where the normal interval leaves [0, 1]), so figure bands of small bins stay honest.
 */
import { studentTInv } from "./distributions.js";

/** Wilson interval of `successes` out of `n` at `level` (n = 0 gives [0, 1]). */
export function wilsonInterval(successes: number, n: number, level: number): { lo: number; hi: number } {
  if (n === 0) return { lo: 0, hi: 1 };
  // the normal quantile, as the t quantile with very many degrees of freedom
  const z = studentTInv((1 + level) / 2, 1e7);
  const p = successes / n;
  const z2 = (z * z) / n;
  const centre = (p + z2 / 2) / (1 + z2);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n))) / (1 + z2);
  return { lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}
