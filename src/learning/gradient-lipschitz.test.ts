import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GradientLipschitzProbe } from "./gradient-lipschitz.js";

/** g(p) = −(k·(u·p)u + c·p): a ∇Q with Lipschitz constant max(k + c, c) along the unit vector u. */
function anisotropic(dim: number, k: number, c: number, seed: number) {
  const u = new Float32Array(dim);
  for (let d = 0; d < dim; d++) u[d] = Math.sin(seed + 1.7 * d);
  const n = Math.hypot(...u);
  for (let d = 0; d < dim; d++) u[d] = u[d]! / n;
  return (p: Float32Array) => {
    let along = 0;
    for (let d = 0; d < dim; d++) along += u[d]! * p[d]!;
    return Float32Array.from(p, (x, d) => -(k * along * u[d]! + c * x));
  };
}

describe("GradientLipschitzProbe", () => {
  it("finds the largest stretch of a linear map by power iteration (not a random direction's)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 8, max: 64 }),
        fc.double({ min: 0.5, max: 50, noNaN: true }),
        fc.integer({ min: 0, max: 1000 }),
        (dim, k, seed) => {
          const map = anisotropic(dim, k, 0.1, seed);
          const probe = new GradientLipschitzProbe(seed);
          const point = Float32Array.from({ length: dim }, (_, d) => Math.cos(seed + d));
          const first = probe.observe(point, map, 0.1);
          for (let i = 0; i < 30; i++) probe.observe(point, map, 0.1);
          // a random direction sees about k/√dim; the power iteration finds k + c
          expect(probe.value).toBeGreaterThan(0.97 * (k + 0.1));
          expect(probe.value).toBeLessThan(1.03 * (k + 0.1));
          expect(first).toBeLessThanOrEqual(probe.value + 1e-9);
        },
      ),
      { numRuns: 40, verbose: true },
    );
  });

  it("is 0 for a constant map and forgets a stiff map slowly", () => {
    const probe = new GradientLipschitzProbe(1);
    const point = Float32Array.from({ length: 16 }, (_, d) => d / 16);
    probe.observe(point, () => new Float32Array(16).fill(3), 0.1);
    expect(probe.value).toBe(0);
    probe.observe(point, anisotropic(16, 10, 0, 2), 0.1);
    const stiff = probe.value;
    expect(stiff).toBeGreaterThan(0);
    probe.observe(point, () => new Float32Array(16), 0.1);
    expect(probe.value).toBeCloseTo(stiff * 0.99, 6);
  });
});
