import { describe, expect, it } from "vitest";
import { generateDataset } from "../generator/generate.js";
import { measureConversation } from "./conversation-metrics.js";
import { applyLiteral, calibrateLiteral, calibrationOf } from "./literal.js";
import { gloveFromJson } from "./literal-embedder.js";
import { referenceAnswers } from "./reference-answers.js";
import { conversation } from "./run-builders.spec-suite.js";

/** A file in the package's layout, with escaped punctuation keys before the words (as the real one has). */
function glove(vectors: Record<string, number[]>): Buffer {
  const withMeta = Object.fromEntries(Object.entries(vectors).map(([w, v], i) => [w, [...v, 1, i]]));
  const json = JSON.stringify({
    precision: 8,
    dimensions: 3,
    words: Object.keys(vectors),
    vectors: withMeta,
  });
  return Buffer.from(json.replace('"vectors":{', '"vectors":{"\\\\":[9,9,9,1,0],"\\"":[9,9,9,1,0],'));
}

describe("gloveFromJson", () => {
  const e = gloveFromJson(
    glove({ stock: [1, 0, 0], units: [0.9, 0.1, 0], poem: [0, 0, 1], sea: [0, 0.2, 1] }),
  );

  it("indexes every word after escaped keys and embeds a text as the unit mean of its known words", () => {
    expect(e.vocabulary).toBe(4); // the two escaped punctuation keys are skipped
    expect(e.dim).toBe(3);
    const v = e.embed("Stock, UNITS and an unknown word")!;
    const norm = Math.hypot(...v);
    expect(norm).toBeCloseTo(1, 6);
    expect(v[0]).toBeGreaterThan(0.99);
    expect(e.embed("nothing known here")).toBeNull();
  });
});

describe("calibrationOf", () => {
  it("puts the threshold between separated distributions, with TPR 1, FPR 0 and AUC 1", () => {
    const c = calibrationOf([0.8, 0.85, 0.9, 0.95], [0.1, 0.2, 0.3], "test");
    expect(c.threshold).toBeGreaterThan(0.3);
    expect(c.threshold).toBeLessThan(0.8);
    expect(c).toMatchObject({ truePositiveRate: 1, falsePositiveRate: 0, auc: 1 });
    expect(c.positives).toMatchObject({ n: 4 });
    expect(c.negatives.mean).toBeCloseTo(0.2, 12);
  });

  it("gives AUC ½ for identical distributions", () => {
    expect(calibrationOf([0.5, 0.6], [0.5, 0.6], "t").auc).toBeCloseTo(0.5, 12);
  });
});

describe("referenceAnswers and the literal pass", () => {
  it("answers every turn with full context, deterministically, never from the answer key", async () => {
    const dataset = generateDataset({ conversations: 4, seed: 9 });
    const refs = await referenceAnswers(dataset);
    const again = await referenceAnswers(dataset);
    expect([...refs.keys()]).toEqual(dataset.map((c) => c.id));
    for (const c of dataset) {
      const r = refs.get(c.id)!;
      expect(r.map((t) => t.user)).toEqual(c.turns.map((t) => t.user));
      expect(r.every((t) => t.answer.length > 0)).toBe(true);
      expect(again.get(c.id)).toEqual(r);
    }
  });

  it("calibrates on references and sets each conversation's cosine handoff success", () => {
    const words = {
      lyon: [1, 0, 0],
      site: [0.9, 0.2, 0],
      stock: [0.8, 0.3, 0],
      poem: [0, 0, 1],
      sea: [0, 0.1, 1],
      waves: [0.1, 0, 1],
    };
    const e = gloveFromJson(glove(words));
    const refs = new Map([
      [
        "a",
        [
          { user: "lyon site", answer: "lyon stock" },
          { user: "stock at lyon", answer: "lyon site stock" },
        ],
      ],
      [
        "b",
        [
          { user: "poem", answer: "sea waves" },
          { user: "more sea", answer: "poem waves sea" },
        ],
      ],
    ]);
    const cal = calibrateLiteral(refs, e)!;
    expect(cal.positives.n).toBe(2);
    expect(cal.positives.mean).toBeGreaterThan(cal.negatives.mean);
    const run = conversation(
      [
        { agentId: "x", answer: "lyon stock" },
        { agentId: "y", answer: "lyon site stock" },
      ],
      { conversationId: "a" },
    );
    const off = conversation(
      [
        { agentId: "x", answer: "lyon stock" },
        { agentId: "y", answer: "sea waves poem" },
      ],
      { conversationId: "a" },
    );
    const measured = [measureConversation(run), measureConversation(off)];
    applyLiteral(measured, [run, off], refs, e, cal);
    expect(measured[0]!.literalHandoffSuccessRate).toBe(1);
    expect(measured[1]!.literalHandoffSuccessRate).toBe(0);
    expect(calibrateLiteral(new Map([["a", refs.get("a")!]]), e)).toBeNull();
  });
});
