import { describe, expect, it } from "vitest";
import { bootstrapMean, bootstrapStatistic } from "./bootstrap.js";
import { wilsonInterval } from "./wilson.js";

describe("wilsonInterval", () => {
  it("matches the textbook value and stays inside [0, 1]", () => {
    // 8 of 10 at 95%: [0.490, 0.943] (Wilson 1927, as in R's prop.test without correction)
    const { lo, hi } = wilsonInterval(8, 10, 0.95);
    expect(lo).toBeCloseTo(0.4902, 3);
    expect(hi).toBeCloseTo(0.9433, 3);
    expect(wilsonInterval(0, 5, 0.95).lo).toBe(0);
    expect(wilsonInterval(5, 5, 0.95).hi).toBe(1);
    expect(wilsonInterval(0, 0, 0.95)).toEqual({ lo: 0, hi: 1 });
  });
});

describe("one-sample bootstrap", () => {
  it("brackets the mean, is reproducible, and refuses a single value", () => {
    const xs = Array.from({ length: 200 }, (_, i) => (i % 10) / 10);
    const a = bootstrapMean(xs, { resamples: 2000, seed: 3, level: 0.95 })!;
    expect(a.estimate).toBeCloseTo(0.45, 12);
    expect(a.lo).toBeLessThan(0.45);
    expect(a.hi).toBeGreaterThan(0.45);
    expect(a.hi - a.lo).toBeLessThan(0.1);
    expect(bootstrapMean(xs, { resamples: 2000, seed: 3, level: 0.95 })).toEqual(a);
    expect(bootstrapMean([1], { resamples: 10, seed: 1, level: 0.95 })).toBeNull();
  });

  it("drops non-finite resamples of a ratio statistic", () => {
    const ok = [1, 0, 0, 0];
    const r = bootstrapStatistic(
      4,
      (idx) => {
        let s = 0;
        for (const i of idx) s += ok[i]!;
        return s === 0 ? Number.NaN : 1 / s;
      },
      { resamples: 500, seed: 2, level: 0.9 },
    )!;
    expect(r.estimate).toBe(1);
    expect(Number.isFinite(r.lo) && Number.isFinite(r.hi)).toBe(true);
  });
});
