/**
 * @module models/simulated/wording
 * Turns an {@link AnswerPlan} into text following a {@link Style}. Claims are worded outside
 * the fact grammar ("Lyon-Depot has a stock of 420 units", never "The stock of Lyon-Depot is
 * …") so that a wrong claim cannot become a fact for the next agent; only restated facts and
 * cited supply links, which are true statements of the prompt, use fact sentences.
 */
import type { AnswerPlan } from "./answer-plan.js";
import { ATTRIBUTES, type Attribute, type Fact, formatFact, formatList } from "./facts.js";
import type { Question } from "./question-language.js";
import type { Style } from "./style.js";

/** Where each fact of the prompt came from, for the cite-turns directive. */
export type SourceOf = (fact: Fact) => string | undefined;

/** Renders the whole answer: restated facts, body, answer line. */
export function renderPlan(
  plan: AnswerPlan,
  style: Style,
  restated: readonly Fact[],
  sourceOf: SourceOf,
): string {
  const lines: string[] = [];
  if (style.restate && restated.length > 0) lines.push(restateLine(restated, style, sourceOf));
  if (plan.kind === "clarify") {
    lines.push(clarification(plan, style));
    return lines.join("\n");
  }
  const conclusion = conclude(plan.question, plan.result, style);
  // A lookup or a slogan states its subject's fact itself; citing it too would leak the name.
  const cites = plan.cited.filter(
    (f) => !(SELF_STATING.has(plan.question.op) && isSubjectFact(f, plan.question)),
  );
  if (style.steps) lines.push(...steps(cites, plan.arithmetic, conclusion, style, sourceOf));
  else lines.push(body(cites, plan.arithmetic, conclusion, style, sourceOf, plan.question.op));
  if (style.answerLine) lines.push(`Answer: ${answerValue(plan.question, plan.result, style)}`);
  return lines.join("\n");
}

/** "Facts so far: …" with the agent's vocabulary. */
export function restateLine(facts: readonly Fact[], style: Style, sourceOf: SourceOf): string {
  const wording = { units: style.vocab.units, supplierNoun: style.vocab.supplier };
  const sentences = facts.map((f) => withSource(formatFact(f, wording), f, style, sourceOf));
  return `Facts so far: ${sentences.join(" ")}`;
}

function withSource(sentence: string, fact: Fact, style: Style, sourceOf: SourceOf): string {
  const source = style.citeTurns ? sourceOf(fact) : undefined;
  return source ? `${sentence.replace(/\.$/, "")} (${source}).` : sentence;
}

const SELF_STATING = new Set(["lookup", "creative"]);

function isSubjectFact(fact: Fact, question: Question): boolean {
  return (
    fact.kind === "attribute" && fact.entity === question.entities[0] && fact.attribute === question.attribute
  );
}

function unitOf(attribute: Attribute, style: Style): string {
  const unit = ATTRIBUTES[attribute].unit;
  return unit === "units" ? style.vocab.units : unit;
}

function holderOf(attribute: Attribute, style: Style): string {
  return ATTRIBUTES[attribute].holder === "site" ? style.vocab.site : "product";
}

/** One claim about an attribute, in the agent's template family. */
function hasValue(entity: string | null, attribute: Attribute, value: string, style: Style): string {
  const unit = unitOf(attribute, style);
  const who = entity ?? "it";
  if (style.variant === 1) return `${who} shows ${value} ${unit} of ${attribute}`;
  if (style.variant === 2) return `${entity ? `${entity}'s` : "its"} ${attribute} comes to ${value} ${unit}`;
  return `${who} has a ${attribute} of ${value} ${unit}`;
}

function cite(fact: Fact, style: Style, sourceOf: SourceOf): string {
  const text =
    fact.kind === "attribute"
      ? hasValue(fact.entity, fact.attribute, String(fact.value), style)
      : style.variant === 1
        ? `${fact.supplier} feeds ${fact.customer}`
        : style.variant === 2
          ? `${fact.customer} gets its goods from ${fact.supplier}`
          : `${fact.supplier} supplies ${fact.customer}`;
  const source = style.citeTurns ? sourceOf(fact) : undefined;
  return source ? `${text} (${source})` : text;
}

