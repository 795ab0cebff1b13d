import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoreError } from "../errors.js";
import type { StateStore } from "./contract.js";
import { openStore } from "./open-store.js";
import { RedisStore } from "./redis-store.js";
import { expectStoreError, runStoreSpec } from "./store-spec.js";
import { answered, makeAgentState, makeConversation, makeTurn } from "./testing/fixtures.js";
import { type RedisServerHandle, startRedisServer } from "./testing/redis-server.js";

let server: RedisServerHandle;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.stop();
});

/** A fresh key prefix per test: tests share one server and never see each other's keys. */
const fresh = () => RedisStore.open(server.url, { keyPrefix: `t-${randomUUID()}:` });

runStoreSpec("redis", {
  create: fresh,
  stats: async (store) => (store as RedisStore).stats(),
});

describe("RedisStore", () => {
  it("opens through openStore({ redis }) and reports row counts", async () => {
    const store = await openStore({ redis: server.url, keyPrefix: `t-${randomUUID()}:` });
    expect(store.kind).toBe("redis");
    await store.acceptTurn(makeTurn());
    await store.putBlob("k", new Uint8Array([1]));
    await store.putAgentStates([makeAgentState("a")]);
    expect(await (store as RedisStore).stats()).toEqual({
      conversations: 0,
      turns: 1,
      agentStates: 1,
      checkpoints: 0,
      blobs: 1,
    });
    await store.close();
  });

  it("keeps vectors as binary float32 (capability float16), not JSON", async () => {
    const store = await fresh();
    await store.putAgentStates([makeAgentState("agent-a", 1)]);
    const raw = await store.client.hgetBuffer(store.keys.agentStates(), "agent-a");
    // header 36 bytes + (512 + 768 + 50) float32 + 50 float16
    expect(raw!.byteLength).toBe(36 + 4 * (512 + 768 + 50) + 2 * 50);
    await store.close();
  });

  it("stores a 10 KB conversation id and binary-looking content intact", async () => {
    const store = await fresh();
    const id = "c".repeat(10_240);
    const content = "\u0000\u0001\uffff\ud800 tail é 😀";
    const turn = makeTurn({ id: "t-bin", conversationId: id, userContent: content });
    await store.acceptTurn(turn);
    await store.completeTurn(answered(turn), makeConversation({ id }));
    expect((await store.getTurn("t-bin"))!.userContent).toBe(content);
    expect((await store.listTurns(id, 5)).map((t) => t.id)).toEqual(["t-bin"]);
    await store.close();
  });

  it("refuses a conversation record that is not the turn's own", async () => {
    const store = await fresh();
    await expectStoreError(
      store.completeTurn(answered(makeTurn()), makeConversation({ id: "other" })),
      "completeTurn",
      "invalid_argument",
    );
    await store.close();
  });

  it("moves a turn completed under another conversation", async () => {
    const store = await fresh();
    await store.acceptTurn(makeTurn());
    const moved = answered(makeTurn({ conversationId: "conv-2" }));
    await store.completeTurn(moved, makeConversation({ id: "conv-2" }));
    expect(await store.listTurns("conv-1", 10)).toEqual([]);
    expect(await store.getTurn("turn-1")).toEqual(moved);
    await store.close();
  });

  it("fails fast with a typed error naming Redis when Redis is unreachable, and resumes", async () => {
    const own = await startRedisServer();
    const store: StateStore = await openStore({ redis: own.url, keyPrefix: "x:" });
    await store.acceptTurn(makeTurn());
    const port = own.port;
    await own.stop();
    const started = Date.now();
    const error = await store.getTurn("turn-1").catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toMatch(/redis/);
    expect((error as StoreError).details["reason"]).toBe("unavailable");
    const again = await startRedisServer({ port });
    try {
      const deadline = Date.now() + 10_000;
      let resumed = false;
      while (!resumed && Date.now() < deadline) {
        resumed = await store.putBlob("k", new Uint8Array([1])).then(
          () => true,
          () => false,
        );
        if (!resumed) await new Promise((r) => setTimeout(r, 50));
      }
      expect(resumed).toBe(true);
      expect(await store.getBlob("k")).toEqual(new Uint8Array([1]));
    } finally {
      await store.close();
      await again.stop();
    }
  });

  it("loses no acknowledged turn when Redis (appendonly, appendfsync always) is killed and restarted", async () => {
    const args = ["--appendonly", "yes", "--appendfsync", "always"];
    const own = await startRedisServer({ args });
    const store = await RedisStore.open(own.url, { keyPrefix: "aof:" });
    const acknowledged: string[] = [];
    let stop = false;
    const writer = async (w: number) => {
      for (let n = 0; !stop; n++) {
        const turn = makeTurn({ id: `w${w}-${n}`, conversationId: `conv-${w}`, seq: n });
        try {
          await store.acceptTurn(turn);
          await store.completeTurn(answered(turn), makeConversation({ id: `conv-${w}`, turnCount: n + 1 }));
          acknowledged.push(turn.id);
        } catch {
          return; // Redis went away mid-write: this turn was never acknowledged
        }
      }
    };
    const writers = Promise.all([0, 1, 2, 3].map(writer));
    while (acknowledged.length < 200) await new Promise((r) => setTimeout(r, 5));
    await own.stop({ keepDir: true }); // SIGKILL while writes are in flight
    stop = true;
    await writers;
    const again = await startRedisServer({ port: own.port, dir: own.dir, args });
    try {
      const deadline = Date.now() + 10_000;
      while ((await store.getTurn(acknowledged[0]!).catch(() => undefined)) === undefined) {
        if (Date.now() > deadline) throw new Error("store did not reconnect");
        await new Promise((r) => setTimeout(r, 50));
      }
      const missing: string[] = [];
      for (const id of acknowledged) if ((await store.getTurn(id))?.status !== "answered") missing.push(id);
      expect(missing).toEqual([]);
      expect(acknowledged.length).toBeGreaterThanOrEqual(200);
    } finally {
      await store.close();
      await again.stop();
      rmSync(own.dir, { recursive: true, force: true });
    }
  });

  it("does not list another live process's pending turns for recovery, only a dead one's", async () => {
    const prefix = `t-${randomUUID()}:`;
    const running = await RedisStore.open(server.url, { keyPrefix: prefix, ownerLeaseMs: 300 });
    const starting = await RedisStore.open(server.url, { keyPrefix: prefix, ownerLeaseMs: 300 });
    await running.acceptTurn(makeTurn({ id: "live" }));
    await starting.acceptTurn(makeTurn({ id: "mine", seq: 1 }));
    expect((await starting.listPendingTurns()).map((t) => t.id)).toEqual(["mine"]);
    expect((await running.listPendingTurns()).map((t) => t.id)).toEqual(["live"]);
    // The running process dies without closing: its owner entry is no longer renewed.
    running.client.disconnect();
    await new Promise((r) => setTimeout(r, 400));
    expect((await starting.listPendingTurns()).map((t) => t.id)).toEqual(["live", "mine"]);
    await starting.close();
    await running.close();
  });

  it("fails to open with StoreError when nothing listens", async () => {
    const own = await startRedisServer();
    const url = own.url;
    await own.stop();
    await expect(RedisStore.open(url, { connectTimeoutMs: 300 })).rejects.toBeInstanceOf(StoreError);
  });
});
