import { describe, expect, it } from "vitest";
import { MemoryStore } from "../../store/memory-store.js";
import { answered, makeConversation, makeTurn } from "../../store/testing/fixtures.js";
import { HistoryCache } from "./history-cache.js";

const WINDOW = 5;

/** A store whose `listTurns` limits are recorded. */
function recordingStore() {
  const store = new MemoryStore();
  const limits: number[] = [];
  const listTurns = store.listTurns.bind(store);
  store.listTurns = (id, limit) => {
    limits.push(limit);
    return listTurns(id, limit);
  };
  return { store, limits };
}

/** Accepts turn `seq` (pending), as the front does before it enqueues it. */
async function accept(store: MemoryStore, seq: number) {
  const turn = makeTurn({ id: `t${seq}`, seq, userContent: `ask ${seq}` });
  await store.acceptTurn(turn);
  return turn;
}

async function expected(store: MemoryStore, seq: number) {
  return (await store.listTurns("conv-1", WINDOW)).filter((t) => t.seq < seq);
}

describe("HistoryCache", () => {
  it("gives what a full read gives, reading only the turns recorded since", async () => {
    const { store, limits } = recordingStore();
    await store.putConversation(makeConversation());
    const cache = new HistoryCache(store, WINDOW);
    for (let seq = 0; seq < 12; seq++) {
      const turn = await accept(store, seq);
      // this worker serves turns 0-3 and 7-11; another one serves 4-6
      if (seq < 4 || seq > 6) expect(await cache.before("conv-1", seq)).toEqual(await expected(store, seq));
      await store.completeTurn(answered(turn), makeConversation({ turnCount: seq + 1 }));
    }
    // (each read of the cache is followed by the test's own full read) the first read is the
    // whole window, then the newest 2 turns (the last served and the current one), and the whole
    // window again after the three turns served elsewhere
    expect(limits.filter((_, i) => i % 2 === 0)).toEqual([WINDOW, 2, 2, 2, WINDOW, 2, 2, 2, 2]);
  });

  it("reads a turn left pending again until it is final, and skips a seq gap", async () => {
    const { store } = recordingStore();
    await store.putConversation(makeConversation());
    const cache = new HistoryCache(store, WINDOW);
    await accept(store, 0); // its front died: pending for good, or failed later by recovery
    const t1 = await accept(store, 1);
    expect(await cache.before("conv-1", 1)).toEqual(await expected(store, 1));
    await store.completeTurn(answered(t1), makeConversation({ turnCount: 2 }));
    await store.completeTurn({ ...makeTurn({ id: "t0", seq: 0 }), status: "failed" }, makeConversation());
    await accept(store, 3);
    expect(await cache.before("conv-1", 3)).toEqual(await expected(store, 3));
  });

  it("reads the whole window again for an older turn (a redelivery)", async () => {
    const { store } = recordingStore();
    await store.putConversation(makeConversation());
    const cache = new HistoryCache(store, WINDOW);
    for (let seq = 0; seq < 4; seq++) {
      const turn = await accept(store, seq);
      await store.completeTurn(answered(turn), makeConversation({ turnCount: seq + 1 }));
    }
    await accept(store, 4);
    expect(await cache.before("conv-1", 4)).toEqual(await expected(store, 4));
    expect(await cache.before("conv-1", 2)).toEqual(await expected(store, 2));
  });
});
