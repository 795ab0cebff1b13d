import { describe, expect, it } from "vitest";
import { MemoryConversationLeases } from "./conversation-lease.js";
import { MemoryLeaderElection } from "./memory-leader-election.js";
import { MemoryLoadTracker } from "./memory-load-tracker.js";
import { MemoryRoutingSnapshots } from "./memory-routing-snapshots.js";
import { MemorySignalBus } from "./memory-signal-sink.js";
import type { Signal } from "./signal-sink.js";
import {
  runConversationLeaseSpec,
  runLoadTrackerSpec,
  runRoutingSnapshotSpec,
  runSignalSpec,
} from "./testing/control-ports-spec.js";

runLoadTrackerSpec("memory", async () => new MemoryLoadTracker());
runSignalSpec("memory", async () => new MemorySignalBus());
runRoutingSnapshotSpec("memory", async () => {
  const election = new MemoryLeaderElection();
  return { election, snapshots: new MemoryRoutingSnapshots(election) };
});
runConversationLeaseSpec("memory", async () => new MemoryConversationLeases());

describe("MemorySignalBus synchronous side (the embedded turn path and loop)", () => {
  it("takes what emitNow gave, in order, as the same objects, once, and keeps read ids in sequence", async () => {
    const bus = new MemorySignalBus();
    const vector = new Float32Array([1, 2]);
    const context: Signal = { kind: "context", agentId: "a", conversationId: "c", vector, at: 1 };
    bus.emitNow(context);
    await bus.emit([{ ...context, agentId: "b" }]);
    expect(bus.pendingCount()).toBe(2);
    expect(bus.pendingCount("outcome")).toBe(0);
    const taken = bus.takeNow();
    expect(taken.map((s) => s.agentId)).toEqual(["a", "b"]);
    expect(taken[0]).toBe(context);
    expect(bus.takeNow()).toEqual([]);
    bus.emitNow(context);
    const [read] = await bus.read("leader");
    expect(read?.id).toBe("3-0");
    expect(await bus.reclaim("other", { minIdleMs: 0 })).toHaveLength(1);
  });

  it("wakes a blocked reader", async () => {
    const bus = new MemorySignalBus();
    const waiting = bus.read("leader", { blockMs: 5000 });
    bus.emitNow({ kind: "context", agentId: "a", conversationId: "c", vector: new Float32Array(1), at: 1 });
    expect(await waiting).toHaveLength(1);
  });
});
