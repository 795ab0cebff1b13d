import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RandomProjection } from "../state/random-projection.js";
import { createPrng, type Prng } from "../util/random.js";
import { ContextAffinity } from "./context-affinity.js";

const W0 = new RandomProjection(64, 192, 42);

function unit(dim: number, random: Prng): Float32Array {
  const v = Float32Array.from({ length: dim }, () => random.gaussian());
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

function cosine(a: Float32Array, b: Float32Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return ab / Math.sqrt(aa * bb);
}

/** C = W₀·z, as the context stage computes it. */
function context(z: Float32Array): Float32Array {
  const out = new Float32Array(W0.outDim);
  W0.project(z, out);
  return out;
}

describe("ContextAffinity", () => {
  it("estimates cos(W₀·e, C_i) on the sketch (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (seed, mix) => {
          const random = createPrng(seed);
          const affinity = new ContextAffinity(1, W0, 64, seed);
          // a turn that is `mix` of the agent's context plus noise: every similarity in [−1, 1] occurs
          const z = unit(64, random);
          const noise = unit(64, random);
          const e = z.map((x, i) => mix * x + (1 - mix) * noise[i]!);
          const c = context(z);
          affinity.setContext(0, c);
          affinity.loadTurn(e);
          // a 64-dimensional Gaussian sketch estimates a cosine ρ with standard deviation
          // ≈ (1 − ρ²)/√64: within 5 of them (a fixed 0.35 failed ~0.5 % of draws, so the
          // property failed one run in five), plus float error
          const exact = cosine(context(e), c);
          const tolerance = (5 * (1 - exact * exact)) / Math.sqrt(64) + 0.02;
          expect(Math.abs(affinity.similarity(0) - exact)).toBeLessThan(tolerance);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("orders agents by how close their C_i is to the turn", () => {
    const random = createPrng(3);
    const affinity = new ContextAffinity(3, W0, 32, 1);
    const topic = unit(64, random);
    const other = unit(64, random);
    affinity.setContext(0, context(topic));
    affinity.setContext(1, context(other));
    affinity.loadTurn(topic);
    expect(affinity.similarity(0)).toBeGreaterThan(0.95);
    expect(affinity.similarity(0)).toBeGreaterThan(affinity.similarity(1) + 0.5);
    // agent 2 has no context yet; a zero C_i (an empty window) is none either
    expect(affinity.similarity(2)).toBeNaN();
    affinity.setContext(0, new Float32Array(W0.outDim));
    expect(affinity.similarity(0)).toBeNaN();
  });

  it("has no feature for a turn without an embedding or with one of another size", () => {
    const affinity = new ContextAffinity(1, W0, 8, 1);
    affinity.setContext(0, context(unit(64, createPrng(1))));
    affinity.loadTurn(undefined);
    expect(affinity.similarity(0)).toBeNaN();
    affinity.loadTurn(new Float32Array(10).fill(1));
    expect(affinity.similarity(0)).toBeNaN();
    expect(() => affinity.setContext(0, new Float32Array(5))).toThrow(/dimension/);
  });
});
