/**
 * @module state/text-analysis
 * One wink-nlp pass over a text, shared by the classifier and the fact extractor: tokens,
 * universal POS tags, token types, sentences and (optionally) named entities. The English model
 * is loaded once per process, on first use. The last analysis is memoised because the runtime
 * classifies a turn and extracts its facts right after, on the same string.
 */

import model from "wink-eng-lite-web-model";
import winkNLP, { type WinkMethods } from "wink-nlp";
import { stemCached } from "./stem.js";

/** A span of tokens, inclusive bounds. */
export type TokenSpan = readonly [start: number, end: number];

/** A named entity found by wink's NER (DATE, MONEY, CARDINAL...). */
export interface EntitySpan {
  readonly start: number;
  readonly end: number;
  readonly type: string;
}

/** Token-level view of a text. Arrays are parallel, one entry per token. */
export interface TextAnalysis {
  readonly text: string;
  /** surface forms. */
  readonly values: readonly string[];
  /** lower-cased normal forms. */
  readonly normals: readonly string[];
  /** universal POS tags (NOUN, VERB, PROPN, SCONJ...). */
  readonly pos: readonly string[];
  /** wink token types: word, number, punctuation, email, url, time, currency, symbol... */
  readonly types: readonly string[];
  /** whitespace before each token ("" when glued to the previous one). */
  readonly spaces: readonly string[];
  /** sentences as inclusive token spans. */
  readonly sentences: readonly TokenSpan[];
  /** wink NER spans; empty when the analysis ran without NER. */
  readonly entities: readonly EntitySpan[];
}

/** Whether to run wink's named-entity recogniser (≈ 10 µs per 30 words). */
export interface AnalysisOptions {
  ner?: boolean;
}

// Lazy singletons: instantiating a pipeline reads the model (≈ 60 ms), so do it once.
let plain: WinkMethods | null = null;
let withNer: WinkMethods | null = null;
let lastText: string | null = null;
let lastNer = false;
let lastAnalysis: TextAnalysis | null = null;

function pipeline(ner: boolean): WinkMethods {
  if (ner) {
    withNer ??= winkNLP(model, ["pos", "ner"]);
    return withNer;
  }
  // No "sbd": splitting sentences on the tokens (below) costs nothing, wink's SBD ≈ 3 µs.
  plain ??= winkNLP(model, ["pos"]);
  return plain;
}

/** Analyses `text` with wink (deterministic; the last result is memoised). */
export function analyzeText(text: string, options: AnalysisOptions = {}): TextAnalysis {
  const ner = options.ner === true;
  // Same text and same pipeline only: results must not depend on what was analysed before.
  if (lastAnalysis !== null && lastText === text && lastNer === ner) return lastAnalysis;
  const nlp = pipeline(ner);
  const its = nlp.its;
  const doc = nlp.readDoc(text);
  const tokens = doc.tokens();
  const values = tokens.out();
  const types = tokens.out(its.type);
  const spaces = tokens.out(its.precedingSpaces);
  const analysis: TextAnalysis = {
    text,
    values,
    normals: values.map(lowerCase),
    pos: tokens.out(its.pos),
    types,
    spaces,
    sentences: splitSentences(values, types, spaces),
    entities: ner ? entitySpans(doc.entities().out(its.span), doc.entities().out(its.type)) : [],
  };
  lastText = text;
  lastNer = ner;
  lastAnalysis = analysis;
  return analysis;
}

/** Loads the wink model now instead of on the first turn (e.g. at server start). */
export function warmUpAnalysis(options: AnalysisOptions = {}): void {
  pipeline(options.ner === true).readDoc("Warm up.");
}

// Tokens that end a sentence, and closers that stay with it ('He left." Then...').
const TERMINALS = new Set([".", "!", "?", "...", "…", "?!", "!?", "!!", "??"]);
const CLOSERS = new Set(['"', "'", ")", "]", "”", "’", "»"]);

/**
 * Sentences from the tokens: wink's tokenizer already keeps abbreviations ("Dr.", "e.g.") and
 * decimals in one token, so a terminal punctuation token or a line break ends a sentence.
 */
export function splitSentences(
  values: readonly string[],
  types: readonly string[],
  spaces: readonly string[],
): TokenSpan[] {
  const sentences: TokenSpan[] = [];
  let start = 0;
  for (let i = 0; i < values.length; i++) {
    let end = -1;
    if (types[i] === "tabCRLF") end = i;
    else if (i > start && spaces[i]!.includes("\n")) end = i - 1;
    else if (TERMINALS.has(values[i]!)) {
      end = i;
      while (end + 1 < values.length && spaces[end + 1] === "" && CLOSERS.has(values[end + 1]!)) end++;
    }
    if (end < start) continue;
    sentences.push([start, end]);
    start = end + 1;
    i = end;
  }
  if (start < values.length) sentences.push([start, values.length - 1]);
  return sentences;
}

function lowerCase(value: string): string {
  return value.toLowerCase();
}

function entitySpans(spans: unknown[], types: string[]): EntitySpan[] {
  return spans.map((span, i) => {
    const [start, end] = span as [number, number];
    return { start, end, type: types[i] ?? "UNKNOWN" };
  });
}

let lastStemmed: TextAnalysis | null = null;
let lastStems: readonly string[] = [];

/** {@link stemCached} of every token's normal form (memoised for the last analysis). */
export function stemsOf(a: TextAnalysis): readonly string[] {
  if (lastStemmed !== a) {
    lastStems = a.normals.map(stemCached);
    lastStemmed = a;
  }
  return lastStems;
}
