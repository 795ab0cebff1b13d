import { randomUUID } from "node:crypto";
import type { Cluster } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisStore } from "./redis-store.js";
import { runStoreSpec } from "./store-spec.js";
import { answered, makeConversation, makeTurn } from "./testing/fixtures.js";
import { type RedisClusterHandle, startRedisCluster } from "./testing/redis-server.js";

let cluster: RedisClusterHandle;
beforeAll(async () => {
  cluster = await startRedisCluster();
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
});

const fresh = () => RedisStore.open(cluster.urls, { keyPrefix: `t-${randomUUID()}:` });

runStoreSpec("redis cluster", {
  create: fresh,
  stats: async (store) => (store as RedisStore).stats(),
});

describe("RedisStore on a 3-master cluster", () => {
  it("spreads conversations over the masters", async () => {
    const store = await fresh();
    for (let i = 0; i < 30; i++) {
      const turn = makeTurn({ id: `t${i}`, conversationId: `c${i}` });
      await store.acceptTurn(turn);
      await store.completeTurn(answered(turn), makeConversation({ id: `c${i}` }));
    }
    const masters = (store.client as Cluster).nodes("master");
    expect(masters).toHaveLength(3);
    const sizes = await Promise.all(masters.map((node) => node.dbsize()));
    expect(sizes.filter((n) => n > 0)).toHaveLength(3);
    expect(await store.listConversations(100)).toHaveLength(30);
    await store.close();
  });
});
