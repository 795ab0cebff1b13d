import { describe, expect, it } from "vitest";
import { lcsLength, rougeL, rougeLF } from "./rouge-l.js";
import { tokenizeWords } from "./tokenize.js";

describe("tokenizeWords", () => {
  it("lowercases and splits on anything that is not a letter or digit", () => {
    expect(tokenizeWords("The Lyon warehouse's stock: 1,182 units!")).toEqual([
      "the",
      "lyon",
      "warehouse",
      "s",
      "stock",
      "1",
      "182",
      "units",
    ]);
    expect(tokenizeWords("  ... ")).toEqual([]);
    expect(tokenizeWords("Ça coûte 5€")).toEqual(["ça", "coûte", "5"]);
  });
});

describe("rougeL", () => {
  // Lin (2004), "ROUGE: A Package for Automatic Evaluation of Summaries", §3.1 example:
  // reference S1 "police killed the gunman"; S2 "police kill the gunman" shares the LCS
  // "police the gunman" (3 of 4 words): P = R = F = 3/4. S3 "the gunman kill police" shares only
  // "the gunman": F = 2/4.
  it("reproduces Lin's police/gunman example", () => {
    expect(rougeL("police kill the gunman", "police killed the gunman")).toEqual({
      lcs: 3,
      precision: 0.75,
      recall: 0.75,
      f: 0.75,
    });
    expect(rougeLF("the gunman kill police", "police killed the gunman")).toBe(0.5);
  });

  it("computes P, R and F for unequal lengths by hand", () => {
    // candidate 7 tokens, reference 5, LCS "a c e" = 3: P = 3/7, R = 3/5, F = 2·3/(7+5) = 0.5
    const s = rougeL("a x c y e z w", "a b c d e");
    expect(s.lcs).toBe(3);
    expect(s.precision).toBeCloseTo(3 / 7, 12);
    expect(s.recall).toBeCloseTo(3 / 5, 12);
    expect(s.f).toBeCloseTo(0.5, 12);
    // "the cat sat on the mat" vs "the cat is on the mat": LCS "the cat on the mat" = 5 of 6
    expect(rougeLF("The cat is on the mat.", "the cat sat on the mat")).toBeCloseTo(5 / 6, 12);
  });

  it("is symmetric in F, 1 for identical texts and 0 for disjoint or empty ones", () => {
    expect(rougeLF("a b c d", "b d a")).toBeCloseTo(rougeLF("b d a", "a b c d"), 12);
    expect(rougeLF("Same words here", "same, words; here")).toBe(1);
    expect(rougeLF("alpha beta", "gamma delta")).toBe(0);
    expect(rougeL("", "anything")).toEqual({ lcs: 0, precision: 0, recall: 0, f: 0 });
  });

  it("matches a brute-force LCS on random sequences, including long ones that grow the buffers", () => {
    let seed = 1;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    for (let trial = 0; trial < 50; trial++) {
      const n = 1 + (next() % (trial < 45 ? 12 : 600));
      const m = 1 + (next() % (trial < 45 ? 12 : 600));
      const a = Int32Array.from({ length: n }, () => next() % 4);
      const b = Int32Array.from({ length: m }, () => next() % 4);
      expect(lcsLength(a, n, b, m)).toBe(naiveLcs(a, b));
    }
  });
});

/** Full-table LCS, written independently of the two-row implementation. */
function naiveLcs(a: Int32Array, b: Int32Array): number {
  const t: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      t[i]![j] = a[i - 1] === b[j - 1] ? t[i - 1]![j - 1]! + 1 : Math.max(t[i - 1]![j]!, t[i]![j - 1]!);
    }
  }
  return t[a.length]![b.length]!;
}
