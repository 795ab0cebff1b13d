import { describe, expect, it } from "vitest";
import { MemoryStore } from "./memory-store.js";
import { runStoreSpec } from "./store-spec.js";
import { makeTurn } from "./testing/fixtures.js";

runStoreSpec("memory", {
  create: async () => new MemoryStore(),
  stats: async (store) => (store as MemoryStore).stats(),
});

describe("MemoryStore", () => {
  it("reports row counts and refuses them once closed", async () => {
    const store = new MemoryStore();
    await store.acceptTurn(makeTurn());
    await store.putBlob("k", new Uint8Array(1));
    expect(store.stats()).toEqual({ conversations: 0, turns: 1, agentStates: 0, checkpoints: 0, blobs: 1 });
    await store.close();
    expect(() => store.stats()).toThrow(/closed/);
  });
});
