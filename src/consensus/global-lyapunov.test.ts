import { describe, expect, it } from "vitest";
import { GlobalLyapunov, type TripleSource } from "./global-lyapunov.js";

const dims = { prompt: 4, context: 3, capability: 2 };

function agents(shift: Partial<Record<"prompt" | "context" | "capability", number>> = {}): TripleSource[] {
  return [0, 1].map((i) => ({
    prompt: [1 + i, 0, 0, (shift.prompt ?? 0) + i],
    context: [0, 1, (shift.context ?? 0) + i],
    capability: [0.5, (shift.capability ?? 0) + 0.5],
    utilisation: 1 + i,
  }));
}

describe("GlobalLyapunov (V over the whole triple)", () => {
  it("Φ is the ω-weighted triple; V is 0 at rest", () => {
    const v = new GlobalLyapunov(dims, 10);
    expect(v.update(agents())).toEqual({ total: 0, prompt: 0, context: 0, capability: 0 });
    // ω = (1/3, 2/3): Φ_P[0] = 1/3·1 + 2/3·2
    expect(v.state[0]).toBeCloseTo(5 / 3, 12);
    for (let t = 0; t < 20; t++) expect(v.update(agents()).total).toBeCloseTo(0, 12);
  });

  it("each block of the triple moves V: P, C and M alike", () => {
    for (const block of ["prompt", "context", "capability"] as const) {
      const v = new GlobalLyapunov(dims, 10);
      for (let t = 0; t < 5; t++) v.update(agents());
      const moved = v.update(agents({ [block]: 0.3 }));
      // Φ's block moved by 0.3 (ω sums to 1): V = ½·0.3²
      expect(moved[block]).toBeCloseTo(0.045, 9);
      expect(moved.total).toBeCloseTo(0.045, 9);
      for (const other of ["prompt", "context", "capability"] as const)
        if (other !== block) expect(moved[other]).toBeCloseTo(0, 12);
    }
  });

  it("decays to 0 as the state settles at a new point (Φ* follows)", () => {
    const v = new GlobalLyapunov(dims, 5);
    v.update(agents());
    let previous = v.update(agents({ context: 1 })).total;
    expect(previous).toBeGreaterThan(0);
    for (let t = 0; t < 60; t++) {
      const now = v.update(agents({ context: 1 })).total;
      expect(now).toBeLessThanOrEqual(previous + 1e-15);
      previous = now;
    }
    expect(previous).toBeLessThan(1e-4);
  });

  it("an agent without C_i counts as zeros; zero utilisation everywhere means uniform ω", () => {
    const v = new GlobalLyapunov(dims, 10);
    v.update([
      { prompt: [2, 0, 0, 0], context: null, capability: [1, 1], utilisation: 0 },
      { prompt: [0, 0, 0, 0], context: [1, 1, 1], capability: [0, 0], utilisation: 0 },
    ]);
    expect(Array.from(v.state)).toEqual([1, 0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5]);
  });
});