/** The sentence stating the result. */
function conclude(question: Question, result: string, style: Style): string {
  const names = style.names;
  const attribute = question.attribute;
  const list = names ? formatList(question.entities) : "they";
  const subject = names ? (question.entities[0] as string) : null;
  switch (question.op) {
    case "lookup":
      return hasValue(subject, attribute!, result, style);
    case "sum": {
      const unit = unitOf(attribute!, style);
      if (style.variant === 1) return `${list} hold ${result} ${unit} of ${attribute} between them`;
      if (style.variant === 2)
        return `adding up ${names ? list : "them"} gives ${result} ${unit} of ${attribute}`;
      return names
        ? `the combined ${attribute} of ${list} comes to ${result} ${unit}`
        : `together they hold ${result} ${unit}`;
    }
    case "difference": {
      const unit = unitOf(attribute!, style);
      if (style.variant === 1) return `${list} differ by ${result} ${unit} of ${attribute}`;
      if (style.variant === 2) return `${result} ${unit} of ${attribute} separate ${names ? list : "them"}`;
      return `the gap in ${attribute} between ${names ? list : "them"} is ${result} ${unit}`;
    }
    case "max":
    case "min":
      return ranking(question.op, attribute!, result, style);
    case "chain":
      return origin(subject, result, style);
    case "creative":
      return `${["Here is a slogan", "Slogan", "Try this"][style.variant]}: "${slogan(subject, attribute!, result, style)}"`;
    case "rephrase":
      return `${["In the passive voice", "Passive form", "Rewritten"][style.variant]}: ${result || "I cannot tell who supplies it"}`;
  }
}

function ranking(op: "max" | "min", attribute: Attribute, winner: string, style: Style): string {
  const holder = holderOf(attribute, style);
  const most = op === "max" ? ["most", "largest", "ahead"] : ["least", "smallest", "behind"];
  if (style.variant === 1) return `${winner} has the ${most[1]} ${attribute}`;
  if (style.variant === 2) return `the ${holder} ${most[2]} on ${attribute} is ${winner}`;
  return `${winner} is the ${holder} with the ${most[0]} ${attribute}`;
}

function origin(subject: string | null, root: string, style: Style): string {
  const supplier = style.vocab.supplier;
  if (!root) return `the original ${supplier} of ${subject ?? "it"} is unclear`;
  if (style.variant === 1) return `${subject ?? "it"} is ultimately supplied by ${root}`;
  if (style.variant === 2) return `the chain from ${subject ?? "it"} leads back to ${root}`;
  return subject
    ? `${root} is the original ${supplier} of ${subject}`
    : `${root} is its original ${supplier}`;
}

function slogan(subject: string | null, attribute: Attribute, value: string, style: Style): string {
  const unit = unitOf(attribute, style);
  const claim = value ? `${value} ${unit} of ${attribute}` : "quality you can trust";
  if (style.variant === 1) return subject ? `Count on ${subject}: ${claim}.` : `Count on ${claim}.`;
  if (style.variant === 2)
    return subject ? `${subject}, where ${claim} meets care.` : `Where ${claim} meets care.`;
  return subject ? `${subject}: ${claim}, made for you.` : `${capitalise(claim)}, made for you.`;
}

function answerValue(question: Question, result: string, style: Style): string {
  if (question.op === "creative")
    return slogan(style.names ? (question.entities[0] as string) : null, question.attribute!, result, style);
  return result || "unknown";
}

const CONNECTORS = ["so", "which means", "therefore"] as const;

function body(
  cites: readonly Fact[],
  arithmetic: string | null,
  conclusion: string,
  style: Style,
  sourceOf: SourceOf,
  op: Question["op"],
): string {
  if (style.concise || cites.length === 0) {
    return sentence(`${capitalise(conclusion)}${style.concise && arithmetic ? ` (${arithmetic})` : ""}`);
  }
  const joined = capitalise(formatList(cites.map((f) => cite(f, style, sourceOf))));
  // Slogans and rephrasings are artefacts, not conclusions: they follow the evidence as a new sentence.
  if (op === "creative" || op === "rephrase") return `${joined}. ${sentence(capitalise(conclusion))}`;
  return sentence(`${joined}, ${CONNECTORS[style.variant]} ${conclusion}`);
}

/** Ends `text` with a full stop unless it already ends with punctuation. */
function sentence(text: string): string {
  return /[.!?"]$/.test(text) ? text : `${text}.`;
}

function steps(
  cites: readonly Fact[],
  arithmetic: string | null,
  conclusion: string,
  style: Style,
  sourceOf: SourceOf,
): string[] {
  const lines = cites.map((f, i) => `Step ${i + 1}: ${sentence(capitalise(cite(f, style, sourceOf)))}`);
  const last = arithmetic ? `${arithmetic}, so ${conclusion}` : conclusion;
  lines.push(`Step ${lines.length + 1}: ${sentence(capitalise(last))}`);
  return lines;
}

function clarification(plan: Extract<AnswerPlan, { kind: "clarify" }>, style: Style): string {
  const what =
    plan.missing.kind === "attribute"
      ? `the ${plan.missing.attribute} of ${plan.missing.entity}`
      : `who supplies ${plan.missing.entity}`;
  if (style.variant === 1) return `Could you clarify ${what}? I do not have it yet.`;
  if (style.variant === 2) return `Before I answer, could you clarify ${what}?`;
  return `Could you clarify ${what}?`;
}

/** Upper-cases the first letter. */
export function capitalise(text: string): string {
  return text.length === 0 ? text : text[0]!.toUpperCase() + text.slice(1);
}
