import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../config/resolve.js";
import { RandomProjection } from "../state/random-projection.js";
import type { TurnFeatures } from "../state/types.js";
import { createPrng } from "../util/random.js";
import { ContextAffinity } from "./context-affinity.js";
import { ContextualModel, type TurnSignal } from "./contextual-model.js";
import { contextualRoute } from "./contextual-router.js";
import { RoutingTable } from "./routing-table.js";

const routing = resolveConfig().routing;
const settings = {
  declaredPrecision: 4,
  undeclaredPrecision: 1,
  capabilityPrior: 0.5,
  forgetting: 0.995,
  taskSharpness: 1,
  contextPrecision: 4,
  changeDrop: 0,
  changeThreshold: 5,
  changeExploration: 20,
};

function turn(scores: number[], confidence = 1): TurnSignal & TurnFeatures {
  const taskScores = Float32Array.from(scores);
  let taskIndex = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i]! > scores[taskIndex]!) taskIndex = i;
  return {
    taskIndex,
    taskScores,
    modalityIndex: 0,
    modalityScores: Float32Array.of(1),
    confidence,
    complexity: { syntacticDepth: 1, entityCount: 0, inferenceSteps: 1 },
    entities: [],
    tokenCount: 3,
  };
}

/** A model of `agents` agents over `types` task types; agent i declares type i at 0.8 when i < declaredUpTo. */
function model(agents: number, types: number, declaredUpTo = agents): ContextualModel {
  const m = new ContextualModel(agents, types, settings, 1);
  for (let a = 0; a < agents; a++) {
    const capability = Array.from({ length: types }, (_, t) => (t === a ? 0.8 : 0.5));
    const declared = Array.from({ length: types }, (_, t) => t === a && a < declaredUpTo);
    m.setPrior(a, capability, declared);
  }
  return m;
}

const oneHot = (types: number, t: number) => turn(Array.from({ length: types }, (_, k) => (k === t ? 1 : 0)));

describe("ContextualModel", () => {
  it("starts from the declared capabilities", () => {
    const m = model(2, 2);
    expect(m.expected(0, oneHot(2, 0))).toBeCloseTo(0.8, 5);
    expect(m.expected(1, oneHot(2, 0))).toBeCloseTo(0.5, 5);
  });

  it("converges to an agent's true success rate under honest feedback (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.integer({ min: 1, max: 1e6 }),
        (rate, seed) => {
          const m = model(1, 3);
          const rng = createPrng(seed);
          for (let i = 0; i < 800; i++) m.update(0, oneHot(3, 0), rng.next() < rate ? 1 : 0);
          expect(Math.abs(m.expected(0, oneHot(3, 0)) - rate)).toBeLessThan(0.12);
        },
      ),
      { numRuns: 20 },
    );
  });

  it("blames the task type the outcome points to, not the agent's declared one", () => {
    const m = model(1, 2);
    // the classifier is torn between type 0 (declared, 0.8) and type 1; the agent fails repeatedly
    for (let i = 0; i < 30; i++) m.update(0, turn([0.5, 0.5]), 0);
    const own = m.expected(0, oneHot(2, 0));
    const other = m.expected(0, oneHot(2, 1));
    expect(other).toBeLessThan(0.35);
    expect(own).toBeGreaterThan(other + 0.25);
  });

  it("learns the prior of undeclared types across agents (empirical Bayes)", () => {
    const m = model(4, 4);
    expect(m.undeclaredRate()).toBeCloseTo(0.5, 5);
    // agents 0 and 1 fail on type 3, which neither declared
    for (let i = 0; i < 40; i++) {
      m.update(0, oneHot(4, 3), 0);
      m.update(1, oneHot(4, 3), 0);
    }
    expect(m.undeclaredRate()).toBeLessThan(0.2);
    // agent 2 was never tried on type 2's neighbours: its undeclared cells follow the learned prior
    expect(m.expected(2, oneHot(4, 0))).toBeLessThan(0.3);
    // declarations stay the user's word
    expect(m.expected(3, oneHot(4, 3))).toBeCloseTo(0.8, 5);
  });

  it("round-trips its posterior and rejects another shape", () => {
    const m = model(2, 3);
    m.update(0, oneHot(3, 1), 1);
    const copy = model(2, 3);
    expect(copy.restore(m.serialize())).toBe(true);
    expect(copy.expected(0, oneHot(3, 1))).toBeCloseTo(m.expected(0, oneHot(3, 1)), 12);
    expect(model(3, 3).restore(m.serialize())).toBe(false);
  });
});

