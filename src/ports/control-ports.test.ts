import { MemoryConversationLeases } from "./conversation-lease.js";
import { MemoryLeaderElection } from "./memory-leader-election.js";
import { MemoryLoadTracker } from "./memory-load-tracker.js";
import { MemoryRoutingSnapshots } from "./memory-routing-snapshots.js";
import { MemorySignalBus } from "./memory-signal-sink.js";
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
