/**
 * @module state/complexity
 * SPEC §6 complexity features of a turn, estimated from POS tags without a full parser:
 * syntactic depth from clause nesting, prepositional chains and coordination; inference-chain
 * length from inferential connectives and chained relations ("A supplies B, which supplies C").
 */
import {
  INFERENTIAL_CONNECTIVES,
  INFERENTIAL_PHRASES,
  isNounDeterminer,
  isRelationWord,
  RELATIVE_WORDS,
  WH_WORDS,
} from "./lexicon.js";
import type { TextAnalysis } from "./text-analysis.js";
import type { Complexity } from "./types.js";

/** Bounds of the syntactic-depth estimate (SPEC §10 generates depths 3–12; room on both sides). */
export const DEPTH_RANGE = { min: 1, max: 15 } as const;
/** Bounds of the inference-steps estimate (SPEC §10 generates chains of 1–8 steps). */
export const INFERENCE_RANGE = { min: 1, max: 10 } as const;

// Subordinators unambiguous enough to count whatever tag wink gives them.
const CLEAR_SUBORDINATORS = new Set(["because", "although", "though", "whereas", "unless", "whether", "if"]);
// Tokens that close a prepositional chain: a new predicate or clause starts.
const CHAIN_BREAKERS = new Set(["VERB", "AUX", "SCONJ", "CCONJ", "PUNCT"]);
const NOMINAL = new Set(["NOUN", "PROPN", "PRON", "NUM"]);

/** Complexity of an analysed turn; `entityCount` comes from {@link findEntities}. */
export function estimateComplexity(a: TextAnalysis, entityCount: number): Complexity {
  let depth: number = DEPTH_RANGE.min;
  for (const [start, end] of a.sentences) depth = Math.max(depth, sentenceDepth(a, start, end));
  return {
    syntacticDepth: clamp(depth, DEPTH_RANGE.min, DEPTH_RANGE.max),
    entityCount,
    inferenceSteps: clamp(1 + inferenceLinks(a), INFERENCE_RANGE.min, INFERENCE_RANGE.max),
  };
}

/**
 * Depth of one sentence: S, plus its VP, plus one level per subordinate or relative clause
 * (English nests to the right, so clauses stack), plus the longest chain of prepositional
 * phrases, plus one for coordination.
 */
function sentenceDepth(a: TextAnalysis, start: number, end: number): number {
  let hasPredicate = false;
  let clauses = 0;
  let chain = 0;
  let longestChain = 0;
  let coordinated = false;
  for (let i = start; i <= end; i++) {
    const pos = a.pos[i]!;
    if (pos === "VERB" || pos === "AUX") hasPredicate = true;
    if (pos === "CCONJ") coordinated = true;
    if (opensClause(a, i, start)) clauses++;
    if (pos === "ADP") longestChain = Math.max(longestChain, ++chain);
    else if (CHAIN_BREAKERS.has(pos)) chain = 0;
  }
  return 1 + (hasPredicate ? 1 : 0) + clauses + longestChain + (coordinated ? 1 : 0);
}

/** Whether token i opens a subordinate, relative or embedded interrogative clause. */
function opensClause(a: TextAnalysis, i: number, sentenceStart: number): boolean {
  const word = a.normals[i]!;
  if (a.pos[i] === "SCONJ" || CLEAR_SUBORDINATORS.has(word)) return true;
  if (i === sentenceStart) return false;
  const previous = previousContent(a, i, sentenceStart);
  if (RELATIVE_WORDS.has(word)) return previous >= 0 && NOMINAL.has(a.pos[previous]!);
  // "tell me who supplies...", "find where it is": an embedded question.
  return WH_WORDS.has(word) && previous >= 0 && (a.pos[previous] === "VERB" || a.pos[previous] === "PRON");
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
function inferenceLinks(a: TextAnalysis): number {
  let links = 0;
  let relations = 0;
  for (const [start, end] of a.sentences) {
    let openIfs = 0;
    for (let i = start; i <= end; i++) {
      const word = a.normals[i]!;
      if (word === "then") {
        if (openIfs > 0) openIfs--;
        else links++;
      } else if (word === "if") {
        openIfs++;
        links++;
      } else if (word === "so") {
        if (isResultSo(a, i, start)) links++;
      } else if (INFERENTIAL_CONNECTIVES.has(word)) links++;
      else if (i < end && isInferentialPhrase(a, i)) links++;
      if (isRelationWord(word) && !isNounDeterminer(a.values[i - 1])) relations++;
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

// First words of INFERENTIAL_PHRASES: only these start a phrase lookup (saves string building).
const PHRASE_STARTS = new Set([...INFERENTIAL_PHRASES].map((phrase) => phrase.split(" ")[0]!));

function isInferentialPhrase(a: TextAnalysis, i: number): boolean {
  if (!PHRASE_STARTS.has(a.normals[i]!)) return false;
  const two = `${a.normals[i]} ${a.normals[i + 1]}`;
  if (INFERENTIAL_PHRASES.has(two)) return true;
  return i + 2 < a.normals.length && INFERENTIAL_PHRASES.has(`${two} ${a.normals[i + 2]}`);
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}
