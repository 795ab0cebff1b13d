/**
 * @module distributed
 * Distributed mode on Redis (SPEC §8): the Redis turn bus (Streams consumer groups), signals,
 * load tracker, leader election with fencing, routing-table snapshots, the worker serving loop and
 * its registry, plus the Redis store and connection helpers. Imports ioredis: import it from
 * `rapo/distributed` only when you run distributed.
 */

export { connectRedis, type RedisClient, type RedisConnectionOptions } from "../store/redis-connection.js";
export { type RedisKeys, redisKeys } from "../store/redis-keys.js";
export { RedisStore, type RedisStoreOptions } from "../store/redis-store.js";
export { LeaderElector, type LeaderElectorEvents } from "./leader-elector.js";
export { RedisConversationLeases } from "./redis-conversation-lease.js";
export { RedisLeaderElection } from "./redis-leader-election.js";
export { RedisLoadTracker } from "./redis-load-tracker.js";
export { RedisRoutingSnapshots } from "./redis-routing-snapshots.js";
export { RedisSignalBus } from "./redis-signals.js";
export { RedisTurnBus, type RedisTurnBusOptions } from "./redis-turn-bus.js";
export { type HandledTurn, type TurnHandler, TurnWorker, type TurnWorkerOptions } from "./turn-worker.js";
export {
  MemoryWorkerRegistry,
  RedisWorkerRegistry,
  type WorkerInfo,
  type WorkerRegistry,
} from "./worker-registry.js";
