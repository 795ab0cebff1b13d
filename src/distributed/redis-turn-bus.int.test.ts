import { randomUUID } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { runTurnBusSpec } from "../ports/testing/turn-bus-spec.js";
import { connectRedis, type RedisClient } from "../store/redis-connection.js";
import {
  type RedisClusterHandle,
  type RedisServerHandle,
  startRedisCluster,
  startRedisServer,
} from "../store/testing/redis-server.js";
import { RedisTurnBus } from "./redis-turn-bus.js";

let server: RedisServerHandle;
let cluster: RedisClusterHandle;
let client: RedisClient;
let clusterClient: RedisClient;
beforeAll(async () => {
  [server, cluster] = await Promise.all([startRedisServer(), startRedisCluster()]);
  client = await connectRedis(server.url);
  clusterClient = await connectRedis(cluster.urls);
}, 60_000);
afterAll(async () => {
  client?.disconnect();
  clusterClient?.disconnect();
  await Promise.all([server?.stop(), cluster?.stop()]);
});

const pushRaw = async (bus: unknown, agentId: string, fields: Record<string, string>) =>
  (bus as RedisTurnBus).pushRaw(agentId, fields);

runTurnBusSpec("redis", {
  create: async () => new RedisTurnBus(client, { keyPrefix: `t-${randomUUID()}:`, pollMs: 50 }),
  pushRaw,
});

runTurnBusSpec("redis cluster", {
  create: async () => new RedisTurnBus(clusterClient, { keyPrefix: `t-${randomUUID()}:`, pollMs: 50 }),
  pushRaw,
});
