import type { LanguageModelV3Prompt } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { promptText } from "./call-tracking.js";
import { contextTokensOf, memoryWindow, type TranscriptEntry } from "./memory-window.js";

const transcript: TranscriptEntry[] = Array.from({ length: 8 }, (_, i) => ({
  user: `question ${i}`,
  answer: `answer ${i}`,
  agentId: i % 2 ? "a" : "b",
}));
const prompt: LanguageModelV3Prompt = [
  { role: "system", content: "Role\n\nFacts established so far:\n- nothing" },
  { role: "user", content: [{ type: "text", text: "question 7" }] },
  { role: "assistant", content: [{ type: "text", text: "answer 7" }] },
  { role: "user", content: [{ type: "text", text: "current" }] },
];

describe("memoryWindow", () => {
  it("keeps the system prompt and the current message and shows the last N exchanges verbatim", () => {
    const out = memoryWindow(3)(prompt, {
      transcript,
      calls: [],
      recordPrompts: false,
      startMs: 0,
      elapsedMs: 0,
    });
    expect(out[0]).toEqual(prompt[0]);
    expect(out).toHaveLength(1 + 2 * 3 + 1);
    const text = promptText(out);
    for (const i of [5, 6, 7]) expect(text).toContain(`question ${i}\nanswer ${i}`);
    expect(text).not.toContain("question 4");
    expect(out[out.length - 1]).toEqual(prompt[3]);
  });

  it("with a window of 0 shows only the current message", () => {
    const out = memoryWindow(0)(prompt, {
      transcript,
      calls: [],
      recordPrompts: false,
      startMs: 0,
      elapsedMs: 0,
    });
    expect(out.map((m) => m.role)).toEqual(["system", "user"]);
  });

  it("rejects a negative or fractional window", () => {
    expect(() => memoryWindow(-1)).toThrow(RangeError);
    expect(() => memoryWindow(1.5)).toThrow(RangeError);
  });

  it("with a token budget keeps the newest exchanges that fit, facts and packet sections counted", () => {
    const scope = { transcript, calls: [], recordPrompts: false, startMs: 0, elapsedMs: 0 };
    const all = memoryWindow(1_000_000)(prompt, scope);
    const full = contextTokensOf(all);
    for (const budget of [10, 20, 30, 45, full]) {
      const out = memoryWindow(1_000_000, budget)(prompt, scope);
      expect(contextTokensOf(out)).toBeLessThanOrEqual(budget);
      // one more exchange would not have fitted
      const kept = (out.length - 2) / 2;
      if (kept < transcript.length) {
        const more = memoryWindow(kept + 1)(prompt, scope);
        expect(contextTokensOf(more)).toBeGreaterThan(budget);
      }
      expect(out[out.length - 1]).toEqual(prompt[prompt.length - 1]);
    }
    // the facts section of the system prompt counts as context; the role does not
    expect(contextTokensOf([{ role: "system", content: "Role only" }])).toBe(0);
    expect(
      contextTokensOf([{ role: "system", content: "Role\n\nFacts established so far:\n- x" }]),
    ).toBeGreaterThan(0);
    expect(() => memoryWindow(3, 0)).toThrow(RangeError);
  });
});
