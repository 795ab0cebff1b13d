import { describe, expect, it } from "vitest";
import { mean, meanInterval, quantile, sampleSd } from "./descriptive.js";
import { quartileAnalysis, transitionQuartileCuts } from "./quartiles.js";

// Reference values: NumPy np.percentile (linear, type 7) and SciPy 1.17.1 stats.t.ppf(0.975, 7);
// jstat's t quantile is iterative (≈1e-8 accurate), hence 6 digits for the interval.
const X = [9, 2, 4, 4, 5, 4, 5, 7];

describe("descriptive statistics", () => {
  it("computes mean and sample SD", () => {
    expect(mean(X)).toBe(5);
    expect(sampleSd(X)).toBeCloseTo(2.138089935299395, 12);
    expect(mean([])).toBeNaN();
  });

  it("computes type-7 quantiles without mutating the input", () => {
    const copy = [...X];
    expect(quantile(X, 0.95)).toBeCloseTo(8.3, 12);
    expect(quantile(X, 0.25)).toBe(4);
    expect(quantile(X, 0.5)).toBe(4.5);
    expect(quantile([7], 0.95)).toBe(7);
    expect(X).toEqual(copy);
  });

  it("computes a t interval of the mean", () => {
    const ci = meanInterval(X, 0.95);
    expect(ci.lo).toBeCloseTo(3.21251208176379, 6);
    expect(ci.hi).toBeCloseTo(6.787487918236209, 6);
    expect(meanInterval([0.5], 0.95)).toEqual({ n: 1, mean: 0.5, lo: 0.5, hi: 0.5 });
  });
});

describe("quartileAnalysis", () => {
  it("groups by transition cut points and reports each group's mean", () => {
    const samples = Array.from({ length: 20 }, (_, i) => ({ transitions: i, value: i < 10 ? 1 : 0 }));
    const cuts = transitionQuartileCuts(samples.map((s) => s.transitions));
    expect(cuts).toEqual([4.75, 9.5, 14.25]);
    const groups = quartileAnalysis(samples, cuts);
    expect(groups.map((g) => g.stats.n)).toEqual([5, 5, 5, 5]);
    expect(groups.map((g) => [g.minTransitions, g.maxTransitions])).toEqual([
      [0, 4],
      [5, 9],
      [10, 14],
      [15, 19],
    ]);
    expect(groups.map((g) => g.stats.mean)).toEqual([1, 1, 0, 0]);
  });

  it("keeps empty groups under heavy ties", () => {
    const samples = Array.from({ length: 8 }, () => ({ transitions: 3, value: 1 }));
    const groups = quartileAnalysis(samples);
    expect(groups[0]!.stats.n).toBe(8);
    expect(groups[3]!.stats.n).toBe(0);
    expect(groups[3]!.minTransitions).toBeNull();
  });
});
