import { randomUUID } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import {
  runConversationLeaseSpec,
  runLoadTrackerSpec,
  runRoutingSnapshotSpec,
  runSignalSpec,
} from "../ports/testing/control-ports-spec.js";
import { connectRedis, type RedisClient } from "../store/redis-connection.js";
import {
  type RedisClusterHandle,
  type RedisServerHandle,
  startRedisCluster,
  startRedisServer,
} from "../store/testing/redis-server.js";
import { RedisConversationLeases } from "./redis-conversation-lease.js";
import { RedisLeaderElection } from "./redis-leader-election.js";
import { RedisLoadTracker } from "./redis-load-tracker.js";
import { RedisRoutingSnapshots } from "./redis-routing-snapshots.js";
import { RedisSignalBus } from "./redis-signals.js";

let server: RedisServerHandle;
let cluster: RedisClusterHandle;
const clients: Record<string, RedisClient> = {};
beforeAll(async () => {
  [server, cluster] = await Promise.all([startRedisServer(), startRedisCluster()]);
  clients["redis"] = await connectRedis(server.url);
  clients["redis cluster"] = await connectRedis(cluster.urls);
}, 60_000);
afterAll(async () => {
  for (const client of Object.values(clients)) client.disconnect();
  await Promise.all([server?.stop(), cluster?.stop()]);
});

for (const name of ["redis", "redis cluster"]) {
  const prefix = () => `t-${randomUUID()}:`;
  runLoadTrackerSpec(name, async () => new RedisLoadTracker(clients[name]!, prefix()));
  runSignalSpec(name, async () => new RedisSignalBus(clients[name]!, prefix()));
  runConversationLeaseSpec(name, async () => new RedisConversationLeases(clients[name]!, prefix()));
  runRoutingSnapshotSpec(name, async () => {
    const p = prefix();
    return {
      election: new RedisLeaderElection(clients[name]!, p),
      snapshots: new RedisRoutingSnapshots(clients[name]!, p),
    };
  });
}