describe("contextualRoute", () => {
  const table = (m: ContextualModel, agents: number) => {
    const t = new RoutingTable(agents, 1);
    t.contextual = m;
    return t;
  };
  const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
  const greedy = { ...routing, posteriorScale: 0, switchCost: 0.1 };

  it("keeps the serving agent unless the expected gain beats the switching cost", () => {
    const m = model(2, 2);
    // type 0 with 0.55 mass: agent 0 expects 0.5 + 0.3·0.55 = 0.665, agent 1 0.5 + 0.3·0.45 = 0.635
    const unsure = turn([0.55, 0.45], 0.1);
    expect(
      contextualRoute(table(m, 2), m, unsure, all(2), { cell: 0, previous: 1 }, greedy)?.agentIndex,
    ).toBe(1);
    const free = { ...greedy, switchCost: 0 };
    expect(contextualRoute(table(m, 2), m, unsure, all(2), { cell: 0, previous: 1 }, free)?.agentIndex).toBe(
      0,
    );
    // a turn that clearly names type 0 pays for the handoff
    const clear = turn([1, 0], 1);
    expect(contextualRoute(table(m, 2), m, clear, all(2), { cell: 0, previous: 1 }, greedy)?.agentIndex).toBe(
      0,
    );
  });

  it("weighs the switching cost by the conversation's continuity (1 − the classifier's switch hazard)", () => {
    const m = model(2, 2);
    // gain 0.03: below 0.1 × (1 − 0.1) × (1 − 0.05), above it when tasks rarely persist (h = 0.8)
    const persisting = { ...turn([0.55, 0.45], 0.1), switchHazard: 0.1 };
    const hopping = { ...turn([0.55, 0.45], 0.1), switchHazard: 0.8 };
    const route = (f: TurnFeatures & TurnSignal) =>
      contextualRoute(table(m, 2), m, f, all(2), { cell: 0, previous: 1 }, greedy)?.agentIndex;
    expect(route(persisting)).toBe(1);
    expect(route(hopping)).toBe(0);
  });

  it("multiplies by the load headroom and skips unavailable agents", () => {
    // the paper's load term, 1 − L_a, read from the table (the deadline model is tested in load.test.ts)
    const paper = { ...greedy, load: "paper" as const };
    const m = model(2, 1);
    const t = table(m, 2);
    t.load[0] = 0.9;
    const d = contextualRoute(t, m, oneHot(1, 0), all(2), { cell: 0, previous: -1 }, paper);
    expect(d?.agentIndex).toBe(1);
    t.available[1] = 0;
    expect(contextualRoute(t, m, oneHot(1, 0), all(2), { cell: 0, previous: -1 }, paper)?.agentIndex).toBe(0);
  });

  it("explores a new undeclared agent, then stops sending turns to agents that are far worse", () => {
    // 4 agents on one task type; true success 0.95 (declared), 0.5, 0.4 and a new undeclared 0.97
    const truth = [0.95, 0.5, 0.4, 0.97];
    const m = new ContextualModel(4, 1, settings, 3);
    m.setPrior(0, [0.8], [true]);
    for (let a = 1; a < 4; a++) m.setPrior(a, [0.5], [false]);
    const t = table(m, 4);
    const rng = createPrng(9);
    const counts = [0, 0, 0, 0];
    let badLate = 0;
    const turns = 3000;
    for (let i = 0; i < turns; i++) {
      const features = oneHot(1, 0);
      const d = contextualRoute(
        t,
        m,
        features,
        all(4),
        { cell: 0, previous: -1 },
        { ...routing, posteriorScale: 1 },
      );
      const a = d!.agentIndex;
      counts[a]!++;
      if (i >= 1000 && truth[a]! <= Math.max(...truth) - 0.3) badLate++;
      m.update(a, features, rng.next() < truth[a]! ? 1 : 0);
    }
    expect(counts[3]).toBeGreaterThan(turns / 2); // the undeclared best agent was found
    expect(badLate / (turns - 1000)).toBeLessThan(0.03);
  });
});

