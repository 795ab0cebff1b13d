/**
 * @module store/redis-connection
 * Opens an ioredis client (one server or a Redis Cluster) the way every Redis-backed part of rapo
 * needs it: connected before use, no offline queue (a call while Redis is unreachable fails at
 * once instead of waiting — `send()` must fail fast), a command timeout, and background reconnects
 * so work resumes when Redis returns. Errors become StoreErrors naming Redis (`redisStoreError`).
 */
import { Cluster, Redis } from "ioredis";
import { storeError } from "../domain/store-errors.js";
import { StoreError } from "../errors.js";

/** A connected client: a single server or a cluster (both speak the commands rapo uses). */
export type RedisClient = Redis | Cluster;

/** How to reach Redis. */
export interface RedisConnectionOptions {
  /** treat the URL(s) as Redis Cluster seed nodes (implied by passing several URLs). */
  cluster?: boolean;
  /** give up connecting after this long (ms). Default 2000. */
  connectTimeoutMs?: number;
  /** a command without reply after this long (ms) fails. Default 5000. */
  commandTimeoutMs?: number;
}

/** Messages of ioredis errors that mean "Redis is not reachable right now". */
const UNAVAILABLE = [
  "Stream isn't writeable",
  "Connection is closed",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "Command timed out",
  "max retries",
  "None of startup nodes is available",
  "Failed to refresh slots cache",
  "Cluster isn't ready",
  "connect ETIMEDOUT",
];

/** Connects and waits until the client is ready; throws StoreError (`unavailable`) otherwise. */
export async function connectRedis(
  target: string | readonly string[],
  options: RedisConnectionOptions = {},
): Promise<RedisClient> {
  const urls = typeof target === "string" ? [target] : [...target];
  if (urls.length === 0 || urls.some((u) => typeof u !== "string" || u === "")) {
    throw storeError("connect", "invalid_argument", "a Redis URL is required", { store: "redis" });
  }
  const connectTimeout = options.connectTimeoutMs ?? 2000;
  const commandTimeout = options.commandTimeoutMs ?? 5000;
  // RESP2: raw commands (`call`, scripts) then reply in the same shapes as the typed ones.
  const common = {
    connectTimeout,
    commandTimeout,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    protocol: 2 as const,
  };
  const client: RedisClient =
    options.cluster === true || urls.length > 1
      ? new Cluster(urls.map(parseNode), {
          lazyConnect: true,
          enableOfflineQueue: false,
          redisOptions: common,
          clusterRetryStrategy: (times) => Math.min(100 * times, 1000),
        })
      : new Redis(urls[0]!, {
          ...common,
          lazyConnect: true,
          retryStrategy: (times) => Math.min(50 * times, 1000),
        });
  // ioredis reports connection errors as events too; without a listener it prints them.
  client.on("error", () => {});
  try {
    await withTimeout(client.connect(), connectTimeout + 500);
  } catch (error) {
    client.disconnect();
    throw redisStoreError("connect", error, urls.join(","));
  }
  return client;
}

/** Wraps what a Redis call threw as a StoreError naming Redis; StoreErrors pass through. */
export function redisStoreError(operation: string, error: unknown, target?: string): StoreError {
  if (error instanceof StoreError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const unavailable = UNAVAILABLE.some((m) => message.includes(m));
  return storeError(
    operation,
    unavailable ? "unavailable" : "driver",
    `redis${target === undefined ? "" : ` ${target}`}: ${message}`,
    { store: "redis" },
    error,
  );
}

function parseNode(url: string): { host: string; port: number } {
  const parsed = new URL(url.includes("://") ? url : `redis://${url}`);
  return { host: parsed.hostname, port: Number(parsed.port || 6379) };
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`connect ETIMEDOUT after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A second connection with the same options, connected: for blocking reads (XREADGROUP BLOCK
 * would stall every other command on a shared connection) and for pub/sub.
 */
export async function duplicateRedis(client: RedisClient): Promise<RedisClient> {
  const copy = (client.duplicate as () => RedisClient).call(client);
  copy.on("error", () => {});
  await copy.connect();
  return copy;
}
