/**
 * @module ports/testing/control-ports-spec
 * Conformance suites of the small control-plane ports — {@link LoadTracker},
 * {@link SignalSink}/{@link SignalSource}, {@link RoutingSnapshots} and {@link ConversationLeases} — run against the in-memory
 * twins and Redis.
 */
import { describe, expect, it } from "vitest";
import type { ConversationLeases } from "../conversation-lease.js";
import type { LeaderElection } from "../leader-election.js";
import type { LoadTracker } from "../load-tracker.js";
import type { RoutingSnapshots } from "../routing-snapshots.js";
import type { Signal, SignalSink, SignalSource } from "../signal-sink.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Registers the LoadTracker suite. */
export function runLoadTrackerSpec(name: string, create: () => Promise<LoadTracker>): void {
  describe(`LoadTracker conformance: ${name}`, () => {
    it("counts in-flight turns per agent across holders and never goes below zero", async () => {
      const load = await create();
      expect(await load.acquire("a", "w1")).toBe(1);
      expect(await load.acquire("a", "w2")).toBe(2);
      expect(await load.acquire("b", "w1")).toBe(1);
      expect(await load.release("a", "w1")).toBe(1);
      expect(await load.release("a", "w1")).toBe(1); // w1 holds none of a any more
      expect(Object.fromEntries(await load.snapshot())).toEqual({ a: 1, b: 1 });
    });

    it("drops everything a dead holder held", async () => {
      const load = await create();
      await load.acquire("a", "w1");
      await load.acquire("a", "w1");
      await load.acquire("a", "w2");
      await load.acquire("b", "w1");
      expect(await load.dropHolder("w1")).toBe(3);
      expect(Object.fromEntries(await load.snapshot())).toEqual({ a: 1 });
      expect(await load.dropHolder("w1")).toBe(0);
    });
  });
}

type OutcomeSignal = Extract<Signal, { kind: "outcome" }>;

const outcome = (agentId: string, turnId: string): OutcomeSignal => ({
  kind: "outcome",
  agentId,
  turnId,
  taskType: "retrieval",
  modality: "question",
  outcome: 0.75,
  at: 1,
});

/** Registers the signal suite; `create` gives a sink and source over one fresh channel. */
export function runSignalSpec(name: string, create: () => Promise<SignalSink & SignalSource>): void {
  describe(`Signals conformance: ${name}`, () => {
    it("delivers signals once, in order, keyed by agent id, with context vectors intact", async () => {
      const bus = await create();
      const context: Signal = {
        kind: "context",
        agentId: "agent-b",
        conversationId: "c1",
        vector: new Float32Array([0.1, -2.5, 3e-8]),
        at: 2,
      };
      const handoff: Signal = {
        kind: "handoff",
        agentId: "agent-b",
        fromAgentId: "agent-a",
        conversationId: "c1",
        turnId: "t2",
        carried: { facts: 2, entities: 1, turns: 4 },
        at: 3,
      };
      await bus.emit([outcome("agent-a", "t1"), context]);
      await bus.emit([handoff]);
      const read = await bus.read("leader-1", { max: 10 });
      expect(read.map((r) => r.signal)).toEqual([outcome("agent-a", "t1"), context, handoff]);
      expect(await bus.read("leader-1", { max: 10 })).toEqual([]);
    });

    it("delivers an outcome's turn features, context similarity and handoff origin intact", async () => {
      const bus = await create();
      const full: Signal = {
        ...outcome("agent-b", "t3"),
        source: "verifier",
        fromAgentId: "agent-a",
        conversationId: "c1",
        features: {
          taskScores: [0.1, 0.7000000476837158, 0.2],
          modalityScores: [1, 0],
          confidence: 0.875,
          contextSimilarity: -0.3125,
        },
      };
      const unseen: Signal = {
        ...outcome("agent-b", "t4"),
        features: { taskScores: [1], modalityScores: [1], confidence: 1 },
      };
      await bus.emit([full, unseen]);
      const read = await bus.read("leader-1", { max: 10 });
      expect(read.map((r) => r.signal)).toEqual([full, unseen]);
      const features = read[1]!.signal.kind === "outcome" ? read[1]!.signal.features : undefined;
      expect(features).not.toHaveProperty("contextSimilarity");
    });

    it("hands unacknowledged signals of a dead reader to the next one", async () => {
      const bus = await create();
      await bus.emit([outcome("a", "t1"), outcome("a", "t2")]);
      const first = await bus.read("old-leader", { max: 10 });
      await bus.ack([first[0]!.id]);
      expect(await bus.reclaim("new-leader", { minIdleMs: 60_000 })).toEqual([]);
      await sleep(60);
      const taken = await bus.reclaim("new-leader", { minIdleMs: 50 });
      expect(taken.map((r) => r.signal)).toEqual([outcome("a", "t2")]);
      await bus.ack(taken.map((r) => r.id));
      await sleep(60);
      expect(await bus.reclaim("new-leader", { minIdleMs: 50 })).toEqual([]);
    });

    it("waits up to blockMs for a signal", async () => {
      const bus = await create();
      const waiting = bus.read("leader", { blockMs: 5000 });
      await sleep(30);
      await bus.emit([outcome("a", "t1")]);
      expect((await waiting).map((r) => r.signal)).toEqual([outcome("a", "t1")]);
    });
  });
}

