import { describe, expect, it } from "vitest";
import { configSchema, type RapoConfig } from "../config/schema.js";
import { InputError } from "../errors.js";
import { ConsensusEngine } from "./consensus-engine.js";
import { buildConsensusGraph } from "./consensus-graph.js";
import { type Edge, randomSparseGraph, randomUnitVectors, ringGraph, starGraph } from "./graph-generators.js";
import { lyapunov } from "./lyapunov.js";
import type { ConsensusAgent } from "./types.js";

const DIM = 64;

function setup(edges: Edge[], n: number, consensus: Partial<RapoConfig["consensus"]> = {}, seed = 1) {
  const config = configSchema.parse({ state: { promptDim: DIM }, consensus });
  const warnings: string[] = [];
  const engine = ConsensusEngine.fromConfig(config, { onWarning: (m) => warnings.push(m) });
  for (const [a, b] of edges) engine.observeHandoff(`a${a}`, `a${b}`, 1);
  const agents: ConsensusAgent[] = randomUnitVectors(n, DIM, seed).map((prompt, i) => ({
    id: `a${i}`,
    prompt,
    utilisation: 1 + (i % 3),
  }));
  return { engine, agents, warnings, config };
}

function bytes(agents: ConsensusAgent[]): Uint8Array[] {
  return agents.map(
    (a) =>
      new Uint8Array(a.prompt.buffer.slice(a.prompt.byteOffset, a.prompt.byteOffset + a.prompt.byteLength)),
  );
}

/** max_i ‖P_i − P_0‖: the spread of the configuration. */
function spread(agents: ConsensusAgent[]): number {
  let max = 0;
  for (const a of agents)
    max = Math.max(max, Math.hypot(...a.prompt.map((x, d) => x - agents[0]!.prompt[d]!)));
  return max;
}

const GRAPHS: [string, (n: number) => Edge[]][] = [
  ["ring", ringGraph],
  ["random sparse", (n) => randomSparseGraph(n, 6, 7)],
  ["star", starGraph],
];

describe("ConsensusEngine convergence", () => {
  it.each(GRAPHS)(
    "on a %s graph V decreases monotonically and consensus is reached within 1/(αε) ticks",
    (_, make) => {
      const n = 24;
      const { engine, agents, warnings } = setup(make(n), n);
      const epsilon = 1e-3;
      let previous = Number.POSITIVE_INFINITY;
      let ticks = 0;
      let alpha = 0;
      for (; ticks < 10_000; ticks++) {
        const report = engine.tick(agents);
        expect(report.converged).toBe(true);
        expect(report.rolledBack).toBe(false);
        expect(report.iterations).toBeLessThanOrEqual(10);
        expect(report.alphaUsed).toBeLessThan(1 / (2 * report.lipschitz));
        expect(report.lyapunov).toBeLessThanOrEqual(previous * (1 + 1e-9) + 1e-12);
        previous = report.lyapunov;
        alpha = report.alphaUsed;
        if (report.lyapunov <= epsilon) break;
      }
      expect(ticks).toBeLessThanOrEqual(Math.ceil(1 / (alpha * epsilon)));
      expect(spread(agents)).toBeLessThan(0.1);
      expect(warnings).toEqual([]);
    },
  );

  it("estimates L as λ_max of the normalised Laplacian (2 for bipartite graphs)", () => {
    const { engine, agents } = setup(starGraph(12), 12);
    const star = engine.tick(agents);
    expect(star.lipschitz).toBeGreaterThan(1.95);
    expect(star.lipschitz).toBeLessThanOrEqual(2);
    // a complete graph K_n has λ_max = n/(n−1)
    const complete: Edge[] = [];
    for (let a = 0; a < 6; a++) for (let b = a + 1; b < 6; b++) complete.push([a, b]);
    const k6 = setup(complete, 6);
    expect(k6.engine.tick(k6.agents).lipschitz).toBeCloseTo(6 / 5, 3);
  });

  it("clamps an α far above the bound, warns once, and stays stable", () => {
    const n = 16;
    const { engine, agents, warnings } = setup(ringGraph(n), n, { alpha: 5 });
    const first = engine.tick(agents);
    expect(first.warning).toMatch(/exceeds the stability bound/);
    expect(first.alphaUsed).toBeLessThan(1 / (2 * first.lipschitz));
    let previous = first.lyapunov;
    for (let t = 0; t < 300; t++) {
      const report = engine.tick(agents);
      expect(report.warning).toBeUndefined();
      expect(report.converged).toBe(true);
      expect(report.lyapunov).toBeLessThanOrEqual(previous * (1 + 1e-9) + 1e-12);
      previous = report.lyapunov;
    }
    expect(warnings).toHaveLength(1);
    expect(previous).toBeLessThan(first.lyapunov / 10);
  });

  it("without the clamp the same α diverges (the clamp is what keeps it stable)", () => {
    const n = 16;
    const { engine, agents } = setup(ringGraph(n), n);
    const graph = buildConsensusGraph(
      agents.map((a) => a.id),
      engine.pairs,
      8,
    );
    const utilisation = agents.map(() => 1);
    const v0 = lyapunov(
      graph,
      agents.map((a) => a.prompt),
      utilisation,
      DIM,
    ).value;
    let prompts = agents.map((a) => Float64Array.from(a.prompt));
    for (let t = 0; t < 5; t++) {
      prompts = prompts.map((p, i) => {
        const out = Float64Array.from(p);
        for (let q = graph.offsets[i]!; q < graph.offsets[i + 1]!; q++) {
          const pj = prompts[graph.neighbours[q]!]!;
          for (let d = 0; d < DIM; d++) out[d] = out[d]! + 5 * graph.weights[q]! * (pj[d]! - p[d]!);
        }
        return out;
      });
    }
    const v5 = lyapunov(
      graph,
      prompts.map((p) => Float32Array.from(p)),
      utilisation,
      DIM,
    ).value;
    expect(v5).toBeGreaterThan(v0 * 100);
  });
});

