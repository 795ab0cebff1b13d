/**
 * @module models/simulated/answer-plan
 * What the simulated model claims before any wording: a result, the facts it cites and its
 * arithmetic — right, plausibly wrong, guessed without a needed fact, or a clarification
 * request. Every plan is built from the facts of the prompt only; a wrong plan never invents a
 * fact (wrong values come from other facts of the prompt or from a slip in arithmetic).
 */

import type { Prng } from "../../util/random.js";
import type { AttributeFact, Fact, FactBook } from "./facts.js";
import {
  type Computation,
  combine,
  computeAnswer,
  type MissingFact,
  type Question,
} from "./question-language.js";

/** An answer to state. */
export interface AnswerClaim {
  kind: "answer";
  question: Question;
  /** the claimed result ("" when the model could not produce one). */
  result: string;
  /** facts the answer cites, in order. */
  cited: Fact[];
  /** e.g. "420 + 300 = 720", when the operation is arithmetic. */
  arithmetic: string | null;
}

/** A clarification request for one missing fact. */
export interface ClarificationClaim {
  kind: "clarify";
  question: Question;
  missing: MissingFact;
}

/** What the model will say. */
export type AnswerPlan = AnswerClaim | ClarificationClaim;

/** How the model behaves on this prompt. */
export interface PlanOptions {
  /** whether the skill roll succeeded. */
  succeed: boolean;
  /** whether to ask when a fact is missing (the askWhenMissing directive). */
  askWhenMissing: boolean;
}

/** Plans the answer to `question` from the facts in `book`. */
export function planAnswer(question: Question, book: FactBook, options: PlanOptions, rng: Prng): AnswerPlan {
  const computation = computeAnswer(question, book);
  if (computation.result === null) {
    const first = computation.missing[0] as MissingFact;
    return options.askWhenMissing
      ? { kind: "clarify", question, missing: first }
      : guess(question, computation, book);
  }
  if (options.succeed) return claim(question, computation.result, computation.used);
  return mistake(question, computation, book, rng);
}

function claim(question: Question, result: string, cited: Fact[]): AnswerClaim {
  return { kind: "answer", question, result, cited, arithmetic: arithmetic(question, cited, result) };
}

function arithmetic(question: Question, cited: readonly Fact[], result: string): string | null {
  const values = cited.filter((f): f is AttributeFact => f.kind === "attribute").map((f) => f.value);
  if (values.length < 2) return null;
  if (question.op === "sum") return `${values.join(" + ")} = ${result}`;
  if (question.op === "difference") return `${values[0]} - ${values[1]} = ${result}`;
  return null;
}

/** A slip that is never zero, so a slipped result always differs from the right one. */
function slip(rng: Prng): number {
  return 10 * rng.int(1, 9);
}

/** A plausible wrong answer although every needed fact was at hand (the skill roll failed). */
function mistake(question: Question, computation: Computation, book: FactBook, rng: Prng): AnswerClaim {
  const used = computation.used;
  const right = computation.result as string;
  switch (question.op) {
    case "lookup":
    case "creative": {
      const subject = question.entities[0];
      const others = book.ofAttribute(question.attribute!).filter((f) => f.entity !== subject);
      if (others.length > 0 && rng.chance(0.6)) {
        const wrong = rng.pick(others);
        return { kind: "answer", question, result: String(wrong.value), cited: [wrong], arithmetic: null };
      }
      return {
        kind: "answer",
        question,
        result: String(Number(right) + slip(rng)),
        cited: [],
        arithmetic: null,
      };
    }
    case "sum": {
      if (used.length >= 2 && rng.chance(0.5)) {
        const drop = rng.int(0, used.length - 1);
        const kept = used.filter((_, i) => i !== drop) as AttributeFact[];
        return claim(question, combine("sum", kept), kept);
      }
      return withSlip(question, used, String(Number(right) + slip(rng)));
    }
    case "difference":
      return withSlip(question, used, String(Number(right) + slip(rng)));
    case "max":
    case "min":
      return claim(question, runnerUp(question, used as AttributeFact[]), used);
    case "chain":
      return stopEarly(question, computation, book);
    case "rephrase": {
      const link = used[0];
      const swapped = link?.kind === "supply" ? `${link.supplier} is supplied by ${link.customer}` : right;
      return { kind: "answer", question, result: swapped, cited: used, arithmetic: null };
    }
  }
}

function withSlip(question: Question, cited: Fact[], result: string): AnswerClaim {
  return { kind: "answer", question, result, cited, arithmetic: arithmetic(question, cited, result) };
}

/** The entity ranked second: the classic near miss of a comparison. */
function runnerUp(question: Question, operands: AttributeFact[]): string {
  const sorted = operands
    .slice()
    .sort((a, b) => (question.op === "max" ? b.value - a.value : a.value - b.value));
  return (sorted[1] ?? sorted[0])!.entity;
}

/** Follows the chain one link short and names an intermediate site as the origin. */
function stopEarly(question: Question, computation: Computation, book: FactBook): AnswerClaim {
  const used = computation.used;
  if (used.length >= 2) {
    const kept = used.slice(0, -1);
    const last = kept[kept.length - 1];
    return {
      kind: "answer",
      question,
      result: last?.kind === "supply" ? last.supplier : "",
      cited: kept,
      arithmetic: null,
    };
  }
  const root = computation.result;
  const subject = question.entities[0];
  const other = book
    .all()
    .flatMap((f) => (f.kind === "supply" ? [f.supplier, f.customer] : [f.entity]))
    .find((e) => e !== root && e !== subject);
  return { kind: "answer", question, result: other ?? "", cited: [], arithmetic: null };
}

/** The answer of a model that does not ask although a fact is missing: it uses what it has. */
function guess(question: Question, computation: Computation, book: FactBook): AnswerClaim {
  const used = computation.used;
  switch (question.op) {
    case "lookup": {
      const subject = question.entities[0];
      const other = book.ofAttribute(question.attribute!).find((f) => f.entity !== subject);
      return other ? claim(question, String(other.value), [other]) : claim(question, "0", []);
    }
    case "creative":
      return claim(question, "", []);
    case "sum":
      return claim(question, combine("sum", used as AttributeFact[]), used);
    case "difference":
      return claim(question, String((used[0] as AttributeFact | undefined)?.value ?? 0), used);
    case "max":
    case "min":
      return claim(
        question,
        used.length > 0 ? combine(question.op, used as AttributeFact[]) : (question.entities[0] as string),
        used,
      );
    case "chain": {
      const stuck = computation.missing[0]?.entity;
      return claim(question, stuck && stuck !== question.entities[0] ? stuck : "", used);
    }
    case "rephrase":
      return claim(question, "", []);
  }
}
