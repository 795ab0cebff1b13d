import { describe, expect, it } from "vitest";
import { MemoryStore } from "./memory-store.js";
import { makeTurn } from "./testing/fixtures.js";

// the conformance suite runs on this store from src/testing/store-conformance.int.test.ts (rapo/testing)

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