describe("ConsensusEngine update rule and constraints", () => {
  it("iteration 1 is SPEC §4's update with the step clamp", () => {
    const n = 6;
    const { engine, agents } = setup(ringGraph(n), n, { maxIterations: 1, tolerance: 10, beta: 0.5 });
    const before = agents.map((a) => Float64Array.from(a.prompt));
    const gradient = new Float32Array(DIM).fill(0.01);
    const report = engine.tick(agents, (id) => (id === "a2" ? gradient : null));
    expect(report.converged).toBe(true);
    for (let i = 0; i < n; i++) {
      const left = before[(i + n - 1) % n]!;
      const right = before[(i + 1) % n]!;
      const p = before[i]!;
      const step = p.map(
        (x, d) => report.alphaUsed * 0.5 * (left[d]! + right[d]! - 2 * x) + (i === 2 ? 0.5 * 0.01 : 0),
      );
      const stepNorm = Math.hypot(...step);
      const limit = 0.1 * Math.hypot(...p);
      const scale = stepNorm > limit ? limit / stepNorm : 1;
      agents[i]!.prompt.forEach((x, d) => {
        expect(x).toBeCloseTo(p[d]! + scale * step[d]!, 6);
      });
      const delta = Math.hypot(...agents[i]!.prompt.map((x, d) => x - p[d]!));
      expect(delta).toBeLessThanOrEqual(limit * (1 + 1e-5));
    }
  });

  it("clips an exploding gradient and bounds the step by 0.1‖P‖", () => {
    const n = 4;
    const { engine, agents } = setup(ringGraph(n), n, { beta: 1 });
    const before = agents.map((a) => Float64Array.from(a.prompt));
    const huge = new Float32Array(DIM).fill(1e30);
    const report = engine.tick(agents, () => huge);
    expect(report.clippedGradients).toBe(n);
    for (let i = 0; i < n; i++) {
      const delta = Math.hypot(...agents[i]!.prompt.map((x, d) => x - before[i]![d]!));
      expect(delta).toBeLessThanOrEqual(0.1 * Math.hypot(...before[i]!) * (1 + 1e-5));
      expect(agents[i]!.prompt.every(Number.isFinite)).toBe(true);
    }
  });

  it("a non-converging tick reverts to the previous stable configuration byte-identically", () => {
    const n = 10;
    const { engine, agents } = setup(randomSparseGraph(n, 4, 3), n, { tolerance: 1e-12, maxIterations: 2 });
    const before = bytes(agents);
    const report = engine.tick(agents);
    expect(report).toMatchObject({
      converged: false,
      rolledBack: true,
      reason: "not_converged",
      iterations: 2,
    });
    expect(report.updatedAgents).toBe(0);
    expect(bytes(agents)).toEqual(before);
  });

  it("rolls back the update that dropped E below 0.7, holds, then resumes", () => {
    const n = 8;
    const { engine, agents } = setup(ringGraph(n), n, { effectivenessMinSamples: 10 });
    for (let i = 0; i < 20; i++) engine.observeConversation(1);
    const stable = bytes(agents);
    const update = engine.tick(agents);
    expect(update.converged).toBe(true);
    expect(bytes(agents)).not.toEqual(stable);
    for (let i = 0; i < 20; i++) engine.observeConversation(0.3);
    const rollback = engine.tick(agents);
    expect(rollback).toMatchObject({ rolledBack: true, reason: "effectiveness" });
    expect(rollback.effectiveness).toBeCloseTo(0.65, 10);
    expect(bytes(agents)).toEqual(stable);
    expect(engine.tick(agents).reason).toBe("hold");
    expect(bytes(agents)).toEqual(stable);
    for (let i = 0; i < 10; i++) engine.observeConversation(0.9);
    const resumed = engine.tick(agents);
    expect(resumed.converged).toBe(true);
    expect(resumed.updatedAgents).toBe(n);
  });

  it("does not roll back updates made while E was already low", () => {
    const n = 4;
    const { engine, agents } = setup(ringGraph(n), n, { effectivenessMinSamples: 5 });
    for (let i = 0; i < 10; i++) engine.observeConversation(0.2);
    expect(engine.tick(agents).converged).toBe(true);
    expect(engine.tick(agents).rolledBack).toBe(false);
  });

  it("stops at the CPU budget, commits the rows it reached and resumes after them", () => {
    const n = 64;
    let now = 0;
    const config = configSchema.parse({ state: { promptDim: DIM }, consensus: { tickBudgetMs: 3 } });
    const engine = ConsensusEngine.fromConfig(config, { clock: () => (now += 1) });
    for (const [a, b] of ringGraph(n)) engine.observeHandoff(`a${a}`, `a${b}`, 1);
    const agents = randomUnitVectors(n, DIM, 2).map((prompt, i) => ({ id: `a${i}`, prompt, utilisation: 1 }));
    const moved = new Set<string>();
    let ticks = 0;
    while (moved.size < n && ticks < 50) {
      const before = bytes(agents);
      const report = engine.tick(agents);
      expect(report.reason).toBe("budget");
      expect(report.rolledBack).toBe(false);
      expect(report.updatedAgents).toBeGreaterThan(0);
      expect(report.updatedAgents).toBeLessThan(n);
      const after = bytes(agents);
      agents.forEach((a, i) => {
        if (Buffer.compare(before[i]!, after[i]!) !== 0) moved.add(a.id);
      });
      ticks++;
    }
    expect(moved.size).toBe(n);
    expect(ticks).toBeGreaterThan(1);
  });
});

