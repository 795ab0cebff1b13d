/**
 * @module state/text-analysis
 * One wink-nlp pass over a text, shared by the classifier and the fact extractor: tokens,
 * universal POS tags, token types, sentences and (optionally) named entities. The English model
 * is loaded once per process, on first use — required then, not imported with the module, so
 * `import "rapo"` does not load wink-nlp (issue 14); {@link warmUpTextAnalysis} loads it ahead. The last analysis is memoised because the runtime
 * classifies a turn and extracts its facts right after, on the same string. Each token also gets
 * its {@link Lexeme} (normal form, stem, word-list flags), read by the passes over the analysis.
 *
 * Cost: wink's `readDoc` with the "pos" pipe is most of it (≈ 17 µs for 30 words). Around it,
 * only three `out` calls (values, spaces, POS); the normal form, stem and token type of a word
 * form come from memos keyed by the form (wink's `its.normal` is not used: it expands
 * contractions, "can't" → "can", "not", where the classifier keeps the lower-cased surface).
 */

import { createRequire } from "node:module";
import type WinkNlp from "wink-nlp";
import type { Model, WinkMethods } from "wink-nlp";
import { LEX, type Lexeme, lexemeOf } from "./lexeme.js";

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

// A word form's token type is fixed once wink's lexicon knows the form (wink keeps the type it
// first assigned), so each pipeline remembers it with the form's lexeme instead of asking wink
// for every token; bounded like the other memos.
interface FormEntry {
  readonly type: string;
  readonly lexeme: Lexeme;
}
interface Pipeline {
  readonly nlp: WinkMethods;
  readonly forms: Map<string, FormEntry>;
}
const FORMS_LIMIT = 16_384;

// Lazy singletons: instantiating a pipeline reads the model (≈ 60 ms), so do it once.
let plain: Pipeline | null = null;
let withNer: Pipeline | null = null;
let lastText: string | null = null;
let lastNer = false;
let lastAnalysis: TextAnalysis | null = null;
// Lexemes of the tokens of `lexemesFor` (the last analysis, or the last one asked about).
let lexemesFor: TextAnalysis | null = null;
let lastLexemes: readonly Lexeme[] = [];

// Both packages are CommonJS: required on the first analysis, synchronously, so analysis stays a
// plain function call and importing this module costs nothing.
let wink: { winkNLP: typeof WinkNlp; model: Model } | null = null;
function loadWink(): { winkNLP: typeof WinkNlp; model: Model } {
  if (wink === null) {
    const require = createRequire(import.meta.url);
    wink = {
      winkNLP: require("wink-nlp") as typeof WinkNlp,
      model: require("wink-eng-lite-web-model") as Model,
    };
  }
  return wink;
}

function pipeline(ner: boolean): Pipeline {
  const { winkNLP, model } = loadWink();
  if (ner) {
    withNer ??= { nlp: winkNLP(model, ["pos", "ner"]), forms: new Map() };
    return withNer;
  }
  // No "sbd": splitting sentences on the tokens (below) costs nothing, wink's SBD ≈ 3 µs.
  plain ??= { nlp: winkNLP(model, ["pos"]), forms: new Map() };
  return plain;
}

