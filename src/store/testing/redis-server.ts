/**
 * @module store/testing/redis-server
 * Real Redis for tests: {@link startRedisServer} (from `store/redis-server-process`) runs
 * `redis-server` on a free loopback port, {@link startRedisCluster} runs three cluster-enabled
 * servers and joins them with `redis-cli --cluster create`. Both return a handle whose `stop()`
 * kills what it started. No Docker, no mock.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { cli, freePort, type RedisServerHandle, startRedisServer, waitFor } from "../redis-server-process.js";

export {
  cli,
  freePort,
  type RedisServerHandle,
  type RedisServerOptions,
  startRedisServer,
} from "../redis-server-process.js";

const run = promisify(execFile);

/** A running 3-master Redis Cluster. */
export interface RedisClusterHandle {
  nodes: RedisServerHandle[];
  urls: string[];
  stop(): Promise<void>;
}

/** Starts three cluster-enabled servers, creates the cluster and waits for `cluster_state:ok`. */
export async function startRedisCluster(): Promise<RedisClusterHandle> {
  const nodes: RedisServerHandle[] = [];
  try {
    for (let i = 0; i < 3; i++) {
      const port = await freePort(true);
      nodes.push(
        await startRedisServer({
          port,
          args: [
            "--cluster-enabled",
            "yes",
            "--cluster-config-file",
            `nodes-${port}.conf`,
            "--cluster-node-timeout",
            "2000",
          ],
        }),
      );
    }
    const addresses = nodes.map((n) => `127.0.0.1:${n.port}`);
    await run("redis-cli", ["--cluster", "create", ...addresses, "--cluster-replicas", "0", "--cluster-yes"]);
    for (const node of nodes)
      await waitFor(async () => (await cli(node.port, "CLUSTER", "INFO")).includes("cluster_state:ok"));
  } catch (error) {
    await Promise.all(nodes.map((n) => n.stop()));
    throw error;
  }
  return {
    nodes,
    urls: nodes.map((n) => n.url),
    stop: async () => {
      await Promise.all(nodes.map((n) => n.stop()));
    },
  };
}
