/**
 * @module eval/stats/bonferroni
 * Bonferroni correction for a family of m comparisons (paper §5.5: α = 0.05/4 across the four
 * baselines).
 */
import { InputError } from "../../errors.js";

/** Adjusted p-value: min(1, p·m). */
export function bonferroniP(p: number, comparisons: number): number {
  assertFamily(comparisons);
  return Math.min(1, p * comparisons);
}

/** Per-comparison significance threshold: α / m. */
export function bonferroniAlpha(alpha: number, comparisons: number): number {
  assertFamily(comparisons);
  return alpha / comparisons;
}

function assertFamily(comparisons: number): void {
  if (!Number.isInteger(comparisons) || comparisons < 1) {
    throw new InputError(
      "invalid_family",
      `Bonferroni family size must be a positive integer, got ${comparisons}`,
      {
        comparisons,
      },
    );
  }
}
