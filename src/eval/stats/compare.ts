/**
 * @module eval/stats/compare
 * One method-vs-method comparison as reported in the paper's Table 3: mean difference, bootstrap
 * CI, Welch p (raw and Bonferroni-adjusted), Cohen's d and the significance verdict.
 */
import { bonferroniAlpha, bonferroniP } from "./bonferroni.js";
import { bootstrapMeanDiff } from "./bootstrap.js";
import { mean } from "./descriptive.js";
import { cohensD } from "./effect-size.js";
import { welchTTest } from "./welch.js";

/** Options of {@link compareSamples}. */
export interface CompareOptions {
  /** bootstrap resamples (config `eval.bootstrapResamples`). */
  resamples: number;
  /** bootstrap PRNG seed. */
  seed: number;
  /** size m of the comparison family for Bonferroni (paper: 4 baselines). */
  comparisons: number;
  /** family-wise significance level before correction (paper: 0.05). */
  alpha: number;
  /** CI level (paper: 0.95). */
  level: number;
}

/** Statistics of sample `a` (the reference method) against sample `b` (another method). */
export interface SampleComparison {
  nA: number;
  nB: number;
  meanA: number;
  meanB: number;
  /** mean(a) − mean(b). */
  meanDiff: number;
  /** bootstrap percentile CI of meanDiff. */
  ci: { lo: number; hi: number; level: number; resamples: number; seed: number };
  /** Welch's t, Welch–Satterthwaite df and raw two-sided p. */
  t: number;
  df: number;
  p: number;
  /** Bonferroni-adjusted p: min(1, p·m). */
  pAdjusted: number;
  /** α/m, the per-comparison threshold. */
  alphaAdjusted: number;
  /** p < α/m. */
  significant: boolean;
  /** Cohen's d (pooled SD), positive when a > b. */
  cohensD: number;
}

/**
 * Compares two samples: Welch's t-test, Bonferroni, Cohen's d and a bootstrap CI of the mean
 * difference. JSON-safe except t/d, which are ±Infinity only for constant, different samples.
 * @throws InputError when a sample has fewer than 2 values.
 */
export function compareSamples(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  options: CompareOptions,
): SampleComparison {
  const welch = welchTTest(a, b);
  const boot = bootstrapMeanDiff(a, b, options);
  const alphaAdjusted = bonferroniAlpha(options.alpha, options.comparisons);
  return {
    nA: a.length,
    nB: b.length,
    meanA: mean(a),
    meanB: mean(b),
    meanDiff: welch.meanDiff,
    ci: { lo: boot.lo, hi: boot.hi, level: boot.level, resamples: boot.resamples, seed: boot.seed },
    t: welch.t,
    df: welch.df,
    p: welch.p,
    pAdjusted: bonferroniP(welch.p, options.comparisons),
    alphaAdjusted,
    significant: welch.p < alphaAdjusted,
    cohensD: cohensD(a, b),
  };
}
