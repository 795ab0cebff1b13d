/**
 * @module eval/generator/question-picker
 * Chooses what a question turn asks: its operands (preferring facts introduced several turns
 * earlier, so context must survive handoffs), its phrasing (a grammar production) and its answer
 * key. The key is computed by parsing the generated text with the shared fact language and
 * running the same computation as the simulated model over the whole world — so the key always
 * matches what the text really asks.
 */
import {
  type Attribute,
  type AttributeFact,
  type Computation,
  computeAnswer,
  type Fact,
  factKey,
  formatList,
  inferenceSteps,
  parseQuestion,
  type Question,
  type SupplyFact,
} from "../../models/simulated/fact-language.js";
import type { Prng } from "../../util/random.js";
import { expand } from "./grammar.js";
import type { World } from "./world.js";

/** What kind of question a turn asks. */
export type QuestionKind =
  | "lookup"
  | "compare"
  | "sum"
  | "difference"
  | "shortChain"
  | "longChain"
  | "creative"
  | "rephrase"
  | "knowledge"
  | "clarifyLookup"
  | "clarifyCompare";

const PRODUCTIONS: Record<QuestionKind, readonly string[]> = {
  lookup: ["Q_LOOKUP"],
  compare: ["Q_COMPARE_MORE", "Q_COMPARE_LESS"],
  sum: ["Q_SUM"],
  difference: ["Q_DIFF"],
  shortChain: ["Q_CHAIN"],
  longChain: ["Q_REASONING"],
  creative: ["Q_CREATIVE"],
  rephrase: ["Q_GRAMMAR"],
  knowledge: ["Q_KNOWLEDGE_MORE", "Q_KNOWLEDGE_LESS"],
  clarifyLookup: ["Q_CLARIFY_LOOKUP"],
  clarifyCompare: ["Q_CLARIFY_COMPARE"],
};

/** Where the conversation stands when a question is picked. */
export interface PickContext {
  rng: Prng;
  world: World;
  /** fact key → index of the turn that introduced it. */
  introduced: ReadonlyMap<string, number>;
  /** index of the turn being built. */
  turn: number;
  /** chain lengths (in links) for short and long chain questions. */
  chainRange: { short: [number, number]; long: [number, number] };
  /** operands of a knowledge question. */
  knowledgeRange: [number, number];
  /** after turn `neededAfter`, facts stated before turn `statedBy` weigh {@link EARLY_FACT_WEIGHT}. */
  earlyFacts?: { statedBy: number; neededAfter: number };
}

/** A picked question: its text core, the parsed question and its answer key. */
export interface PickedQuestion {
  text: string;
  question: Question;
  computation: Computation & { result: string };
  /** needed facts not introduced yet: the turn must state them itself. */
  inline: Fact[];
  inferenceSteps: number;
  productions: string[];
}

const ATTEMPTS = 8;
const OLD_FACT_AGE = 5;
const OLD_FACT_WEIGHT = 4;
/** Weight of an early fact in a late question under `earlyFacts` (10× an old fact's). */
const EARLY_FACT_WEIGHT = 40;

/** Picks a question of `kind`, or null when the world cannot support it. */
export function pickQuestion(kind: QuestionKind, ctx: PickContext): PickedQuestion | null {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const slots = chooseOperands(kind, ctx);
    if (!slots) return null;
    const used: string[] = [];
    const lhs = ctx.rng.pick(PRODUCTIONS[kind]);
    const text = expand(lhs, { rng: ctx.rng, slots, used });
    const question = parseQuestion(text);
    if (!question) throw new Error(`generator bug: production ${used.join(",")} does not parse: ${text}`);
    const computation = computeAnswer(question, ctx.world.book);
    if (computation.result === null) throw new Error(`generator bug: no answer for ${text}`);
    if (collides(question, computation.result, ctx.world)) continue;
    return {
      text,
      question,
      computation: computation as Computation & { result: string },
      inline: computation.used.filter((f) => !ctx.introduced.has(factKey(f))),
      inferenceSteps: inferenceSteps(question, computation),
      productions: used,
    };
  }
  return null;
}

/** An arithmetic result equal to some value of the world could be mistaken for that value. */
function collides(question: Question, result: string, world: World): boolean {
  return (question.op === "sum" || question.op === "difference") && world.values.has(Number(result));
}

