import { describe, expect, it } from "vitest";
import { InputError } from "../../errors.js";
import { bonferroniAlpha, bonferroniP } from "./bonferroni.js";
import { cohensD } from "./effect-size.js";
import { welchTTest } from "./welch.js";

// Source: Wikipedia, "Welch's t-test", worked examples 1 and 2 (t ≈ −2.46, df ≈ 25.0, p ≈ 0.021;
// t ≈ −1.57, df ≈ 9.9, p ≈ 0.149). Full-precision reference values below were produced by an
// independent implementation, SciPy 1.17.1: scipy.stats.ttest_ind(a, b, equal_var=False), and
// Cohen's d by the pooled-SD formula in NumPy (ddof=1).
const EX1_A = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4];
const EX1_B = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4];
const EX2_A = [17.2, 20.9, 22.6, 18.1, 21.7, 21.4, 23.5, 24.2, 14.7, 21.8];
const EX2_B = [
  21.5, 22.8, 21.0, 23.0, 21.6, 23.6, 22.5, 20.7, 23.4, 21.8, 20.7, 21.7, 21.5, 22.5, 23.6, 21.5, 22.5, 23.5,
  21.5, 21.8,
];

describe("welchTTest", () => {
  it("matches the reference t, df and p on example 1 (equal n)", () => {
    const r = welchTTest(EX1_A, EX1_B);
    expect(r.t).toBeCloseTo(-2.455356398286006, 10);
    expect(r.df).toBeCloseTo(24.988529290231416, 8);
    expect(r.p).toBeCloseTo(0.021378001462866992, 8);
    expect(r.meanDiff).toBeCloseTo(-2.166666666666668, 10);
  });

  it("matches the reference t, df and p on example 2 (unequal n and variances)", () => {
    const r = welchTTest(EX2_A, EX2_B);
    expect(r.t).toBeCloseTo(-1.5654335235985037, 10);
    expect(r.df).toBeCloseTo(9.904741248650831, 8);
    expect(r.p).toBeCloseTo(0.14884169660532817, 8);
  });

  it("is antisymmetric in its arguments", () => {
    const ab = welchTTest(EX2_A, EX2_B);
    const ba = welchTTest(EX2_B, EX2_A);
    expect(ba.t).toBeCloseTo(-ab.t, 12);
    expect(ba.p).toBeCloseTo(ab.p, 12);
  });

  it("handles constant samples without NaN", () => {
    expect(welchTTest([1, 1, 1], [1, 1])).toMatchObject({ t: 0, p: 1, df: 3 });
    expect(welchTTest([2, 2, 2], [1, 1])).toMatchObject({ t: Infinity, p: 0 });
  });

  it("gives tiny but positive p for a large separation", () => {
    const a = Array.from({ length: 200 }, (_, i) => 1 + (i % 10) * 0.01);
    const b = Array.from({ length: 200 }, (_, i) => (i % 10) * 0.01);
    const r = welchTTest(a, b);
    expect(r.p).toBeLessThan(1e-100);
  });

  it("rejects samples that are too small or not finite", () => {
    expect(() => welchTTest([1], [1, 2])).toThrow(InputError);
    expect(() => welchTTest([1, Number.NaN], [1, 2])).toThrow(/non-finite/);
  });
});

describe("cohensD", () => {
  it("matches the pooled-SD reference values", () => {
    expect(cohensD(EX1_A, EX1_B)).toBeCloseTo(-0.8965693907039232, 10);
    expect(cohensD(EX2_A, EX2_B)).toBeCloseTo(-0.8133457272674168, 10);
  });

  it("is 0 for identical constant samples and infinite for different ones", () => {
    expect(cohensD([3, 3], [3, 3, 3])).toBe(0);
    expect(cohensD([3, 3], [1, 1])).toBe(Infinity);
  });
});

describe("Bonferroni", () => {
  it("multiplies p by the family size, capped at 1, and divides alpha", () => {
    expect(bonferroniP(0.01, 4)).toBeCloseTo(0.04, 12);
    expect(bonferroniP(0.5, 4)).toBe(1);
    expect(bonferroniAlpha(0.05, 4)).toBeCloseTo(0.0125, 12);
  });

  it("rejects an empty family", () => {
    expect(() => bonferroniP(0.01, 0)).toThrow(InputError);
  });
});
