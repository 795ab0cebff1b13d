import { describe, expect, it } from "vitest";
import { estimateCost } from "./cost.js";
import { estimateHandoffTokens, estimatePromptTokens, estimateTokens } from "./estimate-tokens.js";
import { UsageLedger } from "./usage-ledger.js";

describe("estimateTokens", () => {
  it("blends chars/4 and words·4/3", () => {
    expect(estimateTokens("")).toBe(0);
    expect(estimateTokens("hi")).toBe(1);
    // 44 chars → 11; 9 words → 12; mean 11.5 → 12
    expect(estimateTokens("The quick brown fox jumps over the lazy dog.")).toBe(12);
    // whitespace runs do not create words: 7 chars → 1.75; 2 words → 2.67; mean 2.2
    expect(estimateTokens("a  \n\t b")).toBe(2);
  });

  it("lands within 30% of real BPE counts on ordinary prose", () => {
    // ≈ 22 BPE tokens, hand-counted: one per word and punctuation mark, "handoff" two
    const text =
      "Routing decides which agent answers; a handoff packet carries facts, entities and a summary to the next one.";
    expect(estimateTokens(text)).toBeGreaterThan(22 * 0.7);
    expect(estimateTokens(text)).toBeLessThan(22 * 1.3);
  });

  it("sizes prompts and handoff packets", () => {
    const prompt = { system: "be brief", messages: [{ content: "hello there" }, { content: "hi" }] };
    expect(estimatePromptTokens(prompt)).toBe(
      estimateTokens("be brief") + estimateTokens("hello there") + 1 + 12,
    );
    const packet = {
      summary: "User asked about invoices.",
      facts: ["Invoice 42 is due on May 3."],
      entities: ["Invoice 42"],
      recentTurns: [{ role: "user" as const, content: "when is it due?" }],
    };
    const expected =
      estimateTokens(packet.summary) +
      estimateTokens(packet.facts[0]!) +
      estimateTokens("Invoice 42") +
      1 +
      estimateTokens("when is it due?") +
      4;
    expect(estimateHandoffTokens(packet)).toBe(expected);
  });
});

describe("estimateCost", () => {
  it("prices per million tokens", () => {
    expect(
      estimateCost({ inputTokens: 1_000_000, outputTokens: 500_000 }, { inputPerMTok: 2, outputPerMTok: 8 }),
    ).toBe(6);
    expect(estimateCost({ inputTokens: 10, outputTokens: 10 }, undefined)).toBeUndefined();
  });
});

describe("UsageLedger", () => {
  const pricing = { a: { inputPerMTok: 1, outputPerMTok: 2 } };

  it("aggregates per turn, agent, conversation and overall", () => {
    const records: number[] = [];
    const ledger = new UsageLedger({ pricing, onRecord: (r) => records.push(r.inputTokens) });
    ledger.record({
      turnId: "t1",
      conversationId: "c1",
      agentId: "a",
      inputTokens: 1000,
      outputTokens: 500,
      estimated: false,
    });
    // failover on t1: agent b tried too, unpriced and estimated
    ledger.record({
      turnId: "t1",
      conversationId: "c1",
      agentId: "b",
      inputTokens: 10,
      outputTokens: 0,
      estimated: true,
    });
    ledger.record({
      turnId: "t2",
      conversationId: "c1",
      agentId: "a",
      inputTokens: 2000,
      outputTokens: 0,
      estimated: false,
      handoffTokens: 120,
    });
    expect(ledger.turn("t1")).toMatchObject({
      calls: 2,
      inputTokens: 1010,
      outputTokens: 500,
      estimatedCalls: 1,
      unpricedCalls: 1,
    });
    expect(ledger.turn("t1")?.costUsd).toBeCloseTo(0.002);
    expect(ledger.agent("a")).toMatchObject({ calls: 2, inputTokens: 3000, handoffTokens: 120 });
    expect(ledger.agent("a").costUsd).toBeCloseTo(0.004);
    expect(ledger.conversation("c1").calls).toBe(3);
    expect(ledger.total().inputTokens).toBe(3010);
    expect(ledger.agent("nobody").calls).toBe(0);
    expect([...ledger.byAgent().keys()].sort()).toEqual(["a", "b"]);
    expect(records).toEqual([1000, 10, 2000]);
  });

  it("returns copies, and forgets the oldest turns past the cap", () => {
    const ledger = new UsageLedger({ maxTurns: 2, pricing: () => undefined });
    for (const turnId of ["t1", "t2", "t3"]) {
      ledger.record({
        turnId,
        conversationId: "c",
        agentId: "a",
        inputTokens: 1,
        outputTokens: 1,
        estimated: false,
      });
    }
    expect(ledger.turn("t1")).toBeUndefined();
    expect(ledger.turn("t3")?.calls).toBe(1);
    const snapshot = ledger.conversation("c");
    snapshot.calls = 99;
    expect(ledger.conversation("c").calls).toBe(3);
    ledger.forgetConversation("c");
    expect(ledger.conversation("c").calls).toBe(0);
    expect(ledger.total().calls).toBe(3);
  });
});
