/**
 * @module store/open-store
 * {@link openStore}: turns the `store` option of the orchestrator into a {@link StateStore}, so
 * switching between in-memory, SQLite and Redis is configuration (SPEC §8). The SQLite store (and
 * better-sqlite3) and the Redis store (and ioredis) are loaded by dynamic import only when opened,
 * so importing rapo stays light.
 */
import { ConfigError } from "../errors.js";
import type { StateStore } from "./contract.js";
import { MemoryStore } from "./memory-store.js";
import type { RedisStoreOptions } from "./redis-store.js";
import type { SqliteStoreOptions } from "./sqlite-store.js";

/**
 * Where state lives: in memory, in a SQLite file, on Redis (`{ redis: "redis://host:port" }`, or
 * several seed URLs / `cluster: true` for Redis Cluster), or a store the caller built.
 */
export type StoreSpec =
  | "memory"
  | ({ sqlite: string } & SqliteStoreOptions)
  | ({ redis: string | string[] } & RedisStoreOptions)
  | StateStore;

/**
 * Opens the store `spec` names. A StateStore instance is returned as is (the caller keeps
 * ownership). Throws ConfigError for an unrecognised spec, StoreError when opening fails.
 */
export async function openStore(spec: StoreSpec): Promise<StateStore> {
  if (spec === "memory") return new MemoryStore();
  if (isStateStore(spec)) return spec;
  if (
    typeof spec === "object" &&
    spec !== null &&
    "sqlite" in spec &&
    typeof spec.sqlite === "string" &&
    spec.sqlite !== ""
  ) {
    const { sqlite, ...options } = spec;
    const { SqliteStore } = await import("./sqlite-store.js");
    return SqliteStore.open(sqlite, options);
  }
  if (typeof spec === "object" && spec !== null && "redis" in spec && isRedisTarget(spec.redis)) {
    const { redis, ...options } = spec;
    const { RedisStore } = await import("./redis-store.js");
    return RedisStore.open(redis, options);
  }
  throw new ConfigError("store must be 'memory', { sqlite: <path> }, { redis: <url> } or a StateStore", {
    store: describe(spec),
  });
}

/** Whether `value` looks like a StateStore (duck-typed: a kind and the contract's methods). */
export function isStateStore(value: unknown): value is StateStore {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate["kind"] === "string" &&
    ["getConversation", "acceptTurn", "completeTurn", "listTurns", "putAgentStates", "close"].every(
      (method) => typeof candidate[method] === "function",
    )
  );
}

function isRedisTarget(value: unknown): value is string | string[] {
  if (typeof value === "string") return value !== "";
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string" && v !== "");
}

function describe(spec: unknown): unknown {
  return typeof spec === "object" && spec !== null ? Object.keys(spec) : spec;
}
