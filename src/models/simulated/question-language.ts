/**
 * @module models/simulated/question-language
 * Questions of the controlled language and the computation of their answers from known facts.
 *
 * A question is recognised by a core phrase anywhere in the text ("the combined stock of A and
 * B", "the gap in price between A and B", "which plant ultimately supplies X"), so the
 * generator may wrap it in cue words, framing clauses and inline facts. The same
 * {@link computeAnswer} gives the generator its answer key (from the whole world) and the
 * simulated model its answer (from the facts in its prompt only).
 */
import {
  ATTRIBUTE_NAMES,
  type Attribute,
  type AttributeFact,
  ENTITY_SOURCE,
  entitiesIn,
  type Fact,
  type FactBook,
  isPlant,
  parseFacts,
  SUPPLIER_NOUNS,
  type SupplyFact,
} from "./facts.js";

/** What a question asks for. */
export type Operation = "lookup" | "sum" | "difference" | "max" | "min" | "chain" | "rephrase" | "creative";

/** A parsed question. */
export interface Question {
  op: Operation;
  /** the attribute involved; null for supply-chain and rephrasing questions. */
  attribute: Attribute | null;
  /** entities the question names, in order (operands, or the chain's end). */
  entities: string[];
}

/** A needed fact that is not known. */
export type MissingFact =
  | { kind: "attribute"; attribute: Attribute; entity: string }
  | { kind: "supplier"; entity: string };

/** The answer to a question given some facts. */
export interface Computation {
  /** the result as it should appear in an answer; null when a needed fact is missing. */
  result: string | null;
  /** known facts the computation used, in the order it used them. */
  used: Fact[];
  /** needed facts that are not known (empty when `result` is not null). */
  missing: MissingFact[];
}

const ATTR = `(${ATTRIBUTE_NAMES.join("|")})`;
const E = `(${ENTITY_SOURCE})`;
const NOUNS = SUPPLIER_NOUNS.join("|");
const MORE = "more|most|higher|highest|larger|largest|greater|greatest";
const LESS = "less|least|lower|lowest|fewer|fewest|smaller|smallest";

interface Pattern {
  op: Operation;
  re: RegExp;
  /** group index of the attribute, if any. */
  attr?: number;
  /** group index of a single named entity; otherwise every entity of the text is an operand. */
  entity?: number;
  /** extra phrase the text must contain. */
  requires?: RegExp;
}

/** Tried in order: the most specific phrases first. */
const PATTERNS: Pattern[] = [
  { op: "rephrase", re: new RegExp(`(?:${NOUNS}) of ${E}`), entity: 1, requires: /passive voice/i },
  {
    op: "creative",
    re: new RegExp(`(?:slogan|tagline|ad line|story opening|poem line) for ${E}`, "i"),
    entity: 1,
    requires: new RegExp(`\\bits ${ATTR}\\b`),
  },
  { op: "chain", re: new RegExp(`ultimately supplies ${E}`), entity: 1 },
  { op: "chain", re: new RegExp(`original (?:${NOUNS}) of ${E}`), entity: 1 },
  { op: "difference", re: new RegExp(`\\b(?:difference|gap) in ${ATTR} between`, "i"), attr: 1 },
  { op: "difference", re: new RegExp(`\\bdifference between the ${ATTR} of`, "i"), attr: 1 },
  { op: "sum", re: new RegExp(`\\b(?:combined|total|overall) ${ATTR}\\b`, "i"), attr: 1 },
  { op: "sum", re: new RegExp(`\\bsum of the ${ATTR}\\b`, "i"), attr: 1 },
  { op: "max", re: new RegExp(`\\b(?:${MORE}) ${ATTR}\\b`, "i"), attr: 1 },
  { op: "min", re: new RegExp(`\\b(?:${LESS}) ${ATTR}\\b`, "i"), attr: 1 },
  { op: "lookup", re: new RegExp(`\\b${ATTR} of ${E}`), attr: 1, entity: 2 },
];

/**
 * Parses the question in `text`, or null when it asks nothing the language knows. Fact
 * sentences inside the text are ignored, so "Note that the stock of A is 5 units. Which site
 * has more stock: A or B?" is a comparison of A and B.
 */