/** Analyses `text` with wink (deterministic; the last result is memoised). */
export function analyzeText(text: string, options: AnalysisOptions = {}): TextAnalysis {
  const ner = options.ner === true;
  // Same text and same pipeline only: results must not depend on what was analysed before.
  if (lastAnalysis !== null && lastText === text && lastNer === ner) return lastAnalysis;
  const p = pipeline(ner);
  const its = p.nlp.its;
  const doc = p.nlp.readDoc(text);
  const tokens = doc.tokens();
  const values = tokens.out();
  const spaces = tokens.out(its.precedingSpaces);
  const n = values.length;
  const normals = new Array<string>(n);
  const types = new Array<string>(n);
  const lexemes = new Array<Lexeme>(n);
  for (let i = 0; i < n; i++) {
    const value = values[i]!;
    const form = p.forms.get(value) ?? learnForm(p, value, tokens.itemAt(i).out(its.type));
    normals[i] = form.lexeme.normal;
    types[i] = form.type;
    lexemes[i] = form.lexeme;
  }
  let entities: EntitySpan[] = [];
  if (ner) {
    const found = doc.entities();
    entities = entitySpans(found.out(its.span), found.out(its.type));
  }
  const analysis: TextAnalysis = {
    text,
    values,
    normals,
    pos: tokens.out(its.pos),
    types,
    spaces,
    sentences: sentencesOf(values, types, spaces, lexemes),
    entities,
  };
  lastText = text;
  lastNer = ner;
  lastAnalysis = analysis;
  lexemesFor = analysis;
  lastLexemes = lexemes;
  return analysis;
}

/**
 * The memoised last analysis when it was made without NER (what fact extraction reads), else
 * undefined. Analyses nothing: callers keep an analysis that was made anyway.
 */
export function memoisedAnalysis(): TextAnalysis | undefined {
  return lastAnalysis !== null && !lastNer ? lastAnalysis : undefined;
}

function learnForm(p: Pipeline, value: string, type: string): FormEntry {
  const form: FormEntry = { type, lexeme: lexemeOf(value) };
  if (p.forms.size >= FORMS_LIMIT) p.forms.clear();
  p.forms.set(value, form);
  return form;
}

/**
 * The {@link Lexeme} of every token (parallel to `a.values`): kept for the last analysis,
 * computed from the surface forms for any other.
 */
export function lexemesOf(a: TextAnalysis): readonly Lexeme[] {
  if (a !== lexemesFor) {
    lastLexemes = a.values.map(lexemeOf);
    lexemesFor = a;
  }
  return lastLexemes;
}

/** Loads the wink model now instead of on the first turn (`Orchestrator.create` calls it). */
export function warmUpAnalysis(options: AnalysisOptions = {}): void {
  pipeline(options.ner === true).nlp.readDoc("Warm up.");
}

/**
 * Sentences from the tokens: wink's tokenizer already keeps abbreviations ("Dr.", "e.g.") and
 * decimals in one token, so a terminal punctuation token or a line break ends a sentence.
 */
export function splitSentences(
  values: readonly string[],
  types: readonly string[],
  spaces: readonly string[],
): TokenSpan[] {
  return sentencesOf(values, types, spaces, values.map(lexemeOf));
}

/** {@link splitSentences} with the tokens' lexemes at hand (terminals and closers are flags). */
function sentencesOf(
  values: readonly string[],
  types: readonly string[],
  spaces: readonly string[],
  lexemes: readonly Lexeme[],
): TokenSpan[] {
  const sentences: TokenSpan[] = [];
  let start = 0;
  for (let i = 0; i < values.length; i++) {
    let end = -1;
    if (types[i] === "tabCRLF") end = i;
    else if (i > start && spaces[i] !== "" && spaces[i]!.includes("\n")) end = i - 1;
    else if ((lexemes[i]!.flags & LEX.terminal) !== 0) {
      end = i;
      while (
        end + 1 < values.length &&
        spaces[end + 1] === "" &&
        (lexemes[end + 1]!.flags & LEX.closer) !== 0
      )
        end++;
    }
    if (end < start) continue;
    sentences.push([start, end]);
    start = end + 1;
    i = end;
  }
  if (start < values.length) sentences.push([start, values.length - 1]);
  return sentences;
}

function entitySpans(spans: unknown[], types: string[]): EntitySpan[] {
  const out: EntitySpan[] = [];
  for (let i = 0; i < spans.length; i++) {
    const [start, end] = spans[i] as [number, number];
    out.push({ start, end, type: types[i] ?? "UNKNOWN" });
  }
  return out;
}
