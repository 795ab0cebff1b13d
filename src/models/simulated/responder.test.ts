import { describe, expect, it } from "vitest";
import { DIRECTIVES } from "../../state/prompt-components.js";
import { createPrng, type Prng } from "../../util/random.js";
import type { DirectiveName } from "./directives.js";
import { computeAnswer, type Fact, FactBook, formatFact, parseQuestion } from "./fact-language.js";
import { buildView } from "./prompt-view.js";
import { type ResponderProfile, respond } from "./responder.js";
import { createTaskDetector } from "./task-detection.js";

const ALL = Object.keys(DIRECTIVES) as DirectiveName[];
const system = (names: readonly DirectiveName[]) =>
  ["You are a supply-chain assistant.", ...names.map((n) => DIRECTIVES[n])].join(" ");
const profile = (seed: number, skill: number): ResponderProfile => ({
  seed,
  skills: {},
  defaultSkill: skill,
  pronounRate: 0.3,
  detectTask: createTaskDetector(),
});
const answer = (seed: number, skill: number, sys: string, messages: string[]) =>
  respond(
    profile(seed, skill),
    buildView(
      sys,
      messages.map((text, i) => ({ role: i % 2 === 0 ? "user" : "assistant", text })),
    ),
  ).text;

const CITIES = ["Lyon", "Paris", "Nice", "Lille", "Brest", "Rennes", "Dijon", "Metz", "Tours", "Reims"];

/** A small world whose values all end in 07: no sum, difference or slip of them can end in 07. */
function world(rng: Prng) {
  const [root, ...rest] = rng.shuffle(CITIES).slice(0, 7);
  const plant = `${root}-Plant`;
  const sites = rest.map((c) => `${c}-Depot`);
  const values = rng.shuffle(Array.from({ length: 80 }, (_, k) => 1007 + 100 * k));
  const facts: Fact[] = sites.map((e, i) => ({
    kind: "attribute",
    attribute: "stock",
    entity: e,
    value: values[i]!,
  }));
  facts.push({ kind: "supply", supplier: plant, customer: sites[0]! });
  for (let i = 1; i < 4; i++) facts.push({ kind: "supply", supplier: sites[i - 1]!, customer: sites[i]! });
  const questions = [
    `Plan the merge: work out the combined stock of ${sites[0]}, ${sites[4]} and ${sites[5]}.`,
    `Solve for the gap in stock between ${sites[1]} and ${sites[2]}.`,
    `Which site has more stock: ${sites[3]} or ${sites[4]}?`,
    `Find the stock of ${sites[5]}.`,
    `Reason it through and infer which plant ultimately supplies ${sites[3]}.`,
    `Rephrase in the passive voice the sentence that names the supplier of ${sites[2]}.`,
    `Write a slogan for ${sites[1]} that mentions its stock.`,
  ];
  return { facts, questions };
}

