import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../config/resolve.js";
import type { RapoConfig } from "../config/schema.js";
import { admissionProbability, normalCdf } from "./deadline-load.js";
import { LatencyTable } from "./latency-table.js";
import { headroom } from "./load.js";
import { type RouteDecision, type RouteQuery, route } from "./router.js";
import { RoutingTable } from "./routing-table.js";

const defaults = resolveConfig().routing;
const noExplore = { ...defaults, exploration: 0, stickiness: 0 };

interface Agent {
  capability: number;
  capacity?: number;
  inflight?: number;
  /** measured service times of calls that found a free slot. */
  samples?: number[];
}

/** A one-cell table whose agents have measured their latency from `samples`. */
function table(...agents: Agent[]): [RoutingTable, Int32Array] {
  const t = new RoutingTable(agents.length, 1);
  agents.forEach((a, i) => {
    t.writeCapability(i, Float32Array.of(a.capability));
    t.setTrials(i, Float32Array.of(10));
    t.latency.configure(i, a.capacity ?? 4, 0);
    for (const ms of a.samples ?? []) t.latency.observe(i, ms, 1, 0, defaults.latencySmoothing);
    t.latency.inflight[i] = a.inflight ?? 0;
  });
  return [t, Int32Array.from(agents.keys())];
}

const at = (deadlineMs: number): RouteQuery => ({ cell: 0, previous: -1, deadlineMs, now: 0 });

describe("deadline load model (issue 10): C_a · P(answer within deadline | queue, measured latency)", () => {
  const measured = [1800, 2200, 2000, 1900, 2100];

  it("costs nothing below capacity: a 0.99 specialist with 2 of 4 slots busy beats an idle 0.5 agent", () => {
    const [t, all] = table(
      { capability: 0.99, inflight: 2, samples: measured },
      { capability: 0.5, samples: measured },
    );
    const d = route(t, all, at(30_000), noExplore);
    expect(d?.agentIndex).toBe(0);
    expect(headroom(t, 0, at(30_000), noExplore)).toBeGreaterThan(0.9999);
    expect(d?.score).toBeCloseTo(0.99, 4);
  });

  it("diverts as the expected wait approaches the deadline", () => {
    // 30 calls on 4 slots: 27 queued × ~500 ms per queued position + ~2 s service ≈ 15.5 s
    const busy = (): [RoutingTable, Int32Array] =>
      table({ capability: 0.99, inflight: 30, samples: measured }, { capability: 0.5, samples: measured });
    expect(route(...busy(), at(60_000), noExplore)?.agentIndex).toBe(0);
    expect(route(...busy(), at(10_000), noExplore)?.agentIndex).toBe(1);
    // monotone in the deadline around the forecast
    const [t] = busy();
    const p = (d: number) => headroom(t, 0, at(d), noExplore);
    expect(p(12_000)).toBeLessThan(p(15_500));
    expect(p(15_500)).toBeLessThan(p(19_000));
    expect(p(15_500)).toBeCloseTo(0.5, 1);
  });

  it("learns the queue wait from calls that queued", () => {
    const t = new LatencyTable(1);
    t.configure(0, 2, 0);
    t.observe(0, 1000, 1, 0, 0.2); // the first sample replaces the prior
    expect(t.serviceMs[0]).toBe(1000);
    expect(t.slotWaitMs[0]).toBe(500); // unmeasured: one service time over 2 slots
    t.observe(0, 5000, 4, 0, 0.2); // position 4 on 2 slots: 2 queued, 4 s of wait → 2 s per position
    expect(t.slotWaitMs[0]).toBe(2000);
    expect(t.serviceMs[0]).toBe(1000);
  });

  it("relaxes measured latency toward the prior once calls stop ending", () => {
    const t = new LatencyTable(1);
    t.configure(0, 1, 100);
    t.observe(0, 10_000, 1, 0, 0.2);
    expect(t.serviceMs[0]).toBe(10_000);
    t.relax(0, 60_000, 60_000); // one half-life of silence
    expect(t.serviceMs[0]).toBeCloseTo(100 + 9900 / 2, 6);
    t.relax(0, 60_000 * 21, 60_000); // 20 more half-lives
    expect(t.serviceMs[0]).toBeCloseTo(100, 0);
  });

  it("holds a backed-off agent at minHeadroom until its back-off ends", () => {
    const [t, all] = table({ capability: 0.99, samples: measured }, { capability: 0.5, samples: measured });
    t.latency.block(0, 5000);
    expect(headroom(t, 0, { previous: -1, deadlineMs: 30_000, now: 4999 }, noExplore)).toBe(
      defaults.minHeadroom,
    );
    expect(
      route(t, all, { cell: 0, previous: -1, deadlineMs: 30_000, now: 4999 }, noExplore)?.agentIndex,
    ).toBe(1);
    expect(
      route(t, all, { cell: 0, previous: -1, deadlineMs: 30_000, now: 5000 }, noExplore)?.agentIndex,
    ).toBe(0);
  });

  it("counts a call abandoned at its timeout as occupying the agent for one more service time", () => {
    // 2 s service, 4 slots, 3 in flight: one more call fits; with 3 abandoned calls it would queue 2 deep
    const [t] = table({ capability: 0.99, inflight: 3, samples: measured });
    const free = headroom(t, 0, at(2_600), noExplore);
    for (let i = 0; i < 3; i++) t.latency.abandon(0, 0);
    expect(t.latency.abandonedAt(0, 0)).toBe(3);
    const crowded = headroom(t, 0, at(2_600), noExplore);
    expect(free).toBeGreaterThan(0.99);
    expect(crowded).toBeLessThan(0.1);
    // one measured service time later the provider is presumed done with them
    const later: RouteQuery = { cell: 0, previous: -1, deadlineMs: 2_600, now: 2_100 };
    expect(t.latency.abandonedAt(0, 2_100)).toBe(0);
    expect(headroom(t, 0, later, noExplore)).toBeCloseTo(free, 6);
    // without countAbandoned the turn pipeline never records them (see turn-pipeline); the
    // forecast without `now` ignores them too
    expect(t.latency.abandonedAt(0, Number.POSITIVE_INFINITY)).toBe(0);
  });

  it("lets capability decide when no agent can make the deadline", () => {
    const [t, all] = table(
      { capability: 0.4, samples: [50_000] },
      { capability: 0.8, samples: [50_000] },
      { capability: 0.6, samples: [50_000] },
    );
    expect(route(t, all, at(1000), noExplore)?.agentIndex).toBe(1);
  });

  it("is ≈ 1 below capacity whenever service is well inside the deadline, and never rises with the queue (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 0, max: 64 }),
        fc.array(fc.double({ min: 10, max: 3000, noNaN: true }), { minLength: 1, maxLength: 20 }),
        fc.double({ min: 10_000, max: 120_000, noNaN: true }),
        (capacity, inflight, samples, deadline) => {
          const t = new LatencyTable(1);
          t.configure(0, capacity, 0);
          for (const ms of samples) t.observe(0, ms, 1, 0, 0.2);
          const p = (k: number) => {
            t.inflight[0] = k;
            return admissionProbability(t, 0, deadline, 0, defaults.latencySpreadFloor);
          };
          if (inflight < capacity) expect(p(inflight)).toBeGreaterThan(0.999);
          expect(p(inflight + 1)).toBeLessThanOrEqual(p(inflight));
        },
      ),
      { seed: 10, verbose: true },
    );
  });

  it("Φ matches known values", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
  });
});

