/**
 * @module distributed/testing/use-redis-server
 * The Redis set-up every Redis test file shares, in one call: {@link useRedisServer} registers
 * vitest `beforeAll`/`afterAll` hooks that start a real `redis-server` (and, when asked, a
 * three-node cluster) with a connected client each, and stop them afterwards. Test-only: it
 * imports vitest, so the build (`tsconfig.build.json`) and the published package leave it out.
 */
import { afterAll, beforeAll } from "vitest";
import { connectRedis, type RedisClient } from "../../store/redis-connection.js";
import {
  type RedisClusterHandle,
  type RedisServerHandle,
  startRedisCluster,
  startRedisServer,
} from "../../store/testing/redis-server.js";

/** The servers and clients of a test file; read them inside tests (they exist once `beforeAll` ran). */
export interface RedisUnderTest {
  readonly server: RedisServerHandle;
  readonly client: RedisClient;
  /** the cluster and its client (`useRedisServer({ cluster: true })` only). */
  readonly cluster: RedisClusterHandle;
  readonly clusterClient: RedisClient;
}

/** Starts redis-server (and a cluster with `cluster: true`) for the calling test file. */
export function useRedisServer(options: { cluster?: boolean } = {}): RedisUnderTest {
  const state: Partial<Record<keyof RedisUnderTest, unknown>> = {};
  beforeAll(async () => {
    const [server, cluster] = await Promise.all([
      startRedisServer(),
      options.cluster ? startRedisCluster() : undefined,
    ]);
    state.server = server;
    state.client = await connectRedis(server.url);
    if (cluster) {
      state.cluster = cluster;
      state.clusterClient = await connectRedis(cluster.urls);
    }
  }, 60_000);
  afterAll(async () => {
    (state.client as RedisClient | undefined)?.disconnect();
    (state.clusterClient as RedisClient | undefined)?.disconnect();
    await Promise.all([
      (state.server as RedisServerHandle | undefined)?.stop(),
      (state.cluster as RedisClusterHandle | undefined)?.stop(),
    ]);
  });
  const read = <K extends keyof RedisUnderTest>(key: K): RedisUnderTest[K] => {
    const value = state[key];
    if (value === undefined)
      throw new Error(
        `useRedisServer: '${key}' is not set up (read it inside a test, or ask for the cluster)`,
      );
    return value as RedisUnderTest[K];
  };
  return {
    get server() {
      return read("server");
    },
    get client() {
      return read("client");
    },
    get cluster() {
      return read("cluster");
    },
    get clusterClient() {
      return read("clusterClient");
    },
  };
}
