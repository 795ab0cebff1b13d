/**
 * @module eval/generator/grammar
 * The context-free grammar of the synthetic conversations (SPEC §10): exactly 50 query
 * productions, 30 response productions and 20 transition-trigger productions.
 *
 * A production rewrites a nonterminal (`lhs`) into text where `<NT>` is another nonterminal and
 * `{slot}` a terminal filled by the generator (entities, attributes, fact sentences). Query
 * productions phrase questions (and the framing clauses that give a turn its parse depth);
 * response productions phrase the information the user supplies; transition triggers open and
 * close conversations, ask for clarification and announce a specialist. Every question core
 * carries the cue words of its task type so that a keyword classifier can see it.
 */
import type { Prng } from "../../util/random.js";

/** Which of the three SPEC families a production belongs to. */
export type ProductionFamily = "query" | "response" | "transition";

/** One production `lhs → rhs`. */
export interface Production {
  /** stable id, e.g. `q12`. */
  id: string;
  family: ProductionFamily;
  lhs: string;
  rhs: string;
}

type Rules = Record<string, readonly string[]>;

/** Query productions: framing clauses (parse depth) and question cores per task type. */
const QUERY: Rules = {
  Q_FRAME: ["According to the <Q_DOC> <Q_CLAUSE>, ", "As stated in the <Q_DOC> <Q_CLAUSE>, "],
  Q_DOC: ["memo", "ledger", "audit note", "quarterly file"],
  // Recursive: each non-empty expansion nests one more relative clause (one level of depth).
  Q_CLAUSE: [
    "that the auditor signed <Q_CLAUSE>",
    "that the board requested <Q_CLAUSE>",
    "that the manager approved <Q_CLAUSE>",
    "that the analyst reviewed <Q_CLAUSE>",
    "",
  ],
  Q_LOOKUP: [
    "Find the {attr} of {E}.",
    "Look up the {attr} of {E}.",
    "Fetch the {attr} of {E}, please.",
    "Show me the {attr} of {E}.",
    "Retrieve the {attr} of {E}.",
  ],
  Q_COMPARE_MORE: [
    "Which {kind} has more {attr}: {E1} or {E2}?",
    "Look up which {kind} has the higher {attr}, {E1} or {E2}.",
    "Search the records: which {kind} has more {attr}, {E1} or {E2}?",
  ],
  Q_COMPARE_LESS: [
    "Find which {kind} has less {attr}: {E1} or {E2}.",
    "Show which {kind} has the lower {attr}: {E1} or {E2}.",
  ],
  Q_SUM: [
    "Plan the merge: work out the combined {attr} of {ELIST}.",
    "Solve for the combined {attr} of {ELIST}.",
    "To decide on the transfer, give the combined {attr} of {ELIST}.",
    "Optimize the route: state the combined {attr} of {ELIST}.",
    "Resolve the shortfall with the combined {attr} of {ELIST}.",
  ],
  Q_DIFF: [
    "Decide on the rebalancing: state the gap in {attr} between {E1} and {E2}.",
    "Plan the transfer using the gap in {attr} between {E1} and {E2}.",
    "Solve for the gap in {attr} between {E1} and {E2}.",
  ],
  Q_CHAIN: [
    "Solve the sourcing problem: trace the plant that ultimately supplies {E}.",
    "Plan the recall: trace back the plant that ultimately supplies {E}.",
    "Troubleshoot the delay by tracing the plant that ultimately supplies {E}.",
  ],
  Q_CREATIVE: [
    "Write a slogan for {E} that mentions its {attr}.",
    "Compose a tagline for {E} using its {attr}.",
    "Draft an ad line for {E} featuring its {attr}.",
    "Invent a slogan for {E} built on its {attr}.",
    "Imagine a story opening for {E} that features its {attr}.",
  ],
  Q_GRAMMAR: [
    "Rephrase in the passive voice the sentence that names the supplier of {E}.",
    "Rewrite in the passive voice, with correct grammar, the sentence on the supplier of {E}.",
    "Correct the syntax: put the sentence on the supplier of {E} into the passive voice.",
  ],
  Q_KNOWLEDGE_MORE: [
    "Explain what is known: of {ELIST}, which {kind} has the most {attr}?",
    "Using every fact known about {ELIST}, explain which {kind} has the highest {attr}.",
  ],
  Q_KNOWLEDGE_LESS: ["Explain, using what is known about {ELIST}, which one has the least {attr}."],
  Q_REASONING: [
    "Reason it through and infer which plant ultimately supplies {E}.",
    "Deduce the chain: which plant ultimately supplies {E}, and why?",
    "If each supplier feeds the next, then which plant ultimately supplies {E}? Conclude.",
  ],
  Q_CLARIFY_LOOKUP: ["I need the {attr} of {E} once more.", "What was the {attr} of {E}?"],
  Q_CLARIFY_COMPARE: [
    "Restate which {kind} has more {attr}: {E1} or {E2}.",
    "Which {kind} had less {attr}, {E1} or {E2}?",
  ],
};

