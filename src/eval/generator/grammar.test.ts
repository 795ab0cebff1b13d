import { describe, expect, it } from "vitest";
import { parseQuestion } from "../../models/simulated/fact-language.js";
import { createTaskDetector } from "../../models/simulated/task-detection.js";
import { createPrng } from "../../util/random.js";
import { expand, GRAMMAR, GRAMMAR_COUNTS, productionsOf, tidy } from "./grammar.js";

const SLOTS = {
  attr: "stock",
  kind: "site",
  E: "Lyon-Depot",
  E1: "Lyon-Depot",
  E2: "Nice-Store",
  ELIST: "Lyon-Depot, Nice-Store and Brest-Hub",
  facts: "The stock of Lyon-Depot is 1207 units.",
};

/** Question cores and the operations they must parse to. */
const CORES: Record<string, string[]> = {
  Q_LOOKUP: ["lookup"],
  Q_COMPARE_MORE: ["max"],
  Q_COMPARE_LESS: ["min"],
  Q_SUM: ["sum"],
  Q_DIFF: ["difference"],
  Q_CHAIN: ["chain"],
  Q_CREATIVE: ["creative"],
  Q_GRAMMAR: ["rephrase"],
  Q_KNOWLEDGE_MORE: ["max"],
  Q_KNOWLEDGE_LESS: ["min"],
  Q_REASONING: ["chain"],
  Q_CLARIFY_LOOKUP: ["lookup"],
  Q_CLARIFY_COMPARE: ["max", "min"],
};

describe("grammar", () => {
  it("has exactly 50 query, 30 response and 20 transition-trigger productions (SPEC §10)", () => {
    expect(GRAMMAR_COUNTS).toEqual({ query: 50, response: 30, transition: 20 });
    expect(new Set(GRAMMAR.map((p) => p.id)).size).toBe(100);
  });

  it("phrases every question core so that the fact language parses it", () => {
    for (const [lhs, ops] of Object.entries(CORES)) {
      for (const p of productionsOf(lhs)) {
        const text = p.rhs.replace(/\{(\w+)\}/g, (_, k: string) => SLOTS[k as keyof typeof SLOTS]);
        const question = parseQuestion(text);
        expect(question, `${p.id}: ${text}`).not.toBeNull();
        expect(ops, p.id).toContain(question!.op);
      }
    }
  });

  it("gives trigger cues the cue words of their task type", () => {
    const detect = createTaskDetector();
    for (const [lhs, task] of [
      ["T_GRAMMAR", "grammar"],
      ["T_KNOWLEDGE", "knowledge"],
      ["T_REASONING", "reasoning"],
      ["T_CLARIFY", "dialogue"],
      ["T_GREETING", "dialogue"],
      ["T_CONCLUSION", "dialogue"],
    ] as const) {
      for (const p of productionsOf(lhs)) expect(detect(p.rhs), p.id).toBe(task);
    }
  });

  it("nests exactly as many clauses as the depth budget allows", () => {
    for (const budget of [0, 1, 4, 9]) {
      const used: string[] = [];
      const text = tidy(expand("Q_FRAME", { rng: createPrng(budget), slots: {}, used, depthBudget: budget }));
      expect(text.match(/\bthat the\b/g)?.length ?? 0).toBe(budget);
      expect(text).toMatch(/^(According to|As stated in) the [a-z ]+,$/);
    }
  });

  it("fails loudly on a missing slot or an unknown nonterminal", () => {
    expect(() => expand("Q_LOOKUP", { rng: createPrng(1), slots: {}, used: [] })).toThrow(/needs slot/);
    expect(() => productionsOf("Q_NOPE")).toThrow(/unknown nonterminal/);
  });
});
