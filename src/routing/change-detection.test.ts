import { describe, expect, it } from "vitest";
import { resolveConfig } from "../config/resolve.js";
import type { TurnFeatures } from "../state/types.js";
import { createPrng } from "../util/random.js";
import { ContextualModel, type ContextualSettings, type TurnSignal } from "./contextual-model.js";
import { contextualRoute } from "./contextual-router.js";
import { RoutingTable } from "./routing-table.js";

// Issues 10/11: learning that corrects wrong declarations. These fail when change detection
// (`changeDrop`) or the conversation's outcome evidence (`outcomeEvidence`) is unwired.

const routing = resolveConfig().routing;

function settings(changeDrop: number): ContextualSettings {
  return {
    declaredPrecision: routing.declaredPrecision,
    undeclaredPrecision: routing.undeclaredPrecision,
    capabilityPrior: routing.capabilityPrior,
    forgetting: routing.forgetting,
    taskSharpness: 1,
    contextPrecision: routing.contextPrecision,
    changeDrop,
    changeThreshold: routing.changeThreshold,
    changeExploration: routing.changeExploration,
  };
}

function features(scores: number[]): TurnFeatures & TurnSignal {
  return {
    taskIndex: scores.indexOf(Math.max(...scores)),
    taskScores: Float32Array.from(scores),
    modalityIndex: 0,
    modalityScores: Float32Array.of(1),
    confidence: 1,
    complexity: { syntacticDepth: 1, entityCount: 0, inferenceSteps: 1 },
    entities: [],
    tokenCount: 3,
  };
}

/**
 * One task type, fresh conversations (no serving agent), default routing settings. `truth(a, i)`
 * is agent a's success rate at turn i; agent 0 declares the type at `declared`, the others
 * declare nothing. Returns the agent chosen per turn.
 */
function play(
  agents: number,
  declared: number,
  truth: (a: number, i: number) => number,
  turns: number,
  changeDrop: number,
  seed: number,
): number[] {
  const m = new ContextualModel(agents, 1, settings(changeDrop), seed);
  m.setPrior(0, [declared], [true]);
  for (let a = 1; a < agents; a++) m.setPrior(a, [0.5], [false]);
  const table = new RoutingTable(agents, 1);
  table.contextual = m;
  const all = Int32Array.from({ length: agents }, (_, i) => i);
  const rng = createPrng(seed);
  const chosen: number[] = [];
  const turn = features([1]);
  for (let i = 0; i < turns; i++) {
    const a = contextualRoute(table, m, turn, all, { cell: 0, previous: -1 }, routing)!.agentIndex;
    chosen.push(a);
    m.update(a, turn, rng.next() < truth(a, i) ? 1 : 0);
  }
  return chosen;
}

const share = (chosen: number[], agent: number, from: number, to: number) =>
  chosen.slice(from, to).filter((a) => a === agent).length / (to - from);

describe("change detection (routing.changeDrop)", () => {
  // agent 0 declared 0.9, really 0.95, drifts to 0.6 at turn 400; agent 1 (undeclared) is 0.8
  const drift = (a: number, i: number) => (a === 0 ? (i < 400 ? 0.95 : 0.6) : a === 1 ? 0.8 : 0.45);

  it("halves the traffic to an agent whose success drops within 100 turns of the drift", () => {
    for (const seed of [1, 2, 3]) {
      const chosen = play(4, 0.9, drift, 600, 0.2, seed);
      const before = share(chosen, 0, 300, 400);
      expect(before, `seed ${seed}`).toBeGreaterThan(0.8);
      expect(share(chosen, 0, 450, 500), `seed ${seed}`).toBeLessThanOrEqual(before / 2);
      // and the traffic goes to the agent that is now best
      expect(share(chosen, 1, 500, 600), `seed ${seed}`).toBeGreaterThan(0.5);
    }
  });

  it("is what moves the traffic: without it the degraded agent keeps it", () => {
    const chosen = play(4, 0.9, drift, 600, 0, 1);
    expect(share(chosen, 0, 450, 600)).toBeGreaterThan(0.8);
  });

  it("overturns an over-claimed declaration and finds the undeclared agent that is strong", () => {
    // agent 0 declares 0.9 but succeeds 0.35; agent 3 declares nothing and succeeds 0.9
    const overClaim = (a: number) => (a === 0 ? 0.35 : a === 3 ? 0.9 : 0.35);
    for (const seed of [1, 2, 3]) {
      const chosen = play(4, 0.9, overClaim, 400, 0.2, seed);
      expect(share(chosen, 3, 200, 400), `seed ${seed}`).toBeGreaterThan(0.7);
    }
  });

  it("rarely fires on an agent that does what it declared (false alarms over 20 seeds × 2,000 outcomes)", () => {
    // measured: threshold 5 → 0.8 false alarms per 2,000 outcomes, 6 (default) → 0.15, 7 → 0.05
    let alarms = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const m = new ContextualModel(1, 1, settings(0.2), 5);
      m.setPrior(0, [0.9], [true]);
      const rng = createPrng(seed);
      const turn = features([1]);
      for (let i = 0; i < 2000; i++) m.update(0, turn, rng.next() < 0.9 ? 1 : 0);
      alarms += m.changes;
    }
    expect(alarms / 20).toBeLessThanOrEqual(0.3);
  });
});

describe("outcome evidence (routing.outcomeEvidence)", () => {
  it("turns a specialist's failure into evidence against its task type", () => {
    // two specialists (0.9 on their own type); the classifier leans to type 0
    const m = new ContextualModel(2, 2, settings(0), 1);
    m.setPrior(0, [0.9, 0.5], [true, false]);
    m.setPrior(1, [0.5, 0.9], [false, true]);
    const table = new RoutingTable(2, 1);
    table.contextual = m;
    const all = Int32Array.of(0, 1);
    const greedy = { ...routing, posteriorScale: 0 };
    const lean = features([0.7, 0.3]);
    expect(contextualRoute(table, m, lean, all, { cell: 0, previous: -1 }, greedy)?.agentIndex).toBe(0);
    const evidence = new Float64Array(m.dim);
    m.addOutcomeEvidence(0, 0, evidence);
    expect(evidence[0]).toBeLessThan(evidence[1]!);
    const corrected = { cell: 0, previous: -1, taskEvidence: evidence };
    expect(contextualRoute(table, m, lean, all, corrected, greedy)?.agentIndex).toBe(1);
    // a success points the other way: the conversation stays
    const kept = new Float64Array(m.dim);
    m.addOutcomeEvidence(0, 1, kept);
    expect(kept[0]).toBeGreaterThan(kept[1]!);
  });
});