describe("the simulated model's honesty", () => {
  it("never states a fact that is absent from its prompt (many seeds, skills and directives)", () => {
    let checked = 0;
    for (let seed = 0; seed < 150; seed++) {
      const rng = createPrng(seed);
      const { facts, questions } = world(rng);
      const absent = rng.shuffle(facts).slice(0, rng.int(1, 3));
      const present = facts.filter((f) => !absent.includes(f));
      const promptText = present.map((f) => formatFact(f)).join(" ");
      for (const directives of [[], ALL, ALL.filter((d) => d !== "askWhenMissing")]) {
        for (const skill of [1, 0.5, 0]) {
          for (const q of questions) {
            const text = answer(seed, skill, system(directives), [promptText, "Noted.", q]);
            for (const f of absent) {
              if (f.kind === "attribute") expect(text).not.toContain(String(f.value));
              else if (!`${promptText} ${q}`.includes(f.supplier)) expect(text).not.toContain(f.supplier);
            }
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(150 * 3 * 3 * 7);
  });

  it("uses a fact once its sentence reaches the prompt, whichever message holds it", () => {
    const q = "Find the stock of Nice-Store.";
    const sys = system(["answerFormat"]);
    expect(answer(1, 1, sys, [q])).not.toContain("Answer: 4207");
    expect(answer(1, 1, sys, ["The stock of Nice-Store is 4207 units.", "Noted.", q])).toContain(
      "Answer: 4207",
    );
    expect(answer(1, 1, `${sys} Handoff notes: The stock of Nice-Store is 4207 units.`, [q])).toContain(
      "Answer: 4207",
    );
  });
});

describe("skill", () => {
  it("answers right with skill 1 and wrong with skill 0, whenever the facts are present", () => {
    for (let seed = 0; seed < 60; seed++) {
      const { facts, questions } = world(createPrng(seed));
      const text = facts.map((f) => formatFact(f)).join(" ");
      const book = new FactBook(facts);
      for (const q of questions) {
        const expected = computeAnswer(parseQuestion(q)!, book).result!;
        const answerLine = (skill: number) =>
          answer(seed, skill, system(["answerFormat"]), [text, "Noted.", q])
            .split("\n")
            .at(-1)!;
        const right = answerLine(1);
        const wrong = answerLine(0);
        expect(right).toContain(expected);
        expect(wrong.startsWith("Answer: ")).toBe(true);
        expect(wrong === `Answer: ${expected}` || wrong.includes(` ${expected} `)).toBe(false);
      }
    }
  });

  it("is deterministic for a given prompt", () => {
    const msgs = [
      "The stock of Lyon-Depot is 1207 units. The stock of Nice-Store is 2307 units.",
      "Ok.",
      "Which site has more stock: Lyon-Depot or Nice-Store?",
    ];
    const a = Array.from({ length: 5 }, () => answer(9, 0.5, system([]), msgs));
    expect(new Set(a).size).toBe(1);
    const seeds = new Set(Array.from({ length: 20 }, (_, s) => answer(s, 0.5, system([]), msgs)));
    expect(seeds.size).toBeGreaterThan(1);
  });
});

describe("directives shape the wording", () => {
  const facts =
    "The stock of Lyon-Depot is 1207 units. The stock of Paris-Depot is 3407 units. Lille-Plant supplies Lyon-Depot.";
  const sum = [facts, "Noted.", "Plan the merge: work out the combined stock of Lyon-Depot and Paris-Depot."];

  it("follows each directive of the component bank", () => {
    const with_ = (names: DirectiveName[], msgs = sum, seed = 4) => answer(seed, 1, system(names), msgs);
    expect(with_(["restateFacts"]).startsWith("Facts so far: The stock of Lyon-Depot is 1207")).toBe(true);
    expect(with_(["answerFormat"]).endsWith("\nAnswer: 4614")).toBe(true);
    expect(with_(["stepByStep"])).toMatch(/^Step 1: .*\nStep 2: .*\nStep 3: 1207 \+ 3407 = 4614/);
    expect(with_(["citeTurns"])).toContain("(turn 1)");
    expect(with_(["concise"]).length).toBeLessThan(with_([]).length);
    for (let seed = 0; seed < 20; seed++) {
      expect(with_(["glossary", "restateFacts"], sum, seed)).toMatch(/units/);
      expect(with_(["glossary", "restateFacts"], sum, seed)).not.toMatch(/items|pieces|articles/);
      expect(with_(["confirmEntities"], [facts, "Ok.", "Find the stock of Lyon-Depot."], seed)).toContain(
        "Lyon-Depot",
      );
    }
    const synonyms = new Set(
      Array.from({ length: 20 }, (_, s) => /(items|pieces|articles)/.exec(with_([], sum, s))?.[1]),
    );
    expect(synonyms.size).toBeGreaterThan(1);
  });

  it("asks when a fact is missing only when told to, and then names what is missing", () => {
    const q = [
      "The stock of Lyon-Depot is 1207 units.",
      "Ok.",
      "Plan the merge: work out the combined stock of Lyon-Depot and Rome-Hub.",
    ];
    for (let seed = 0; seed < 10; seed++) {
      expect(answer(seed, 1, system(["askWhenMissing"]), q)).toMatch(
        /[Cc]ould you clarify the stock of Rome-Hub\?/,
      );
      expect(answer(seed, 1, system([]), q)).not.toMatch(/clarify/);
    }
  });

  it("makes agents with the same directives agree and agents with different ones differ (ROUGE-L)", () => {
    const msgs = [facts, "Noted.", "Which plant ultimately supplies Lyon-Depot?"];
    const shared = Array.from({ length: 6 }, (_, s) => answer(s, 1, system(ALL), msgs));
    const own = Array.from({ length: 6 }, (_, s) =>
      answer(s, 1, system(s % 2 ? ["concise"] : ["stepByStep", "citeTurns"]), msgs),
    );
    const meanPairwise = (texts: string[]) => {
      let total = 0;
      let n = 0;
      for (let i = 0; i < texts.length; i++)
        for (let j = i + 1; j < texts.length; j++, n++) total += rougeL(texts[i]!, texts[j]!);
      return total / n;
    };
    expect(meanPairwise(shared)).toBeGreaterThan(0.95);
    expect(meanPairwise(own)).toBeLessThan(0.7);
  });
});

/** ROUGE-L F1 over lower-cased word tokens. */
function rougeL(a: string, b: string): number {
  const x = a.toLowerCase().match(/[\w-]+/g) ?? [];
  const y = b.toLowerCase().match(/[\w-]+/g) ?? [];
  const dp = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      dp[i]![j] = x[i - 1] === y[j - 1] ? dp[i - 1]![j - 1]! + 1 : Math.max(dp[i - 1]![j]!, dp[i]![j - 1]!);
    }
  }
  const lcs = dp[x.length]![y.length]!;
  if (lcs === 0) return 0;
  const p = lcs / x.length;
  const r = lcs / y.length;
  return (2 * p * r) / (p + r);
}
