import { randomUUID } from "node:crypto";
import {
  runConversationLeaseSpec,
  runLoadTrackerSpec,
  runRoutingSnapshotSpec,
  runSignalSpec,
} from "../ports/testing/control-ports-spec.js";
import { RedisConversationLeases } from "./redis-conversation-lease.js";
import { RedisLeaderElection } from "./redis-leader-election.js";
import { RedisLoadTracker } from "./redis-load-tracker.js";
import { RedisRoutingSnapshots } from "./redis-routing-snapshots.js";
import { RedisSignalBus } from "./redis-signals.js";
import { useRedisServer } from "./testing/use-redis-server.js";

const redis = useRedisServer({ cluster: true });
const clientOf = (name: string) => (name === "redis" ? redis.client : redis.clusterClient);

for (const name of ["redis", "redis cluster"]) {
  const prefix = () => `t-${randomUUID()}:`;
  runLoadTrackerSpec(name, async () => new RedisLoadTracker(clientOf(name), prefix()));
  runSignalSpec(name, async () => new RedisSignalBus(clientOf(name), prefix()));
  runConversationLeaseSpec(name, async () => new RedisConversationLeases(clientOf(name), prefix()));
  runRoutingSnapshotSpec(name, async () => {
    const p = prefix();
    return {
      election: new RedisLeaderElection(clientOf(name), p),
      snapshots: new RedisRoutingSnapshots(clientOf(name), p),
    };
  });
}
