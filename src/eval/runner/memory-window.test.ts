import type { LanguageModelV3Prompt } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { promptText } from "./call-tracking.js";
import { memoryWindow, type TranscriptEntry } from "./memory-window.js";

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
});
