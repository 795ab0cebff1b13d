import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createPrng } from "../util/random.js";
import { ComponentBandit, type ComponentBanditOptions } from "./component-bandit.js";

const OPTIONS: ComponentBanditOptions = {
  components: 12,
  topK: 4,
  threshold: 0.1,
  decay: 0.998,
  priorScale: 0.1,
  priorSd: 0.1,
  poolSd: 0.05,
};

/** P_i favours components 0, 3, 6, 9 — not the beneficial one (7). */
const SCORES = Array.from({ length: 12 }, (_, k) => (k % 3 === 0 ? 0.5 : 0));

/** Plays `turns` Bernoulli outcomes: 0.7 + δ of the carried components + an agent offset. */
function play(bandit: ComponentBandit, delta: number[], turns: number, seed: number) {
  const choose = createPrng(seed);
  const world = createPrng(seed + 1);
  let carried = 0;
  for (let t = 0; t < turns; t++) {
    const agent = t % 6;
    const chosen = bandit.sample(agent, SCORES, choose);
    const p = 0.7 + (agent - 3) * 0.03 + chosen.reduce((s, k) => s + delta[k]!, 0);
    bandit.record(agent, chosen, world.next() < p ? 1 : 0);
    if (t >= turns - 500 && chosen.includes(7)) carried++;
  }
  return carried / 500;
}

describe("ComponentBandit", () => {
  it("finds a beneficial component P_i does not favour and drops a harmful one P_i favours", () => {
    const delta = new Array(12).fill(0);
    delta[7] = 0.15;
    delta[3] = -0.15;
    const bandit = new ComponentBandit(OPTIONS);
    const share = play(bandit, delta, 4000, 5);
    expect(share).toBeGreaterThan(0.9);
    for (let agent = 0; agent < 6; agent++) {
      expect(bandit.greedy(agent, SCORES)).toContain(7);
      expect(bandit.greedy(agent, SCORES)).not.toContain(3);
    }
  });

  it("before any outcome follows the P_i prior (what consensus settled on)", () => {
    const bandit = new ComponentBandit(OPTIONS);
    expect(bandit.greedy(0, SCORES)).toEqual([0, 3, 6, 9]);
    expect(bandit.posterior(0, SCORES, true).every((b) => b.mean === 0)).toBe(true);
  });

  it("does not credit a component with its competitors' harm (regression, not difference of means)", () => {
    // only component 0 matters; the others compete with it for the top-k slots
    const delta = new Array(12).fill(0);
    delta[0] = -0.2;
    const bandit = new ComponentBandit({ ...OPTIONS, priorScale: 0 });
    play(bandit, delta, 3000, 11);
    const posterior = bandit.posterior(0, SCORES, true);
    expect(posterior[0]!.mean).toBeLessThan(-0.1);
    for (const b of posterior.slice(1))
      expect(Math.abs(b.mean)).toBeLessThan(4 * Math.sqrt(b.variance) + 0.02);
  });

  it("restores a snapshot to the same posterior", () => {
    const bandit = new ComponentBandit(OPTIONS);
    play(bandit, new Array(12).fill(0.01), 400, 3);
    const copy = new ComponentBandit(OPTIONS);
    copy.restore(JSON.parse(JSON.stringify(bandit.snapshot())));
    const expected = bandit.posterior(2, SCORES);
    copy.posterior(2, SCORES).forEach((b, k) => {
      expect(b.mean).toBeCloseTo(expected[k]!.mean, 9);
      expect(b.variance).toBeCloseTo(expected[k]!.variance, 9);
    });
    expect(copy.trackedAgents).toBe(6);
  });

  it("samples at most topK distinct components in bank order, whatever was recorded", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.nat(4),
            fc.uniqueArray(fc.nat(11), { maxLength: 6 }),
            fc.double({ min: 0, max: 1, noNaN: true }),
          ),
          {
            maxLength: 60,
          },
        ),
        fc.integer(),
        (outcomes, seed) => {
          const bandit = new ComponentBandit(OPTIONS);
          for (const [agent, included, o] of outcomes)
            bandit.record(
              agent,
              [...included].sort((a, b) => a - b),
              o,
            );
          const chosen = bandit.sample(1, SCORES, createPrng(seed));
          expect(chosen.length).toBeLessThanOrEqual(OPTIONS.topK);
          expect([...chosen].sort((a, b) => a - b)).toEqual(chosen);
          expect(new Set(chosen).size).toBe(chosen.length);
          for (const b of bandit.posterior(1, SCORES)) {
            expect(Number.isFinite(b.mean)).toBe(true);
            expect(b.variance).toBeGreaterThan(0);
          }
        },
      ),
      { verbose: true },
    );
  });

  it("samples an agent without outcomes as a fresh bandit would, before and after others' outcomes (cached posterior)", () => {
    // one bandit kept across turns vs. a bandit rebuilt from the same outcomes for every draw
    const kept = new ComponentBandit(OPTIONS);
    const draws = createPrng(3);
    const replay = createPrng(3);
    const history: [number, number[], number][] = [];
    for (let t = 0; t < 40; t++) {
      const fresh = new ComponentBandit(OPTIONS);
      for (const [agent, chosen, outcome] of history) fresh.record(agent, chosen, outcome);
      // agent 5 never has an outcome of its own; agent 1 moves the pooled prior every 4th turn
      expect(kept.sample(5, SCORES, draws)).toEqual(fresh.sample(5, SCORES, replay));
      expect(kept.greedy(5, SCORES)).toEqual(fresh.greedy(5, SCORES));
      if (t % 4 === 3) {
        const outcome: [number, number[], number] = [1, [t % 12, (t + 5) % 12], t % 3 === 0 ? 0 : 1];
        kept.record(...outcome);
        history.push(outcome);
      }
    }
  });
});
