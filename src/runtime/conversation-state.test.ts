import { describe, expect, it } from "vitest";
import { resolveConfig } from "../config/resolve.js";
import { MemoryStore } from "../store/memory-store.js";
import { ConversationCache } from "./conversation-state.js";

describe("ConversationCache (issue 12)", () => {
  it("concurrent cache misses share one load", async () => {
    const store = new MemoryStore();
    const first = new ConversationCache(store, resolveConfig({}));
    await first.create("c", 0);
    const cold = new ConversationCache(store, resolveConfig({}));
    const states = await Promise.all([cold.get("c"), cold.get("c"), cold.get("c")]);
    expect(new Set(states).size).toBe(1);
    expect(states[0]!.seqVerified).toBe(false);
  });

  it("keeps a busy conversation past the bound until its turns settle", async () => {
    const cache = new ConversationCache(
      new MemoryStore(),
      resolveConfig({ limits: { liveConversations: 1 } }),
    );
    const a = await cache.create("a", 0);
    let finish!: () => void;
    const turn = a.serialize(() => new Promise<void>((resolve) => (finish = resolve)));
    await cache.create("b", 0); // evicts a from the bounded map, but a is busy
    expect(cache.live("a")).toBeUndefined();
    expect(await cache.get("a")).toBe(a);
    finish();
    await turn;
    await cache.create("c", 0); // a is idle now: evicted for good, reloaded as a new state
    expect(await cache.get("a")).not.toBe(a);
  });

  it("concurrent creations of one id make one conversation", async () => {
    const cache = new ConversationCache(new MemoryStore(), resolveConfig({}));
    const [x, y] = await Promise.all([cache.create("n", 0), cache.create("n", 0)]);
    expect(x).toBe(y);
  });
});
