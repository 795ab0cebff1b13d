/**
 * @module state/fact-sentences
 * Facts established in a conversation (SPEC §3 handoff packet): declarative sentences that carry
 * information — they mention an entity or a number, use a relation verb ("supplies",
 * "is located in", "costs"), or say what a named thing is. Questions and instructions are not
 * facts. Uses the same wink analysis as the classifier (memoised for the same text).
 */
import { findEntityMentions, surfaceOf } from "./entities.js";
import { LEX, type Lexeme } from "./lexeme.js";
import { sentenceOpening } from "./modality-rules.js";
import { analyzeText, lexemesOf, type TextAnalysis } from "./text-analysis.js";

/** Facts and entities of one text. */
export interface ExtractedFacts {
  /** informative declarative sentences, normalised (trimmed, single spaces), in text order. */
  facts: string[];
  /** distinct entities, as the classifier finds them. */
  entities: string[];
}

// Sentences shorter than this are acknowledgements ("Yes, it is."), not facts.
const MIN_FACT_WORDS = 3;

/**
 * Extracts the informative declarative sentences and the entities of `text`. `analysis` is a
 * non-NER analysis of the same text made earlier (the classifier's), reused when given.
 */
export function extractFacts(text: string, analysis?: TextAnalysis): ExtractedFacts {
  const a = analysis !== undefined && analysis.text === text ? analysis : analyzeText(text);
  const mentions = findEntityMentions(a);
  const hasEntity = new Uint8Array(a.values.length);
  const entities = new Map<string, string>();
  for (const m of mentions) {
    for (let k = m.start; k <= m.end; k++) hasEntity[k] = 1;
    const key = m.surface.toLowerCase();
    if (!entities.has(key)) entities.set(key, m.surface);
  }
  const lexemes = lexemesOf(a);
  const facts: string[] = [];
  for (const [start, end] of a.sentences) {
    if (isFact(a, lexemes, hasEntity, start, end))
      facts.push(surfaceOf(a, firstToken(a, start, end), lastToken(a, start, end)));
  }
  return { facts, entities: [...entities.values()] };
}

function isFact(
  a: TextAnalysis,
  lexemes: readonly Lexeme[],
  hasEntity: Uint8Array,
  start: number,
  end: number,
): boolean {
  const last = lastToken(a, start, end);
  if (last < 0 || a.values[last] === "?") return false;
  const opening = sentenceOpening(a, start, end);
  if (opening.wh || opening.auxInversion || opening.imperative) return false;
  let words = 0;
  let predicate = false;
  let informative = false;
  let nominalSubject = false;
  let copula = false;
  for (let i = start; i <= last; i++) {
    const pos = a.pos[i]!;
    if (pos === "PUNCT" || pos === "SPACE") continue;
    words++;
    const flags = lexemes[i]!.flags;
    const relation =
      (flags & LEX.relation) !== 0 && (i === 0 || (lexemes[i - 1]!.flags & LEX.nounDeterminer) === 0);
    if ((flags & LEX.copula) !== 0) {
      copula = true;
      predicate = true;
    }
    if (pos === "VERB" || pos === "AUX" || relation) predicate = true;
    if (!predicate && (pos === "NOUN" || pos === "PROPN")) nominalSubject = true;
    if (hasEntity[i] === 1 || pos === "NUM" || relation) informative = true;
  }
  return words >= MIN_FACT_WORDS && predicate && (informative || (copula && nominalSubject));
}

function firstToken(a: TextAnalysis, start: number, end: number): number {
  for (let i = start; i <= end; i++) if (a.pos[i] !== "SPACE") return i;
  return start;
}

function lastToken(a: TextAnalysis, start: number, end: number): number {
  for (let i = end; i >= start; i--) if (a.pos[i] !== "SPACE") return i;
  return -1;
}