/** Response productions: how the user supplies information (facts) and reacts to answers. */
const RESPONSE: Rules = {
  R_OPENER: ["Good.", "Understood.", "That helps.", "Right.", "Great.", "Noted on my side."],
  R_INFO_RETRIEVAL: [
    "Here is a list to look up later: {facts}",
    "Keep these records so you can find them later: {facts}",
    "Store this so you can retrieve it: {facts}",
    "Please fetch these into your notes: {facts}",
    "For lookup later, here are the records: {facts}",
  ],
  R_INFO_PROBLEM_SOLVING: [
    "To plan the schedule, note: {facts}",
    "This should help resolve the issue: {facts}",
    "For the plan we need to decide on, note: {facts}",
    "Use this to solve the problem: {facts}",
    "To troubleshoot the supply, note: {facts}",
  ],
  R_INFO_CREATIVE: [
    "For the draft, keep in mind: {facts}",
    "Something to compose with: {facts}",
    "Use these details when you write: {facts}",
    "For the creative piece, note: {facts}",
    "Material for the story: {facts}",
  ],
  R_CONTEXT: [
    "Some background first: {facts}",
    "Context for my request: {facts}",
    "Here is our setup: {facts}",
    "Our current numbers: {facts}",
  ],
  R_JOIN: ["{a} {b}", "{a} Also, {b}", "{a} In addition, {b}", "{a} Besides, {b}", "{a} Moreover, {b}"],
};

/** Transition-trigger productions: openings, closings, clarifications, specialist cues. */
const TRANSITION: Rules = {
  T_GREETING: [
    "Hello, can you help me with our supply network?",
    "Hi, I have a few questions.",
    "Hello there, I need some help today.",
  ],
  T_GREETING_AGAIN: ["Hello again, a new topic now.", "Hi again, switching to another matter."],
  T_CONCLUSION: [
    "Thanks, that is all for today. Bye!",
    "Thank you, bye.",
    "Thanks for the help, bye for now.",
  ],
  T_CONCLUSION_MID: ["Thanks, that settles this part.", "Thank you, that answers it."],
  T_GRAMMAR: ["Now a grammar point on one sentence.", "A syntax question about a sentence."],
  T_KNOWLEDGE: ["A knowledge question about each entity.", "Now explain what is known."],
  T_REASONING: ["Now reason it through.", "Deduce it step by step."],
  T_CLARIFY: [
    "Sorry, I mean this again:",
    "To clarify what I mean, sorry:",
    "Sorry, once again, to clarify:",
    "Let me clarify, sorry, I mean:",
  ],
};

function productionsOfFamily(family: ProductionFamily, rules: Rules, prefix: string): Production[] {
  return Object.entries(rules).flatMap(([lhs, rhss]) =>
    rhss.map((rhs, i) => ({ id: `${prefix}${lhs.toLowerCase()}_${i + 1}`, family, lhs, rhs })),
  );
}

/** The whole grammar. */
export const GRAMMAR: readonly Production[] = [
  ...productionsOfFamily("query", QUERY, "q:"),
  ...productionsOfFamily("response", RESPONSE, "r:"),
  ...productionsOfFamily("transition", TRANSITION, "t:"),
];

/** Number of productions per family (SPEC §10: 50 query, 30 response, 20 transition). */
export const GRAMMAR_COUNTS: Readonly<Record<ProductionFamily, number>> = {
  query: GRAMMAR.filter((p) => p.family === "query").length,
  response: GRAMMAR.filter((p) => p.family === "response").length,
  transition: GRAMMAR.filter((p) => p.family === "transition").length,
};

const BY_LHS = new Map<string, Production[]>();
for (const p of GRAMMAR) BY_LHS.set(p.lhs, [...(BY_LHS.get(p.lhs) ?? []), p]);

/** The productions of one nonterminal. */
export function productionsOf(lhs: string): readonly Production[] {
  const list = BY_LHS.get(lhs);
  if (!list) throw new RangeError(`unknown nonterminal '${lhs}'`);
  return list;
}

/** State of one expansion: slot values, the PRNG, the productions used so far. */
export interface Expansion {
  rng: Prng;
  slots: Readonly<Record<string, string>>;
  /** ids of the productions applied, appended in order. */
  used: string[];
  /** remaining non-empty expansions of recursive nonterminals (the parse-depth budget). */
  depthBudget?: number;
}

const NONTERMINAL_RE = /<([A-Z_]+)>/g;
const SLOT_RE = /\{([a-zA-Z0-9]+)\}/g;

/**
 * Expands `lhs`: picks one of its productions at random, fills `{slots}`, expands nested
 * nonterminals. A recursive nonterminal takes a recursive production while `depthBudget` lasts
 * and its empty production afterwards, so the nesting depth is exactly the budget.
 */
export function expand(lhs: string, ctx: Expansion): string {
  const production = choose(lhs, ctx);
  ctx.used.push(production.id);
  const filled = production.rhs.replace(SLOT_RE, (_, name: string) => {
    const value = ctx.slots[name];
    if (value === undefined) throw new RangeError(`production ${production.id} needs slot {${name}}`);
    return value;
  });
  return filled.replace(NONTERMINAL_RE, (_, inner: string) => expand(inner, ctx));
}

function choose(lhs: string, ctx: Expansion): Production {
  const all = productionsOf(lhs);
  const recursive = all.filter((p) => p.rhs.includes(`<${lhs}>`));
  if (recursive.length === 0) return ctx.rng.pick(all);
  const budget = ctx.depthBudget ?? 0;
  if (budget > 0) {
    ctx.depthBudget = budget - 1;
    return ctx.rng.pick(recursive);
  }
  return ctx.rng.pick(all.filter((p) => !recursive.includes(p)));
}

/** Tidies whitespace left by empty expansions ("signed , " → "signed, "). */
export function tidy(text: string): string {
  return text.replace(/\s+/g, " ").replace(/ ,/g, ",").trim();
}
