import { describe, expect, it } from "vitest";
import { resolveConfig } from "../config/resolve.js";
import { loadFactor } from "./load.js";
import { complexityScore, PoolScheduler } from "./pools.js";
import { route } from "./router.js";
import { RoutingTable } from "./routing-table.js";

const routing = resolveConfig().routing;

interface AgentRow {
  capability: number;
  load: number;
  evidence?: number;
  available?: boolean;
}

/** A one-cell routing table with the given agents; returns it and all candidate indices. */
function agents(...rows: AgentRow[]): [RoutingTable, Int32Array] {
  const table = new RoutingTable(rows.length, 1);
  rows.forEach((row, i) => {
    table.writeCapability(i, Float32Array.of(row.capability));
    table.setTrials(i, Float32Array.of(row.evidence ?? 10));
    table.load[i] = row.load;
    table.available[i] = row.available === false ? 0 : 1;
  });
  return [table, Int32Array.from(rows.keys())];
}

function agent(_index: number, capability: number, load: number, evidence = 10, available = true): AgentRow {
  return { capability, load, evidence, available };
}

describe("loadFactor (SPEC §3)", () => {
  it("matches the hand-computed weighted sum", () => {
    // 0.4·5/10 + 0.3·10/50 + 0.3·0.4/0.8 = 0.2 + 0.06 + 0.15 = 0.41
    expect(loadFactor({ active: 5, queued: 10, resource: 0.4 }, routing)).toBeCloseTo(0.41, 10);
  });
  it("is 0 when idle and clamps at 1 when saturated", () => {
    expect(loadFactor({ active: 0, queued: 0, resource: 0 }, routing)).toBe(0);
    expect(loadFactor({ active: 30, queued: 200, resource: 1 }, routing)).toBe(1);
  });
});

describe("route, routing.load = paper (SPEC §3: argmax C·(1−L))", () => {
  const noExplore = { ...routing, load: "paper" as const, exploration: 0, stickiness: 0 };
  it("picks the best capability × headroom, not the best capability", () => {
    // 0.9·(1−0.6) = 0.36 < 0.7·(1−0.1) = 0.63
    const d = route(...agents(agent(0, 0.9, 0.6), agent(1, 0.7, 0.1)), { cell: 0, previous: -1 }, noExplore);
    expect(d?.agentIndex).toBe(1);
    expect(d?.score).toBeCloseTo(0.63, 6); // float32 table
  });
  it("ignores load when the load term is ablated", () => {
    const d = route(
      ...agents(agent(0, 0.9, 0.6), agent(1, 0.7, 0.1)),
      { cell: 0, previous: -1 },
      { ...noExplore, useLoad: false },
    );
    expect(d?.agentIndex).toBe(0);
  });
  it("skips unavailable and excluded agents and returns null when none is left", () => {
    const pool = agents(agent(0, 0.9, 0, 10, false), agent(1, 0.5, 0), agent(2, 0.8, 0));
    expect(route(...pool, { cell: 0, previous: -1, exclude: new Set([2]) }, noExplore)?.agentIndex).toBe(1);
    expect(route(...agents(agent(0, 0.9, 0, 10, false)), { cell: 0, previous: -1 }, noExplore)).toBeNull();
  });
  it("explores an agent without evidence over a slightly better known one", () => {
    const d = route(...agents(agent(0, 0.6, 0, 20), agent(1, 0.5, 0, 0)), { cell: 0, previous: -1 }, routing);
    expect(d?.agentIndex).toBe(1);
  });
  it("does not count the conversation being continued against the agent serving it", () => {
    // previous agent: C = 0.7, L = 0.04 = 0.4·1/10 (this very conversation); the other: C = 0.69, idle
    const d = route(...agents(agent(0, 0.69, 0), agent(1, 0.7, 0.04)), { cell: 0, previous: 1 }, noExplore);
    expect(d?.agentIndex).toBe(1);
    const fresh = route(
      ...agents(agent(0, 0.69, 0), agent(1, 0.7, 0.04)),
      { cell: 0, previous: -1 },
      noExplore,
    );
    expect(fresh?.agentIndex).toBe(0);
  });

  it("keeps the previous agent on a tie thanks to stickiness", () => {
    const d = route(
      ...agents(agent(0, 0.7, 0), agent(1, 0.7, 0)),
      { cell: 0, previous: 1 },
      { ...routing, exploration: 0 },
    );
    expect(d?.agentIndex).toBe(1);
  });
});

describe("PoolScheduler (SPEC §6 global level)", () => {
  const scheduler = new PoolScheduler([
    { id: "complex", maxComplexity: 1 },
    { id: "simple", maxComplexity: 0.4 },
  ]);
  it("assigns by predicted complexity and never de-escalates", () => {
    expect(scheduler.assign(null, 0.2)).toBe("simple");
    expect(scheduler.assign(null, 0.7)).toBe("complex");
    expect(scheduler.assign("complex", 0.1)).toBe("complex");
  });
  it("scores complexity in [0, 1] from the three dimensions", () => {
    expect(
      complexityScore({ syntacticDepth: 3, entityCount: 5, inferenceSteps: 1 }, routing.complexityRanges),
    ).toBe(0);
    expect(
      complexityScore({ syntacticDepth: 12, entityCount: 50, inferenceSteps: 8 }, routing.complexityRanges),
    ).toBe(1);
  });
});
