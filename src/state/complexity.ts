/**
 * @module state/complexity
 * SPEC §6 complexity features of a turn, estimated from POS tags without a full parser:
 * syntactic depth from clause nesting, prepositional chains and coordination; inference-chain
 * length from inferential connectives and chained relations ("A supplies B, which supplies C").
 */
import { LEX, type Lexeme } from "./lexeme.js";
import { INFERENTIAL_PHRASES } from "./lexicon.js";
import { lexemesOf, type TextAnalysis } from "./text-analysis.js";
import type { Complexity } from "./types.js";

/** Bounds of the syntactic-depth estimate (SPEC §10 generates depths 3–12; room on both sides). */
export const DEPTH_RANGE = { min: 1, max: 15 } as const;
/** Bounds of the inference-steps estimate (SPEC §10 generates chains of 1–8 steps). */
export const INFERENCE_RANGE = { min: 1, max: 10 } as const;

// Tokens that close a prepositional chain: a new predicate or clause starts.
const CHAIN_BREAKERS = new Set(["VERB", "AUX", "SCONJ", "CCONJ", "PUNCT"]);
const NOMINAL = new Set(["NOUN", "PROPN", "PRON", "NUM"]);

/** Complexity of an analysed turn; `entityCount` comes from {@link findEntities}. */
export function estimateComplexity(a: TextAnalysis, entityCount: number): Complexity {
  const lexemes = lexemesOf(a);
  let depth: number = DEPTH_RANGE.min;
  for (const [start, end] of a.sentences) depth = Math.max(depth, sentenceDepth(a, lexemes, start, end));
  return {
    syntacticDepth: clamp(depth, DEPTH_RANGE.min, DEPTH_RANGE.max),
    entityCount,
    inferenceSteps: clamp(1 + inferenceLinks(a, lexemes), INFERENCE_RANGE.min, INFERENCE_RANGE.max),
  };
}

/**
 * Depth of one sentence: S, plus its VP, plus one level per subordinate or relative clause
 * (English nests to the right, so clauses stack), plus the longest chain of prepositional
 * phrases, plus one for coordination.
 */
function sentenceDepth(a: TextAnalysis, lexemes: readonly Lexeme[], start: number, end: number): number {
  let hasPredicate = false;
  let clauses = 0;
  let chain = 0;
  let longestChain = 0;
  let coordinated = false;
  for (let i = start; i <= end; i++) {
    const pos = a.pos[i]!;
    if (pos === "VERB" || pos === "AUX") hasPredicate = true;
    if (pos === "CCONJ") coordinated = true;
    if (opensClause(a, lexemes[i]!.flags, i, start)) clauses++;
    if (pos === "ADP") longestChain = Math.max(longestChain, ++chain);
    else if (chain > 0 && CHAIN_BREAKERS.has(pos)) chain = 0;
  }
  return 1 + (hasPredicate ? 1 : 0) + clauses + longestChain + (coordinated ? 1 : 0);
}

/** Whether token i (with lexeme `flags`) opens a subordinate, relative or embedded question. */
function opensClause(a: TextAnalysis, flags: number, i: number, sentenceStart: number): boolean {
  if (a.pos[i] === "SCONJ" || (flags & LEX.subordinator) !== 0) return true;
  if (i === sentenceStart || (flags & (LEX.relative | LEX.wh)) === 0) return false;
  const previous = previousContent(a, i, sentenceStart);
  if ((flags & LEX.relative) !== 0) return previous >= 0 && NOMINAL.has(a.pos[previous]!);
  // "tell me who supplies...", "find where it is": an embedded question.
  return previous >= 0 && (a.pos[previous] === "VERB" || a.pos[previous] === "PRON");
}

/** Index of the previous token skipping one comma ("Acme, which..."), or -1. */
function previousContent(a: TextAnalysis, i: number, sentenceStart: number): number {
  const previous = i - 1;
  if (previous < sentenceStart) return -1;
  return a.values[previous] === "," && previous - 1 >= sentenceStart ? previous - 1 : previous;
}

/**
 * Inference links: each connective ("because", "therefore", "which means"...) is one step, an
 * "if" and its "then" together are one, and a chain of n relation verbs adds n − 1 hops.
 */
function inferenceLinks(a: TextAnalysis, lexemes: readonly Lexeme[]): number {
  let links = 0;
  let relations = 0;
  for (const [start, end] of a.sentences) {
    let openIfs = 0;
    for (let i = start; i <= end; i++) {
      const word = a.normals[i]!;
      const flags = lexemes[i]!.flags;
      if (word === "then") {
        if (openIfs > 0) openIfs--;
        else links++;
      } else if (word === "if") {
        openIfs++;
        links++;
      } else if (word === "so") {
        if (isResultSo(a, i, start)) links++;
      } else if ((flags & LEX.inferential) !== 0) links++;
      else if (i < end && (flags & LEX.phraseStart) !== 0 && isInferentialPhrase(a, lexemes, i)) links++;
      if ((flags & LEX.relation) !== 0 && (i === 0 || (lexemes[i - 1]!.flags & LEX.nounDeterminer) === 0))
        relations++;
    }
  }
  return links + Math.max(0, relations - 1);
}

/** "so" as "therefore" (", so the order..."), not "so far" / "so much". */
function isResultSo(a: TextAnalysis, i: number, start: number): boolean {
  const next = a.pos[i + 1];
  const afterComma = i > start && a.values[i - 1] === ",";
  return afterComma || next === "PRON" || next === "DET" || next === "PROPN";
}

// INFERENTIAL_PHRASES by first word: the words that follow it.
const PHRASE_TAILS = new Map<string, string[][]>();
for (const phrase of INFERENTIAL_PHRASES) {
  const [first, ...tail] = phrase.split(" ") as [string, ...string[]];
  PHRASE_TAILS.set(first, [...(PHRASE_TAILS.get(first) ?? []), tail]);
}

/** Whether a phrase of INFERENTIAL_PHRASES starts at token i (a phrase-start word, i < last). */
function isInferentialPhrase(a: TextAnalysis, lexemes: readonly Lexeme[], i: number): boolean {
  const normals = a.normals;
  if (hasSpace(lexemes, i) || hasSpace(lexemes, i + 1) || hasSpace(lexemes, i + 2)) {
    // A token with a space inside could complete a phrase across the join: compare strings.
    const two = `${normals[i]} ${normals[i + 1]}`;
    if (INFERENTIAL_PHRASES.has(two)) return true;
    return i + 2 < normals.length && INFERENTIAL_PHRASES.has(`${two} ${normals[i + 2]}`);
  }
  for (const tail of PHRASE_TAILS.get(normals[i]!) ?? []) {
    if (normals[i + 1] !== tail[0]) continue;
    if (tail.length === 1 || (i + 2 < normals.length && normals[i + 2] === tail[1])) return true;
  }
  return false;
}

function hasSpace(lexemes: readonly Lexeme[], k: number): boolean {
  return k < lexemes.length && (lexemes[k]!.flags & LEX.space) !== 0;
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}
