/**
 * The stability clamp covers the whole update (issue 17): L = λ + β·L_Q/α with λ the consensus
 * field's constant and L_Q the observed Lipschitz constant of ∇Q. With the default α = 0.2 the
 * consensus term alone never triggers the clamp (λ ≤ 2, so s/(2λ) ≥ 0.225); a stiff ∇Q does.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { configSchema } from "../config/schema.js";
import { GradientLipschitzProbe } from "../learning/gradient-lipschitz.js";
import { ConsensusEngine } from "./consensus-engine.js";
import { randomUnitVectors, ringGraph } from "./graph-generators.js";
import { stepSizes } from "./tick-inputs.js";
import type { ConsensusAgent } from "./types.js";

const DIM = 32;
const N = 16;

function world(beta: number) {
  const config = configSchema.parse({ state: { promptDim: DIM }, consensus: { alpha: 0.2, beta } });
  const warnings: string[] = [];
  const engine = ConsensusEngine.fromConfig(config, { onWarning: (m) => warnings.push(m) });
  for (const [a, b] of ringGraph(N)) engine.observeHandoff(`a${a}`, `a${b}`, 1);
  const agents: ConsensusAgent[] = randomUnitVectors(N, DIM, 5).map((prompt, i) => ({
    id: `a${i}`,
    prompt,
    utilisation: 1,
  }));
  const targets = randomUnitVectors(N, DIM, 9);
  // ∇Q_i(P) = −K·(P − t_i): Q pulls each agent toward its own target; Lipschitz constant K
  const K = 6;
  const gradientAt = (i: number, p: Float32Array) =>
    Float32Array.from(p, (x, d) => -K * (x - targets[i]![d]!));
  const gradQ = (id: string) => {
    const i = Number(id.slice(1));
    return gradientAt(i, agents[i]!.prompt);
  };
  return { engine, agents, warnings, gradQ, gradientAt, K };
}

describe("stability clamp over consensus term + β∇Q", () => {
  it("α·λ + β·L_Q stays within s/2, and L_Q = 0 is the consensus-only clamp", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.5, max: 2, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (alpha, beta, lambda, lq) => {
          const s = stepSizes(alpha, beta, lambda, lq, 0.9);
          expect(s.alpha * lambda + s.beta * lq).toBeLessThanOrEqual(0.45 + 1e-12);
          expect(s.alpha).toBeLessThanOrEqual(alpha);
          expect(s.beta).toBeLessThanOrEqual(beta);
          expect(s.alpha).toBeLessThanOrEqual(0.9 / (2 * s.lipschitz) + 1e-12);
          const alone = stepSizes(alpha, beta, lambda, 0, 0.9);
          expect(alone.alpha).toBeCloseTo(Math.min(alpha, 0.9 / (2 * lambda)), 12);
          expect(alone.beta).toBe(beta);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("fires when the observed ∇Q map makes α = 0.2 exceed 0.9/(2L), and the update stays stable", () => {
    const { engine, agents, warnings, gradQ, gradientAt, K } = world(0.05);
    // consensus alone: L = λ ≤ 2, α = 0.2 < 0.9/(2λ): no clamp
    const alone = engine.tick(agents);
    expect(alone.consensusLipschitz).toBeGreaterThan(1.5);
    expect(alone.alphaUsed).toBe(0.2);
    expect(alone.warning).toBeUndefined();
    // L_Q observed from the map itself (secant power probe), not given
    const probe = new GradientLipschitzProbe(3);
    for (let t = 0; t < 5; t++) probe.observe(agents[t % N]!.prompt, (p) => gradientAt(t % N, p), 0.1);
    expect(probe.value).toBeCloseTo(K, 3);
    const report = engine.tick(agents, gradQ, probe.value);
    // at the configured steps L = λ + β·L_Q/α ≈ 2 + 1.5: 0.2 > 0.9/(2L) ≈ 0.13
    expect(0.2).toBeGreaterThan(0.9 / (2 * (report.consensusLipschitz + (0.05 * K) / 0.2)));
    expect(report.warning).toMatch(/exceeds the stability bound/);
    expect(report.warning).toMatch(/β∇Q term/);
    expect(report.gradientLipschitz).toBeCloseTo(K, 3);
    expect(report.alphaUsed).toBeLessThan(0.2);
    expect(report.alphaUsed).toBeLessThanOrEqual(0.9 / (2 * report.lipschitz) + 1e-12);
    // the clamp holds for the L_Q it observed (the probe's estimate, within 1e-3 of K)
    expect(
      report.alphaUsed * report.consensusLipschitz + report.betaUsed * report.gradientLipschitz,
    ).toBeLessThanOrEqual(0.45 + 1e-9);
    expect(warnings).toHaveLength(1);
    // stable: the ticks keep converging and the prompts stay bounded
    for (let t = 0; t < 100; t++) {
      const r = engine.tick(agents, gradQ, probe.value);
      expect(r.converged).toBe(true);
    }
    for (const a of agents)
      for (const x of a.prompt) expect(Number.isFinite(x) && Math.abs(x) < 10).toBe(true);
  });
});
