import { beforeAll, describe, expect, it } from "vitest";
import { ConfigError, InputError } from "../../errors.js";
import { entitiesIn, parseFacts } from "../../models/simulated/fact-language.js";
import { createTaskDetector } from "../../models/simulated/task-detection.js";
import { triggerOf } from "./conversation-builder.js";
import { generateDataset } from "./generate.js";
import { GRAMMAR } from "./grammar.js";
import { parseJsonl, toJsonl } from "./jsonl.js";
import { resolveGeneratorOptions } from "./options.js";
import type { SyntheticConversation } from "./types.js";

const TRIGGERS = resolveGeneratorOptions({ conversations: 1 }).triggers;
let dataset: SyntheticConversation[];
const turns = () => dataset.flatMap((c) => c.turns);
const share = <T>(items: T[], pred: (t: T) => boolean) => items.filter(pred).length / items.length;

beforeAll(() => {
  dataset = generateDataset({ conversations: 1000, seed: 42 });
});

describe("generateDataset on 1,000 conversations (SPEC §10)", () => {
  it("mixes conversation states as the FSM prescribes, within 3 points", () => {
    const all = turns();
    const expected = { greeting: 0.1, query: 0.2, information: 0.4, clarification: 0.2, conclusion: 0.1 };
    for (const [state, p] of Object.entries(expected)) {
      expect(Math.abs(share(all, (t) => t.state === state) - p), state).toBeLessThanOrEqual(0.03);
    }
    for (const c of dataset) {
      expect(c.turns[0]!.state).toBe("greeting");
      expect(c.turns.at(-1)!.state).toBe("conclusion");
    }
  });

  it("seeds conversations with the task mix, within 4 points", () => {
    const expected = { retrieval: 0.4, problem_solving: 0.35, creative: 0.25 };
    for (const [task, p] of Object.entries(expected)) {
      expect(Math.abs(share(dataset, (c) => c.seedTask === task) - p), task).toBeLessThanOrEqual(0.04);
    }
  });

  it("keeps complexity within the SPEC ranges and spans them", () => {
    const all = turns();
    const depths = all.map((t) => t.complexity.syntacticDepth);
    const steps = all.map((t) => t.complexity.inferenceSteps);
    expect(Math.min(...depths)).toBe(3);
    expect(Math.max(...depths)).toBe(12);
    expect(Math.min(...steps)).toBe(1);
    expect(Math.max(...steps)).toBe(8);
    const entities = dataset.map((c) => c.complexity.entities);
    const relations = dataset.map((c) => c.complexity.relations);
    expect(Math.min(...entities)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...entities)).toBeLessThanOrEqual(50);
    expect(Math.max(...entities)).toBeGreaterThanOrEqual(45);
    expect(Math.min(...relations)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...relations)).toBeLessThanOrEqual(200);
    expect(Math.max(...relations)).toBeGreaterThanOrEqual(180);
  });

  it("counts conversation entities and relations from the facts actually stated", () => {
    for (const c of dataset.slice(0, 100)) {
      const stated = new Set(c.turns.flatMap((t) => t.facts));
      expect(c.complexity.relations).toBe(stated.size);
      expect(c.complexity.entities).toBe(new Set(entitiesIn([...stated].join(" "))).size);
    }
  });

  it("applies the specialist trigger rules and phrases triggered turns with their cue words", () => {
    const detect = createTaskDetector();
    const all = turns();
    const counts = { grammar: 0, knowledge: 0, reasoning: 0 };
    const violations: string[] = [];
    for (const t of all) {
      const c = t.complexity;
      const exceeded = [c.syntacticDepth > 8, c.entityCount > 20, c.inferenceSteps > 4].filter(
        Boolean,
      ).length;
      if (t.trigger !== triggerOf(c, TRIGGERS)) violations.push(`rule: ${t.user}`);
      if (t.specialist !== (t.trigger ?? t.taskType)) violations.push(`specialist: ${t.user}`);
      if (c.entityCount !== entitiesIn(t.user).length) violations.push(`entities: ${t.user}`);
      if (exceeded > 1) violations.push(`several thresholds: ${t.user}`);
      if (t.trigger) {
        counts[t.trigger]++;
        if (t.taskType !== t.trigger || detect(t.user) !== t.trigger) violations.push(`cue words: ${t.user}`);
      }
    }
    expect(violations).toEqual([]);
    for (const n of Object.values(counts)) expect(n).toBeGreaterThan(50);
    expect(share(all, (t) => detect(t.user) === t.taskType)).toBeGreaterThan(0.95);
  });

  it("spreads transitions from a few to 25 and more", () => {
    const transitions = dataset.map((c) => c.transitions).sort((a, b) => a - b);
    expect(transitions[0]).toBeLessThanOrEqual(2);
    expect(transitions.at(-1)).toBeGreaterThanOrEqual(25);
    expect(share(transitions, (n) => n >= 5 && n <= 8)).toBeGreaterThan(0.05);
    const bad = dataset.filter(
      (c) =>
        c.transitions !== c.turns.filter((t) => t.topicShift).length ||
        c.turns.length < 4 ||
        c.turns.length > 40,
    );
    expect(bad.map((c) => c.id)).toEqual([]);
  });

  it("states every needed fact before or in its turn, often five or more turns earlier", () => {
    let needed = 0;
    let old = 0;
    const violations: string[] = [];
    for (const c of dataset) {
      const statedAt = new Map<string, number>();
      for (const t of c.turns) {
        for (const f of t.facts) if (!statedAt.has(f)) statedAt.set(f, t.index);
        if (parseFacts(t.user).length !== t.facts.length) violations.push(`facts of ${c.id}#${t.index}`);
        for (const f of t.expected.neededFacts) {
          const at = statedAt.get(f);
          if (at === undefined) violations.push(`${c.id}#${t.index} needs unstated ${f}`);
          needed++;
          if (at !== undefined && t.index - at >= 5) old++;
        }
        const asks = t.state === "query" || t.state === "clarification";
        if (asks !== (t.expected.result !== null)) violations.push(`answer key of ${c.id}#${t.index}`);
      }
    }
    expect(violations).toEqual([]);
    expect(old / needed).toBeGreaterThan(0.25);
  });

  it("uses every production of the grammar", () => {
    const used = new Set(turns().flatMap((t) => t.productions));
    expect(GRAMMAR.filter((p) => !used.has(p.id)).map((p) => p.id)).toEqual([]);
  });

  it("is reproducible: same seed, same dataset; conversation i does not depend on the count", () => {
    expect(generateDataset({ conversations: 25, seed: 42 })).toEqual(dataset.slice(0, 25));
    expect(generateDataset({ conversations: 25, seed: 43 })).not.toEqual(dataset.slice(0, 25));
  });

  it("round-trips through JSONL", () => {
    expect(parseJsonl(toJsonl(dataset))).toEqual(dataset);
  });
});

