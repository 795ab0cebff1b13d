import { describe, expect, it } from "vitest";
import { CategoryScorer, type TermBag } from "./category-scorer.js";
import { DEFAULT_SCORER_WEIGHTS } from "./classifier.js";
import { CODE_SYMBOLS, STOP_WORDS } from "./lexicon.js";
import { resolveTaxonomy, type Taxonomy } from "./taxonomy.js";
import { analyzeText, lexemesOf, type TextAnalysis } from "./text-analysis.js";
import { TurnEvidence } from "./turn-evidence.js";

const TEXTS = [
  "How many chairs are in stock? Count the stock, then the chairs.",
  "Is the blue chair in stock in Lyon-Depot (order 1182)?",
  "const x = () => { return 1; }; // fix the bug",
  "Refund the payment for invoice 88, how many refunds did we make? how many!",
  "",
];

/** Terms and cues collected the plain way: a Map and a Set rebuilt per turn. */
function referenceBags(a: TextAnalysis): { terms: TermBag; cues: Set<string> } {
  const terms: TermBag = new Map();
  const cues = new Set<string>();
  const add = (term: string): void => void terms.set(term, (terms.get(term) ?? 0) + 1);
  const stems = lexemesOf(a).map((lexeme) => lexeme.stem);
  a.values.forEach((value, i) => {
    const type = a.types[i];
    if (type === "punctuation" || type === "symbol" || a.pos[i] === "PUNCT") {
      cues.add(value);
      if (value === "?") add("#q");
      else if (CODE_SYMBOLS.has(value)) add("#code");
    } else if (type === "number") {
      cues.add("#num");
      add("#num");
    } else if (type !== "tabCRLF" && type !== "spaces") {
      cues.add(stems[i]!);
      if (!STOP_WORDS.has(a.normals[i]!)) add(stems[i]!);
    }
  });
  for (let i = 0; i + 1 < stems.length; i++) {
    if (a.pos[i] !== "PUNCT" && a.pos[i + 1] !== "PUNCT") cues.add(`${stems[i]} ${stems[i + 1]}`);
  }
  return { terms, cues };
}

function compare(taxonomy: Taxonomy): void {
  const tasks = new CategoryScorer(taxonomy.taskTypes, DEFAULT_SCORER_WEIGHTS);
  const modalities = new CategoryScorer(taxonomy.modalities, DEFAULT_SCORER_WEIGHTS);
  const evidence = new TurnEvidence(tasks, modalities);
  for (const text of [...TEXTS, ...TEXTS]) {
    const a = analyzeText(text);
    evidence.collect(a, lexemesOf(a));
    const { terms, cues } = referenceBags(a);
    for (const scorer of [tasks, modalities]) {
      const fast = new Float64Array(scorer.size);
      const plain = new Float64Array(scorer.size);
      evidence.addLogits(scorer, fast);
      scorer.addLogits(terms, cues, plain);
      expect([...fast], text).toEqual([...plain]);
    }
  }
}

describe("TurnEvidence", () => {
  it("gives the logits of a Map of terms and a Set of cues, turn after turn", () => {
    compare(resolveTaxonomy());
  });

  it("matches two-word keywords as the bigram cues would", () => {
    const phrased = resolveTaxonomy({
      taskTypes: [
        { id: "availability", keywords: ["in stock", "how many"] },
        { id: "inventory", keywords: ["stock", "count"] },
        { id: "code", keywords: ["{", "fix the", "return"] },
      ],
      modalities: [
        { id: "question", keywords: ["how many"] },
        { id: "chat", description: "quick chat" },
      ],
    });
    compare(phrased);
  });

  it("counts word and number tokens", () => {
    const tasks = new CategoryScorer(resolveTaxonomy().taskTypes, DEFAULT_SCORER_WEIGHTS);
    const evidence = new TurnEvidence(tasks, null);
    const a = analyzeText("Ship 40 boxes, now!");
    expect(evidence.collect(a, lexemesOf(a))).toBe(4);
  });
});
