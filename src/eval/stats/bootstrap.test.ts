import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../util/random.js";
import { bootstrapMeanDiff } from "./bootstrap.js";
import { compareSamples } from "./compare.js";

/** Normal(mu, sigma) draws via Box–Muller from a seeded stream. */
function normals(n: number, mu: number, sigma: number, seed: number): Float64Array {
  const rand = mulberry32(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = 1 - rand();
    out[i] = mu + sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  }
  return out;
}

describe("mulberry32", () => {
  it("is deterministic per seed, differs across seeds and stays in [0, 1)", () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const c = mulberry32(8);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(xs.slice(0, 5)).not.toEqual(Array.from({ length: 5 }, () => c()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1);
  });
});

describe("bootstrapMeanDiff", () => {
  const a = normals(300, 0.89, 0.1, 1);
  const b = normals(300, 0.72, 0.12, 2);
  const options = { resamples: 10_000, seed: 42, level: 0.95 };

  it("is reproducible for a seed", () => {
    expect(bootstrapMeanDiff(a, b, options)).toEqual(bootstrapMeanDiff(a, b, options));
    const other = bootstrapMeanDiff(a, b, { ...options, seed: 43 });
    expect(other.lo).not.toBe(bootstrapMeanDiff(a, b, options).lo);
  });

  it("contains the true mean difference (0.17) and brackets the estimate", () => {
    const ci = bootstrapMeanDiff(a, b, options);
    expect(ci.lo).toBeLessThan(0.17);
    expect(ci.hi).toBeGreaterThan(0.17);
    expect(ci.lo).toBeLessThan(ci.estimate);
    expect(ci.hi).toBeGreaterThan(ci.estimate);
    // width ≈ 2·1.96·√(0.1²/300 + 0.12²/300) ≈ 0.0354 for these populations
    expect(ci.hi - ci.lo).toBeGreaterThan(0.025);
    expect(ci.hi - ci.lo).toBeLessThan(0.045);
  });

  it("collapses to a point for constant samples", () => {
    const ci = bootstrapMeanDiff([1, 1, 1], [0.5, 0.5], options);
    expect(ci).toMatchObject({ lo: 0.5, hi: 0.5, estimate: 0.5 });
  });

  it("rejects invalid options", () => {
    expect(() => bootstrapMeanDiff(a, b, { ...options, resamples: 0 })).toThrow(/resamples/);
    expect(() => bootstrapMeanDiff(a, b, { ...options, level: 1 })).toThrow(/level/);
  });
});

describe("compareSamples", () => {
  it("combines Welch, Bonferroni, d and the bootstrap CI consistently", () => {
    const a = normals(200, 0.85, 0.1, 3);
    const b = normals(200, 0.8, 0.1, 4);
    const c = compareSamples(a, b, { resamples: 2000, seed: 1, comparisons: 4, alpha: 0.05, level: 0.95 });
    expect(c.meanDiff).toBeCloseTo(c.meanA - c.meanB, 12);
    expect(c.pAdjusted).toBeCloseTo(Math.min(1, c.p * 4), 12);
    expect(c.alphaAdjusted).toBeCloseTo(0.0125, 12);
    expect(c.significant).toBe(c.p < 0.0125);
    expect(c.ci.lo).toBeLessThan(c.meanDiff);
    expect(c.ci.hi).toBeGreaterThan(c.meanDiff);
    expect(c.cohensD).toBeGreaterThan(0);
    expect(c.nA).toBe(200);
  });
});
