import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { boundAnswer, StreamedAnswer } from "./answer-bounds.js";

/** Strings rich in surrogates: pairs, lone highs, lone lows, ASCII. */
const text = fc
  .array(fc.constantFrom("a", " ", "é", "\uD83D\uDE00", "\uD800", "\uDC00", "xyz"), { maxLength: 40 })
  .map((parts) => parts.join(""));

describe("answer bounds (issue 12)", () => {
  it("caps, never splits a surrogate pair, and replaces lone surrogates", () => {
    expect(boundAnswer("abcdef", 3)).toEqual({ text: "abc", truncated: { originalChars: 6, keptChars: 3 } });
    expect(boundAnswer("ab\uD83D\uDE00", 3).text).toBe("ab");
    expect(boundAnswer("a\uD800b", 10)).toEqual({ text: "a\uFFFDb", truncated: undefined });
  });

  it("streamed pieces add up to the bounded answer, whatever the chunking", () => {
    fc.assert(
      fc.property(
        text,
        fc.array(fc.nat(8), { maxLength: 20 }),
        fc.integer({ min: 1, max: 50 }),
        (t, cuts, max) => {
          const stream = new StreamedAnswer(max);
          let seen = "";
          let at = 0;
          for (const cut of cuts) {
            if (stream.full) break;
            stream.append(t.slice(at, at + cut));
            at += cut;
            seen += stream.take(false);
          }
          if (!stream.full) stream.append(t.slice(at));
          seen += stream.take(true);
          expect(seen).toBe(boundAnswer(stream.text, max).text);
          expect(seen.length).toBeLessThanOrEqual(max);
          expect((seen as unknown as { isWellFormed(): boolean }).isWellFormed()).toBe(true);
        },
      ),
      { seed: 12, numRuns: 500 },
    );
  });
});