export function parseQuestion(text: string): Question | null {
  const rest = stripFacts(text);
  for (const p of PATTERNS) {
    if (p.requires && !p.requires.test(rest)) continue;
    const m = p.re.exec(rest);
    if (!m) continue;
    const attrText = p.attr !== undefined ? m[p.attr] : p.requires ? p.requires.exec(rest)?.[1] : undefined;
    const attribute = attrText ? (attrText.toLowerCase() as Attribute) : null;
    const entities = p.entity !== undefined ? [m[p.entity] as string] : entitiesIn(rest);
    if (entities.length === 0) continue;
    if ((p.op === "difference" || p.op === "max" || p.op === "min") && entities.length < 2) continue;
    return { op: p.op, attribute, entities: p.op === "difference" ? entities.slice(0, 2) : entities };
  }
  return null;
}

/** `text` with every fact sentence blanked out (same length, so offsets stay valid). */
export function stripFacts(text: string): string {
  let out = text;
  for (const f of parseFacts(text)) {
    out = out.slice(0, f.start) + " ".repeat(f.end - f.start) + out.slice(f.end);
  }
  return out;
}

/** Computes the answer to `question` from `book`; `result` is null when a needed fact is missing. */
export function computeAnswer(question: Question, book: FactBook): Computation {
  switch (question.op) {
    case "chain":
      return followChain(question.entities[0] as string, book);
    case "rephrase":
      return rephrase(question.entities[0] as string, book);
    default:
      return aggregate(question, book);
  }
}

function aggregate(question: Question, book: FactBook): Computation {
  const attribute = question.attribute as Attribute;
  const used: AttributeFact[] = [];
  const missing: MissingFact[] = [];
  for (const entity of question.entities) {
    const fact = book.attribute(attribute, entity);
    if (fact) used.push(fact);
    else missing.push({ kind: "attribute", attribute, entity });
  }
  if (missing.length > 0) return { result: null, used, missing };
  return { result: combine(question.op, used), used, missing };
}

/** The result of an aggregate operation over operand facts (all present). */
export function combine(op: Operation, operands: readonly AttributeFact[]): string {
  const values = operands.map((f) => f.value);
  switch (op) {
    case "sum":
      return String(values.reduce((a, b) => a + b, 0));
    case "difference":
      return String(Math.abs((values[0] ?? 0) - (values[1] ?? 0)));
    case "max":
    case "min": {
      let best = 0;
      for (let i = 1; i < values.length; i++) {
        const better =
          op === "max"
            ? (values[i] as number) > (values[best] as number)
            : (values[i] as number) < (values[best] as number);
        if (better) best = i;
      }
      return (operands[best] as AttributeFact).entity;
    }
    default:
      return String(values[0] ?? "");
  }
}

function followChain(start: string, book: FactBook): Computation {
  const used: SupplyFact[] = [];
  const seen = new Set<string>([start]);
  let node = start;
  while (!isPlant(node) || node === start) {
    const link = book.supplierOf(node);
    if (!link || seen.has(link.supplier))
      return { result: null, used, missing: [{ kind: "supplier", entity: node }] };
    used.push(link);
    seen.add(link.supplier);
    node = link.supplier;
  }
  return { result: node, used, missing: [] };
}

function rephrase(customer: string, book: FactBook): Computation {
  const link = book.supplierOf(customer);
  if (!link) return { result: null, used: [], missing: [{ kind: "supplier", entity: customer }] };
  return { result: passiveVoice(link), used: [link], missing: [] };
}

/** "Nice-Store is supplied by Lyon-Depot": deliberately outside the fact grammar. */
export function passiveVoice(link: SupplyFact): string {
  return `${link.customer} is supplied by ${link.supplier}`;
}

/** Inference steps a question needs (SPEC §10 "inference chains of 1–8 steps"). */
export function inferenceSteps(question: Question, computation: Computation): number {
  switch (question.op) {
    case "chain":
      return Math.max(1, computation.used.length + computation.missing.length);
    case "lookup":
    case "creative":
      return 1;
    case "max":
    case "min":
      // gather, then compare; many operands add one ranking pass
      return question.entities.length > 2 ? 3 : 2;
    default:
      return 2;
  }
}
