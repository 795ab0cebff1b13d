/**
 * @module eval/stats/quartiles
 * Quartile analysis by number of transitions (paper §5.5: gains concentrate at 5–8 transitions
 * and fade past 15). Conversations are grouped by value cut points on their transition counts,
 * so each group has an interpretable transition range; pass shared cut points to make the
 * groups identical across methods.
 */
import { InputError } from "../../errors.js";
import { type MeanInterval, meanInterval, quantileSorted } from "./descriptive.js";

/** One observation: a conversation's transition count and the metric value being analysed. */
export interface TransitionSample {
  transitions: number;
  value: number;
}

/** Cut points [q1, q2, q3] of transition counts. */
export type QuartileCuts = readonly [number, number, number];

/** One quartile group. */
export interface QuartileGroup {
  /** 1..4. */
  quartile: 1 | 2 | 3 | 4;
  /** the group's transition range in value terms: (lower, upper]; Q1 has no lower bound. */
  lowerExclusive: number | null;
  /** inclusive upper bound; Q4 has none. */
  upperInclusive: number | null;
  /** smallest and largest transition count actually observed in the group (null when empty). */
  minTransitions: number | null;
  maxTransitions: number | null;
  /** mean of `value` with a 95% t interval (NaN fields when empty; callers render "—"). */
  stats: MeanInterval;
}

/** Quartile cut points (type-7 quantiles at .25/.5/.75) of transition counts. */
export function transitionQuartileCuts(transitions: ArrayLike<number>): QuartileCuts {
  if (transitions.length === 0)
    throw new InputError("empty_sample", "quartile cuts need at least one conversation");
  const sorted = Float64Array.from(transitions).sort();
  return [quantileSorted(sorted, 0.25), quantileSorted(sorted, 0.5), quantileSorted(sorted, 0.75)];
}

/**
 * Groups samples into Q1: t ≤ q1, Q2: q1 < t ≤ q2, Q3: q2 < t ≤ q3, Q4: t > q3 (cuts from the
 * samples themselves unless given) and reports the mean value per group with a `level` interval.
 * With heavy ties a group can be empty; it is returned with n = 0 rather than dropped.
 */
export function quartileAnalysis(
  samples: readonly TransitionSample[],
  cuts: QuartileCuts = transitionQuartileCuts(samples.map((s) => s.transitions)),
  level = 0.95,
): QuartileGroup[] {
  const groups: number[][] = [[], [], [], []];
  const ranges: [number, number][] = [
    [Infinity, -Infinity],
    [Infinity, -Infinity],
    [Infinity, -Infinity],
    [Infinity, -Infinity],
  ];
  for (const s of samples) {
    const q = s.transitions <= cuts[0] ? 0 : s.transitions <= cuts[1] ? 1 : s.transitions <= cuts[2] ? 2 : 3;
    groups[q]!.push(s.value);
    const r = ranges[q]!;
    r[0] = Math.min(r[0], s.transitions);
    r[1] = Math.max(r[1], s.transitions);
  }
  const bounds: [number | null, number | null][] = [
    [null, cuts[0]],
    [cuts[0], cuts[1]],
    [cuts[1], cuts[2]],
    [cuts[2], null],
  ];
  return groups.map((values, i) => ({
    quartile: (i + 1) as 1 | 2 | 3 | 4,
    lowerExclusive: bounds[i]![0],
    upperInclusive: bounds[i]![1],
    minTransitions: values.length > 0 ? ranges[i]![0] : null,
    maxTransitions: values.length > 0 ? ranges[i]![1] : null,
    stats: meanInterval(values, level),
  }));
}