describe("ConsensusEngine bad input", () => {
  it("rejects an agent with a NaN prompt, restoring its last stable value when it has one", () => {
    const n = 6;
    const { engine, agents } = setup(ringGraph(n), n);
    agents[1]!.prompt[3] = Number.NaN;
    const first = engine.tick(agents);
    expect(first.rejected).toEqual([{ id: "a1", reason: "non_finite_prompt", restored: false }]);
    expect(Number.isNaN(agents[1]!.prompt[3])).toBe(true);
    expect(first.updatedAgents).toBe(n - 1);
    for (const a of agents) if (a.id !== "a1") expect(a.prompt.every(Number.isFinite)).toBe(true);
    agents[1]!.prompt.set(randomUnitVectors(1, DIM, 9)[0]!);
    engine.tick(agents);
    const stable = bytes(agents)[2]!;
    agents[2]!.prompt[0] = Number.POSITIVE_INFINITY;
    const report = engine.tick(agents);
    expect(report.rejected).toEqual([{ id: "a2", reason: "non_finite_prompt", restored: true }]);
    expect(agents[2]!.prompt.every(Number.isFinite)).toBe(true);
    expect(report.updatedAgents).toBe(n);
    expect(stable.length).toBe(DIM * 4);
  });

  it("rejects a NaN gradient or one of the wrong dimension for that agent only", () => {
    const n = 5;
    const { engine, agents } = setup(ringGraph(n), n, { beta: 0.1 });
    const before = bytes(agents);
    const report = engine.tick(agents, (id) =>
      id === "a0" ? new Float32Array(DIM).fill(Number.NaN) : id === "a1" ? new Float32Array(3) : null,
    );
    expect(report.rejected).toEqual([
      { id: "a0", reason: "non_finite_gradient" },
      { id: "a1", reason: "dimension_mismatch" },
    ]);
    expect(bytes(agents)[0]).toEqual(before[0]);
    expect(bytes(agents)[1]).toEqual(before[1]);
    expect(report.updatedAgents).toBe(n - 2);
  });

  it("handles a single agent and agents without neighbours", () => {
    const single = setup([], 1);
    const before = bytes(single.agents);
    expect(single.engine.tick(single.agents)).toMatchObject({
      reason: "no_neighbours",
      skippedAgents: 1,
      lyapunov: 0,
    });
    expect(bytes(single.agents)).toEqual(before);
    expect(single.engine.tick([])).toMatchObject({ reason: "no_neighbours", updatedAgents: 0 });
    const partial = setup([[0, 1]], 3);
    const isolated = bytes(partial.agents)[2];
    const report = partial.engine.tick(partial.agents);
    expect(report.skippedAgents).toBe(1);
    expect(report.updatedAgents).toBe(2);
    expect(bytes(partial.agents)[2]).toEqual(isolated);
  });

  it("handles agents joining and leaving between ticks", () => {
    const { engine, agents } = setup(ringGraph(4), 4);
    engine.tick(agents);
    const leaving = bytes(agents)[0];
    const joined = { id: "new", prompt: randomUnitVectors(1, DIM, 5)[0]!, utilisation: 1 };
    engine.observeHandoff("a2", "new", 0.9);
    const next = [agents[1]!, agents[2]!, agents[3]!, joined];
    const joinedBefore = Float32Array.from(joined.prompt);
    const report = engine.tick(next);
    expect(report.updatedAgents).toBe(4);
    expect(joined.prompt).not.toEqual(joinedBefore);
    expect(bytes(agents)[0]).toEqual(leaving);
    engine.removeAgent("a0");
    expect(engine.pairs.get("a0", "a1")).toBeUndefined();
  });

  it("follows new handoffs at most every graphRefreshTicks ticks", () => {
    const { engine, agents } = setup(ringGraph(4), 5, { graphRefreshTicks: 3 });
    expect(engine.tick(agents).skippedAgents).toBe(1); // a4 has no neighbour yet
    engine.observeHandoff("a0", "a4", 1);
    expect(engine.tick(agents).skippedAgents).toBe(1);
    expect(engine.tick(agents).skippedAgents).toBe(1);
    expect(engine.tick(agents).skippedAgents).toBe(0); // 3 ticks after the last build
  });

  it("rejects duplicate ids, invalid handoffs and outcomes with clear errors", () => {
    const { engine, agents } = setup(ringGraph(3), 3);
    expect(() => engine.tick([agents[0]!, agents[0]!])).toThrow(InputError);
    expect(() => engine.observeHandoff("a", "b", Number.NaN)).toThrow(/\[0, 1\]/);
    expect(() => engine.observeHandoff("a", "a", 1)).toThrow(/two different agents/);
    expect(() => engine.observeConversation(1.5)).toThrow(/\[0, 1\]/);
  });

  it("does nothing when switched off", () => {
    const { engine, agents } = setup(ringGraph(4), 4, { enabled: false });
    const before = bytes(agents);
    expect(engine.tick(agents).reason).toBe("disabled");
    expect(bytes(agents)).toEqual(before);
  });

  it("exports and imports its learned state", () => {
    const { engine, agents, config } = setup(randomSparseGraph(12, 4, 1), 12);
    for (let i = 0; i < 30; i++) engine.observeConversation(i % 2);
    engine.tick(agents);
    const state = engine.exportState();
    const copy = ConsensusEngine.fromConfig(config);
    copy.importState(state);
    expect(copy.exportState()).toEqual(state);
    expect(copy.effectiveness()).toBe(engine.effectiveness());
    // same state, same vectors → the same next tick, byte for byte
    const a = agents.map((x) => ({ ...x, prompt: Float32Array.from(x.prompt) }));
    const b = agents.map((x) => ({ ...x, prompt: Float32Array.from(x.prompt) }));
    expect(engine.tick(a).lyapunov).toBe(copy.tick(b).lyapunov);
    expect(bytes(a)).toEqual(bytes(b));
  });
});
