import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../config/resolve.js";
import { FactLedger } from "../state/fact-extraction.js";
import { analyzeText } from "../state/text-analysis.js";
import type { ConversationRecord } from "../store/contract.js";
import { MemoryStore } from "../store/memory-store.js";
import { ConversationCache, ConversationState } from "./conversation-state.js";

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

const USER_TEXTS = [
  "The stock of Lyon-Depot is 420 units and Lyon-Depot supplies Nice-Store every Monday.",
  "Yes, please.",
  "Book a table for 4 at Trattoria Roma on March 12 at 7 pm.",
  "No, make it the 14th instead.",
  "Which city is Paris-Depot in?",
];
const ANSWERS = [
  "Shall I book the hotel on Rue de Rivoli for 2 nights?",
  "Paris-Depot holds 130 units. Answer: 130",
  "Would you like a table at 7 pm?",
  "Done. Anything else?",
];

function record(): ConversationRecord {
  return {
    id: "c",
    lastAgentId: null,
    facts: [],
    entities: [],
    turnCount: 0,
    pool: null,
    createdAt: 0,
    updatedAt: 0,
  };
}

describe("ConversationState: facts off the request path", () => {
  it("the ledger reads the same facts in the same order as reading user turns with their turn (property)", () => {
    // the reference is the former behaviour: a user turn read at once when no answer waited
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            user: fc.nat(USER_TEXTS.length - 1),
            answer: fc.nat(ANSWERS.length - 1),
            tick: fc.boolean(),
            withAnalysis: fc.boolean(),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        (turns) => {
          const state = new ConversationState(record(), 20, 64);
          const reference = new FactLedger(64);
          const waiting: { text: string; speaker: "user" | "assistant" }[] = [];
          for (const turn of turns) {
            // the prompt of this turn: what the former code's ledger held then
            state.settleEager();
            expect(state.ledger.facts()).toEqual(reference.facts());
            expect(state.ledger.entities()).toEqual(reference.entities());
            const user = USER_TEXTS[turn.user]!;
            state.deferUser(user, turn.withAnalysis ? analyzeText(user) : undefined);
            if (waiting.length === 0) reference.ingest(user, undefined, "user");
            else waiting.push({ text: user, speaker: "user" });
            const answer = ANSWERS[turn.answer]!;
            state.deferFacts(answer);
            waiting.push({ text: answer, speaker: "assistant" });
            if (turn.tick) {
              state.settleFacts();
              for (const { text, speaker } of waiting.splice(0)) reference.ingest(text, undefined, speaker);
              expect(state.ledger.facts()).toEqual(reference.facts());
            }
          }
          state.settleFacts();
          for (const { text, speaker } of waiting.splice(0)) reference.ingest(text, undefined, speaker);
          expect(state.ledger.facts()).toEqual(reference.facts());
          expect(state.ledger.entities()).toEqual(reference.entities());
          expect(state.record.facts).toEqual(reference.facts());
        },
      ),
      { seed: 20261203, verbose: true },
    );
  });

  it("keeps a short previous answer's analysis for its fold, and only the analysis of that text", () => {
    const state = new ConversationState(record(), 20, 64);
    state.deferUser("Which city is Paris-Depot in?");
    state.deferFacts(ANSWERS[1]!);
    state.shareAnalysis(analyzeText("some other text"));
    state.shareAnalysis(analyzeText(ANSWERS[1]!));
    expect(state.settleFacts()).toBe(true);
    const reference = new FactLedger(64);
    reference.ingest("Which city is Paris-Depot in?", undefined, "user");
    reference.ingest(ANSWERS[1]!, undefined, "assistant");
    expect(state.ledger.facts()).toEqual(reference.facts());
  });
});
