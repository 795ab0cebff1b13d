/**
 * @module eval/stats/bootstrap
 * Percentile bootstrap confidence interval of a difference of means (paper §5.5: 10,000
 * resamples). Each resample draws n_a values from a and n_b from b with replacement, from a
 * seeded PRNG, so the interval is reproducible for a seed.
 */
import { InputError } from "../../errors.js";
import { mulberry32 } from "../../util/random.js";
import { mean, quantileSorted } from "./descriptive.js";
import { assertSample } from "./welch.js";

/** Options of {@link bootstrapMeanDiff}. */
export interface BootstrapOptions {
  /** number of resamples (config `eval.bootstrapResamples`, SPEC §10: 10,000). */
  resamples: number;
  /** PRNG seed; the same seed gives the same interval. */
  seed: number;
  /** confidence level, e.g. 0.95. */
  level: number;
}

/** A bootstrap interval of mean(a) − mean(b). */
export interface BootstrapInterval {
  /** observed mean(a) − mean(b). */
  estimate: number;
  lo: number;
  hi: number;
  level: number;
  resamples: number;
  seed: number;
}

/**
 * Percentile bootstrap CI of mean(a) − mean(b): the (1−level)/2 and (1+level)/2 quantiles (type 7)
 * of the resampled differences.
 * @throws InputError on samples with < 2 values, resamples < 1 or a level outside (0, 1).
 */
export function bootstrapMeanDiff(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  options: BootstrapOptions,
): BootstrapInterval {
  assertSample(a, "a");
  assertSample(b, "b");
  const { resamples, seed, level } = options;
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new InputError(
      "invalid_resamples",
      `bootstrap resamples must be a positive integer, got ${resamples}`,
    );
  }
  if (!(level > 0 && level < 1)) {
    throw new InputError("invalid_level", `confidence level must be in (0, 1), got ${level}`);
  }
  const xa = Float64Array.from(a);
  const xb = Float64Array.from(b);
  const rand = mulberry32(seed);
  const diffs = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) diffs[r] = resampledMean(xa, rand) - resampledMean(xb, rand);
  diffs.sort();
  return {
    estimate: mean(xa) - mean(xb),
    lo: quantileSorted(diffs, (1 - level) / 2),
    hi: quantileSorted(diffs, (1 + level) / 2),
    level,
    resamples,
    seed,
  };
}

function resampledMean(xs: Float64Array, rand: () => number): number {
  const n = xs.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += xs[(rand() * n) | 0]!;
  return sum / n;
}

/** A bootstrap percentile interval of a one-sample statistic. */
export interface StatisticInterval {
  estimate: number;
  lo: number;
  hi: number;
  level: number;
  resamples: number;
}

/**
 * Percentile bootstrap CI of any statistic of n units (conversations): each resample draws n unit
 * indices with replacement and evaluates `statistic` on them; non-finite resample values (e.g. a
 * ratio with a zero denominator) are dropped. The estimate is the statistic of all units.
 * Returns null for n < 2 or when every resample is non-finite.
 */
export function bootstrapStatistic(
  n: number,
  statistic: (indices: Int32Array) => number,
  options: BootstrapOptions,
): StatisticInterval | null {
  if (n < 2) return null;
  const rand = mulberry32(options.seed);
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const estimate = statistic(all);
  const values: number[] = [];
  const idx = new Int32Array(n);
  for (let r = 0; r < options.resamples; r++) {
    for (let i = 0; i < n; i++) idx[i] = (rand() * n) | 0;
    const v = statistic(idx);
    if (Number.isFinite(v)) values.push(v);
  }
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  return {
    estimate,
    lo: quantileSorted(sorted, (1 - options.level) / 2),
    hi: quantileSorted(sorted, (1 + options.level) / 2),
    level: options.level,
    resamples: options.resamples,
  };
}

/** Percentile bootstrap CI of the mean of one sample (null for fewer than 2 values). */
export function bootstrapMean(
  sample: ArrayLike<number>,
  options: BootstrapOptions,
): StatisticInterval | null {
  const xs = Float64Array.from(sample);
  return bootstrapStatistic(
    xs.length,
    (idx) => {
      let s = 0;
      for (let i = 0; i < idx.length; i++) s += xs[idx[i]!]!;
      return s / idx.length;
    },
    options,
  );
}
