import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { RedisLeaderElection } from "../distributed/redis-leader-election.js";
import { RedisLoadTracker } from "../distributed/redis-load-tracker.js";
import { RedisTurnBus } from "../distributed/redis-turn-bus.js";
import { useRedisServer } from "../distributed/testing/use-redis-server.js";
import { RedisWorkerRegistry } from "../distributed/worker-registry.js";
import { RedisStore } from "../store/redis-store.js";
import { makeAgentState, makeTurn } from "../store/testing/fixtures.js";
import { inspectRedis } from "./inspect-redis.js";

const run = promisify(execFile);
const MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));

const redis = useRedisServer();

describe("rapo inspect --redis", () => {
  it("reports the store, leader, workers and per-agent queues", async () => {
    const prefix = `t-${randomUUID()}:`;
    const store = RedisStore.onClient(redis.client, prefix);
    await store.acceptTurn(makeTurn());
    await store.putAgentStates([makeAgentState("a1")]);
    await new RedisLeaderElection(redis.client, prefix).tryAcquire("leader-1", 60_000);
    await new RedisWorkerRegistry(redis.client, prefix).heartbeat("w1", ["a1", "a2"]);
    await new RedisLoadTracker(redis.client, prefix).acquire("a2", "w1");
    const bus = new RedisTurnBus(redis.client, { keyPrefix: prefix });
    const request = { turnId: "t", conversationId: "c", seq: 0, content: "q", enqueuedAt: 1, failedOver: [] };
    await bus.enqueue({ ...request, agentId: "a1" });
    await bus.enqueue({ ...request, turnId: "t2", agentId: "a1" });
    await bus.claim("w1", ["a1"]);
    await bus.pushRaw("a2", { junk: "1" });
    await bus.claim("w1", ["a2"]);
    const lines: string[] = [];
    const view = await inspectRedis({ redis: redis.server.url, keyPrefix: prefix, json: false }, (l) =>
      lines.push(l),
    );
    expect(view.store).toMatchObject({ turns: 1, agentStates: 1 });
    expect(view.leader).toEqual({ holder: "leader-1", token: 1 });
    expect(view.workers.map((w) => w.workerId)).toEqual(["w1"]);
    expect(view.agents).toEqual([
      { agentId: "a1", queued: 2, inFlight: 1, deadLetters: 0, load: 0 },
      { agentId: "a2", queued: 0, inFlight: 0, deadLetters: 1, load: 1 },
    ]);
    expect(lines.join("\n")).toContain("leader: leader-1 (fencing token 1)");
  });

  it("runs from the CLI and prints JSON", async () => {
    const prefix = `t-${randomUUID()}:`;
    await new RedisWorkerRegistry(redis.client, prefix).heartbeat("w9", ["x"]);
    const { stdout } = await run(process.execPath, [
      "--import",
      "tsx",
      MAIN,
      "inspect",
      "--redis",
      redis.server.url,
      "--key-prefix",
      prefix,
      "--json",
    ]);
    const view = JSON.parse(stdout) as { workers: { workerId: string }[] };
    expect(view.workers.map((w) => w.workerId)).toEqual(["w9"]);
  });
});
