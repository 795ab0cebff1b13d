import { randomUUID } from "node:crypto";
import { runTurnBusSpec } from "../ports/testing/turn-bus-spec.js";
import { RedisTurnBus } from "./redis-turn-bus.js";
import { useRedisServer } from "./testing/use-redis-server.js";

const redis = useRedisServer({ cluster: true });

const pushRaw = async (bus: unknown, agentId: string, fields: Record<string, string>) =>
  (bus as RedisTurnBus).pushRaw(agentId, fields);

runTurnBusSpec("redis", {
  create: async () => new RedisTurnBus(redis.client, { keyPrefix: `t-${randomUUID()}:`, pollMs: 50 }),
  pushRaw,
});

runTurnBusSpec("redis cluster", {
  create: async () => new RedisTurnBus(redis.clusterClient, { keyPrefix: `t-${randomUUID()}:`, pollMs: 50 }),
  pushRaw,
});