/** The router as it was before issue 10 (paper formula with the continuing adjustment). */
function paperRoute(
  t: RoutingTable,
  candidates: Int32Array,
  query: RouteQuery,
  routing: RapoConfig["routing"],
): RouteDecision | null {
  const base = query.cell * t.agents;
  const coefficient = routing.learnCapabilities ? routing.exploration : 0;
  const logTotal = Math.log1p(t.trialsTotal[query.cell]!);
  const continuing = routing.loadWeights.active / routing.maxActive;
  let best = -1;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (const a of candidates) {
    if (t.available[a] === 0 || query.exclude?.has(a)) continue;
    const load = a === query.previous ? Math.max(0, t.load[a]! - continuing) : t.load[a]!;
    const room = routing.useLoad ? 1 - load : 1;
    const bonus = coefficient === 0 ? 0 : coefficient * Math.sqrt(logTotal / (1 + t.trials[base + a]!));
    let value = (t.capability[base + a]! + bonus) * room;
    if (a === query.previous) value += routing.stickiness;
    if (value > bestValue) {
      bestValue = value;
      best = a;
    }
  }
  return best < 0 ? null : { agentIndex: best, score: 0, capability: 0, load: 0 };
}

describe('routing.load = "paper" reproduces the SPEC §3 formula', () => {
  it("picks what the pre-issue-10 router picked, for any table (property)", () => {
    const agentRow = fc.record({
      capability: fc.double({ min: 0, max: 1, noNaN: true }),
      load: fc.double({ min: 0, max: 1, noNaN: true }),
      trials: fc.integer({ min: 0, max: 50 }),
      available: fc.boolean(),
      inflight: fc.integer({ min: 0, max: 20 }),
    });
    fc.assert(
      fc.property(
        fc.array(agentRow, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: -1, max: 7 }),
        fc.boolean(),
        (rows, previous, useLoad) => {
          const t = new RoutingTable(rows.length, 1);
          rows.forEach((r, i) => {
            t.writeCapability(i, Float32Array.of(r.capability));
            t.setTrials(i, Float32Array.of(r.trials));
            t.load[i] = r.load;
            t.available[i] = r.available ? 1 : 0;
            t.latency.inflight[i] = r.inflight; // ignored by the paper model
          });
          const routing = { ...defaults, load: "paper" as const, useLoad };
          const query: RouteQuery = { cell: 0, previous, deadlineMs: 1, now: 0 };
          const all = Int32Array.from(rows.keys());
          expect(route(t, all, query, routing)?.agentIndex).toBe(
            paperRoute(t, all, query, routing)?.agentIndex,
          );
        },
      ),
      { seed: 11, verbose: true },
    );
  });
});