describe("C_i as a routing feature (issue 17)", () => {
  const W0 = new RandomProjection(64, 192, 42);
  const project = (z: Float32Array) => {
    const out = new Float32Array(W0.outDim);
    W0.project(z, out);
    return out;
  };
  const topic = (seed: number) => {
    const random = createPrng(seed);
    const v = Float32Array.from({ length: 64 }, () => random.gaussian());
    const n = Math.hypot(...v);
    return v.map((x) => x / n);
  };
  const topics = [topic(1), topic(2)];
  const all = Int32Array.of(0, 1);
  const thompson = { ...routing, posteriorScale: 1 };

  /**
   * Two agents alike in everything but C_i; each step the agents hold random topics (their C_i)
   * and a turn on a random topic succeeds with 0.9 on the agent whose C_i holds its topic, 0.2 on
   * the other. Returns θ and the share of the last 300 turns routed to the matching agent.
   */
  function play(withFeature: boolean, seed: number): { theta: number; matched: number } {
    const affinity = withFeature ? new ContextAffinity(2, W0, 16, 7) : null;
    const m = new ContextualModel(2, 1, settings, seed, affinity);
    for (let a = 0; a < 2; a++) m.setPrior(a, [0.5], [false]);
    const t = new RoutingTable(2, 1);
    t.contextual = m;
    const world = createPrng(seed + 1);
    let matched = 0;
    const steps = 900;
    for (let i = 0; i < steps; i++) {
      const held = world.int(0, 1); // agent 0 holds topic `held`, agent 1 the other
      affinity?.setContext(0, project(topics[held]!));
      affinity?.setContext(1, project(topics[1 - held]!));
      const asked = world.int(0, 1);
      const features = oneHot(1, 0);
      const d = contextualRoute(
        t,
        m,
        features,
        all,
        { cell: 0, previous: -1, embedding: topics[asked] },
        thompson,
      )!;
      const match = (d.agentIndex === 0) === (held === asked);
      if (i >= steps - 300 && match) matched++;
      const signal = { ...features, contextSimilarity: d.contextSimilarity };
      m.update(d.agentIndex, signal, world.next() < (match ? 0.9 : 0.2) ? 1 : 0);
    }
    return { theta: m.contextEffect(), matched: matched / 300 };
  }

  it("learns that a turn close to an agent's C_i succeeds there, and routes by it", () => {
    const wired = play(true, 11);
    expect(wired.theta).toBeGreaterThan(1);
    expect(wired.matched).toBeGreaterThan(0.85);
    // without the feature the agents look alike: routing is a coin toss on C_i
    const unwired = play(false, 11);
    expect(unwired.theta).toBe(0);
    expect(unwired.matched).toBeLessThan(0.65);
  });

  it("decides by C_i once θ is learned: swapping the two agents' contexts swaps the choice", () => {
    const affinity = new ContextAffinity(2, W0, 16, 7);
    const m = new ContextualModel(2, 1, settings, 5, affinity);
    for (let a = 0; a < 2; a++) m.setPrior(a, [0.5], [false]);
    // outcomes that say: close to C_i succeeds, far fails (x as routing saw it)
    // (both agents alike, so only θ can tell them apart)
    for (let i = 0; i < 60; i++) {
      for (const a of [0, 1]) {
        m.update(a, { ...oneHot(1, 0), contextSimilarity: 0.9 }, 1);
        m.update(a, { ...oneHot(1, 0), contextSimilarity: 0.1 }, 0);
      }
    }
    expect(m.contextEffect()).toBeGreaterThan(0);
    const t = new RoutingTable(2, 1);
    t.contextual = m;
    const greedyRoute = (embedding: Float32Array) =>
      contextualRoute(
        t,
        m,
        oneHot(1, 0),
        all,
        { cell: 0, previous: -1, embedding },
        { ...routing, posteriorScale: 0 },
      )!;
    affinity.setContext(0, project(topics[0]!));
    affinity.setContext(1, project(topics[1]!));
    const first = greedyRoute(topics[0]!);
    expect(first.agentIndex).toBe(0);
    expect(first.contextSimilarity).toBeGreaterThan(0.9);
    affinity.setContext(0, project(topics[1]!));
    affinity.setContext(1, project(topics[0]!));
    expect(greedyRoute(topics[0]!).agentIndex).toBe(1);
  });

  it("saves θ and x̄ with the posterior and still reads a blob from before the feature", () => {
    const m = new ContextualModel(2, 1, settings, 5, null);
    for (let i = 0; i < 20; i++) m.update(0, { ...oneHot(1, 0), contextSimilarity: i % 2 }, i % 2);
    const copy = new ContextualModel(2, 1, settings, 5, null);
    expect(copy.restore(m.serialize())).toBe(true);
    expect(copy.contextEffect()).toBe(m.contextEffect());
    expect(copy.serialize()).toEqual(m.serialize());
    // the legacy layout: 4 header numbers, then means and precisions
    const legacy = new Float64Array(m.serialize().buffer).slice();
    const old = Float64Array.of(...legacy.subarray(0, 4), ...legacy.subarray(8));
    const fresh = new ContextualModel(2, 1, settings, 5, null);
    expect(fresh.restore(new Uint8Array(old.buffer))).toBe(true);
    expect(fresh.contextEffect()).toBe(0);
    expect(fresh.expected(0, oneHot(1, 0))).toBeCloseTo(m.expected(0, oneHot(1, 0)), 1);
  });
});
