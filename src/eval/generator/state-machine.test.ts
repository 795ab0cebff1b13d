import { describe, expect, it } from "vitest";
import { createPrng } from "../../util/random.js";
import { expectedLength, middleMix, sampleLength, sampleStates, transitionMatrix } from "./state-machine.js";

const SPEC_MIX = { greeting: 0.1, query: 0.2, information: 0.4, clarification: 0.2, conclusion: 0.1 };

describe("conversation state machine", () => {
  it("has a transition matrix whose stationary distribution is the middle mix", () => {
    const mix = middleMix(SPEC_MIX, expectedLength(4, 40, 2.5));
    const p = transitionMatrix(mix);
    for (const row of p) {
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      for (const v of row) expect(v).toBeGreaterThanOrEqual(0);
    }
    const next = mix.map((_, t) => mix.reduce((sum, m, s) => sum + m * p[s]![t]!, 0));
    for (const [i, v] of next.entries()) expect(v).toBeCloseTo(mix[i]!, 12);
  });

  it("computes the exact mean of its length distribution", () => {
    const rng = createPrng(1);
    let total = 0;
    for (let i = 0; i < 50_000; i++) total += sampleLength(rng, 4, 40, 2.5);
    expect(total / 50_000).toBeCloseTo(expectedLength(4, 40, 2.5), 0);
  });

  it("opens with a greeting and a seed query and ends with a conclusion", () => {
    const mix = middleMix(SPEC_MIX, 12);
    const states = sampleStates(createPrng(2), 9, mix, transitionMatrix(mix));
    expect(states).toHaveLength(9);
    expect(states.slice(0, 2)).toEqual(["greeting", "query"]);
    expect(states.at(-1)).toBe("conclusion");
    expect(sampleStates(createPrng(2), 3, mix, transitionMatrix(mix))).toEqual([
      "greeting",
      "query",
      "conclusion",
    ]);
  });
});