/** Registers the routing-snapshot suite; `create` gives snapshots fenced by `election`. */
export function runRoutingSnapshotSpec(
  name: string,
  create: () => Promise<{ snapshots: RoutingSnapshots; election: LeaderElection }>,
): void {
  describe(`RoutingSnapshots conformance: ${name}`, () => {
    it("versions publications and serves the latest whole", async () => {
      const { snapshots, election } = await create();
      const lease = await election.tryAcquire("leader", 5000);
      expect(await snapshots.latest()).toBeNull();
      expect(await snapshots.publish(lease!.token, new Uint8Array([1, 2]))).toBe(1);
      expect(await snapshots.publish(lease!.token, new Uint8Array([3]))).toBe(2);
      const latest = await snapshots.latest();
      expect([latest!.version, latest!.token, [...latest!.payload]]).toEqual([2, lease!.token, [3]]);
      expect(await snapshots.newerThan(2)).toBeNull();
      expect((await snapshots.newerThan(1))!.version).toBe(2);
    });

    it("refuses a publication by a fenced-off leader", async () => {
      const { snapshots, election } = await create();
      const old = await election.tryAcquire("old", 50);
      await sleep(80);
      const next = await election.tryAcquire("new", 5000);
      expect(await snapshots.publish(next!.token, new Uint8Array([7]))).toBe(1);
      expect(await snapshots.publish(old!.token, new Uint8Array([9]))).toBeNull();
      expect([...(await snapshots.latest())!.payload]).toEqual([7]);
    });
  });
}

/** Registers the ConversationLeases suite. */
export function runConversationLeaseSpec(name: string, create: () => Promise<ConversationLeases>): void {
  describe(`ConversationLeases conformance: ${name}`, () => {
    it("one holder per conversation until released; other conversations are independent", async () => {
      const leases = await create();
      const a = await leases.tryAcquire("c1", "front-a", 5_000);
      expect(a).not.toBeNull();
      expect(await leases.tryAcquire("c1", "front-b", 5_000)).toBeNull();
      expect(await leases.tryAcquire("c2", "front-b", 5_000)).not.toBeNull();
      await leases.release("c1", a!);
      const b = await leases.tryAcquire("c1", "front-b", 5_000);
      expect(b).not.toBeNull();
      expect(b).not.toBe(a);
    });

    it("a lease runs out unless renewed; a lapsed token can neither renew nor release the new holder's", async () => {
      const leases = await create();
      const a = (await leases.tryAcquire("c1", "front-a", 150))!;
      expect(await leases.renew("c1", a, 150)).toBe(true);
      await sleep(250);
      const b = await leases.tryAcquire("c1", "front-b", 5_000);
      expect(b).not.toBeNull();
      expect(await leases.renew("c1", a, 5_000)).toBe(false);
      await leases.release("c1", a); // not a's any more: no effect
      expect(await leases.tryAcquire("c1", "front-c", 5_000)).toBeNull();
    });
  });
}