describe("JSONL validation", () => {
  const lines = () =>
    toJsonl(generateDataset({ conversations: 3, seed: 1 }))
      .trimEnd()
      .split("\n");

  it("names the line of a truncated record", () => {
    const l = lines();
    l[1] = l[1]!.slice(0, 80);
    expect(() => parseJsonl(l.join("\n"), "data.jsonl")).toThrow(InputError);
    expect(() => parseJsonl(l.join("\n"), "data.jsonl")).toThrow(/^data\.jsonl:2: malformed JSON/);
  });

  it("names the line and field of a record that breaks the schema", () => {
    const l = lines();
    const bad = JSON.parse(l[2]!) as SyntheticConversation;
    (bad.turns[0] as { state: string }).state = "smalltalk";
    l[2] = JSON.stringify(bad);
    expect(() => parseJsonl(l.join("\n"))).toThrow(/^input:3: invalid conversation at 'turns\.0\.state'/);
  });
});

describe("options", () => {
  it("rejects invalid options naming the field", () => {
    expect(() => generateDataset({ conversations: 0 })).toThrow(ConfigError);
    expect(() => generateDataset({ conversations: 2, minTurns: 10, maxTurns: 5 })).toThrow(/minTurns/);
  });

  it("honours turn bounds", () => {
    const short = generateDataset({ conversations: 50, seed: 9, minTurns: 5, maxTurns: 8 });
    for (const c of short) expect(c.turns.length >= 5 && c.turns.length <= 8).toBe(true);
  });
});