function chooseOperands(kind: QuestionKind, ctx: PickContext): Record<string, string> | null {
  switch (kind) {
    case "lookup":
    case "creative":
    case "clarifyLookup": {
      const fact = pickFact(ctx, ctx.world.facts.filter(isAttribute));
      return fact ? attributeSlots(fact.attribute, [fact.entity]) : null;
    }
    case "compare":
    case "clarifyCompare":
    case "difference":
      return sameAttribute(ctx, 2, 2);
    case "sum":
      return sameAttribute(ctx, 2, 4);
    case "knowledge":
      return sameAttribute(ctx, ctx.knowledgeRange[0], ctx.knowledgeRange[1]);
    case "shortChain":
      return chainEnd(ctx, ctx.chainRange.short);
    case "longChain":
      return chainEnd(ctx, ctx.chainRange.long);
    case "rephrase": {
      const link = pickFact(
        ctx,
        ctx.world.facts.filter((f): f is SupplyFact => f.kind === "supply"),
      );
      return link ? { E: link.customer } : null;
    }
  }
}

function isAttribute(fact: Fact): fact is AttributeFact {
  return fact.kind === "attribute";
}

function attributeSlots(attribute: Attribute, entities: string[]): Record<string, string> {
  const kind = attribute === "price" || attribute === "weight" || attribute === "rating" ? "product" : "site";
  return {
    attr: attribute,
    kind,
    E: entities[0]!,
    E1: entities[0]!,
    E2: entities[1] ?? entities[0]!,
    ELIST: formatList(entities),
  };
}

/** Weight of a fact as an operand: introduced long ago ≫ introduced recently ≫ not introduced. */
function weightOf(fact: Fact, ctx: PickContext): number {
  const at = ctx.introduced.get(factKey(fact));
  if (at === undefined) return 0;
  const early = ctx.earlyFacts;
  if (early && ctx.turn > early.neededAfter && at < early.statedBy) return EARLY_FACT_WEIGHT;
  return ctx.turn - at >= OLD_FACT_AGE ? OLD_FACT_WEIGHT : 1;
}

/** One fact, preferring introduced (and old) ones; a fresh one when none is introduced. */
function pickFact<F extends Fact>(ctx: PickContext, pool: F[]): F | undefined {
  if (pool.length === 0) return undefined;
  const weights = pool.map((f) => weightOf(f, ctx));
  return weights.some((w) => w > 0) ? pool[ctx.rng.weighted(weights)] : ctx.rng.pick(pool);
}

/** `min..max` distinct entities sharing an attribute, introduced ones first. */
function sameAttribute(ctx: PickContext, min: number, max: number): Record<string, string> | null {
  const byAttribute = new Map<Attribute, AttributeFact[]>();
  for (const f of ctx.world.facts) {
    if (f.kind === "attribute") byAttribute.set(f.attribute, [...(byAttribute.get(f.attribute) ?? []), f]);
  }
  const eligible = [...byAttribute.entries()].filter(([, facts]) => facts.length >= min);
  if (eligible.length === 0) return null;
  const known = eligible.map(([, facts]) => facts.filter((f) => weightOf(f, ctx) > 0).length);
  const [attribute, facts] = eligible[ctx.rng.weighted(known.map((k) => 1 + k * k))]!;
  const count = ctx.rng.int(min, Math.min(max, facts.length));
  const chosen = drawWeighted(ctx, facts, count);
  return attributeSlots(
    attribute,
    chosen.map((f) => f.entity),
  );
}

/** Draws `count` distinct facts, each time proportionally to weight (+ a small floor). */
function drawWeighted<F extends Fact>(ctx: PickContext, pool: F[], count: number): F[] {
  const left = pool.slice();
  const out: F[] = [];
  while (out.length < count && left.length > 0) {
    const i = ctx.rng.weighted(left.map((f) => weightOf(f, ctx) * 10 + 0.1));
    out.push(left.splice(i, 1)[0]!);
  }
  return out;
}

/** A site whose chain back to its plant has a length in `range`; fully introduced chains first. */
function chainEnd(ctx: PickContext, range: [number, number]): Record<string, string> | null {
  const candidates: { site: string; weight: number }[] = [];
  for (const chain of ctx.world.chains) {
    for (let links = range[0]; links <= Math.min(range[1], chain.length - 1); links++) {
      const site = chain[links]!;
      const path = chainLinks(chain, links);
      const known = path.every((f) => weightOf(f, ctx) > 0);
      candidates.push({ site, weight: known ? 10 : 0.1 });
    }
  }
  if (candidates.length === 0) return null;
  return { E: candidates[ctx.rng.weighted(candidates.map((c) => c.weight))]!.site };
}

function chainLinks(chain: readonly string[], links: number): SupplyFact[] {
  return Array.from({ length: links }, (_, i) => ({
    kind: "supply",
    supplier: chain[i]!,
    customer: chain[i + 1]!,
  }));
}
