/**
 * @module state/entities
 * Entity mentions in an analysed text (SPEC §6 entity count, SPEC §3 handoff packet): wink NER
 * spans when present, runs of proper nouns ("Berlin Hub"), glued identifiers ("Lyon-Depot",
 * "SKU-1182", "user_id", "sortUsers"), quantities ("40 kg", "$3.5 million", "15 %") and labelled
 * numbers ("order 1182"). Distinct by lower-cased surface form, in order of first mention.
 */
import { LEX, type Lexeme } from "./lexeme.js";
import { lexemesOf, type TextAnalysis } from "./text-analysis.js";

// wink NER types that are not things one can refer back to.
const IGNORED_NER = new Set(["EMOJI", "EMOTICON"]);
// Token types wink recognises that are entities on their own.
const ENTITY_TOKEN_TYPES = new Set(["email", "url", "hashtag", "mention", "time", "ordinal"]);
// Words the wink model tags PROPN at the start of a sentence that are not names ("List", "Thanks").
const KNOWN_COMMON_WORD = LEX.imperative | LEX.wh | LEX.questionAux | LEX.dialogue;

/** One entity mention: inclusive token span and normalised surface form. */
export interface EntityMention {
  start: number;
  end: number;
  surface: string;
}

// Up to this many mentions, findEntities de-duplicates by a linear scan instead of a Map.
const LINEAR_DEDUP_LIMIT = 16;

/** Distinct entity surface forms (normalised spacing) in order of first mention. */
export function findEntities(a: TextAnalysis): string[] {
  const mentions = findEntityMentions(a);
  // A turn has a handful of mentions: a linear scan of the keys beats hashing fresh strings.
  if (mentions.length > LINEAR_DEDUP_LIMIT) {
    const found = new Map<string, string>();
    for (const mention of mentions) {
      const key = mention.surface.toLowerCase();
      if (!found.has(key)) found.set(key, mention.surface);
    }
    return [...found.values()];
  }
  const keys: string[] = [];
  const entities: string[] = [];
  for (const mention of mentions) {
    const key = mention.surface.toLowerCase();
    if (keys.includes(key)) continue;
    keys.push(key);
    entities.push(mention.surface);
  }
  return entities;
}

/** Every entity mention, in text order (repeats included). */
export function findEntityMentions(a: TextAnalysis): EntityMention[] {
  const n = a.values.length;
  const scan: Scan = { a, lexemes: lexemesOf(a), marks: new Uint8Array(n), mentions: [] };
  for (const [start] of a.sentences) scan.marks[start] = SENTENCE_START;
  if (n > 0) scan.marks[0] = SENTENCE_START;
  for (const span of a.entities) {
    if (!IGNORED_NER.has(span.type)) keep(scan, span.start, extendQuantity(scan, span.end));
  }
  for (let i = 0; i < n; i++) {
    const marks = scan.marks[i]!;
    if ((marks & USED) !== 0) continue;
    const end = entityEnd(scan, i, (marks & SENTENCE_START) !== 0);
    if (end >= 0) {
      keep(scan, end === i ? labelStart(scan, i) : i, end);
      i = end;
    }
  }
  const mentions = scan.mentions;
  return a.entities.length > 0 ? mentions.sort(byStart) : mentions;
}

function byStart(x: EntityMention, y: EntityMention): number {
  return x.start - y.start;
}

// One scan of a text: the analysis, its lexemes, token marks, the mentions found so far.
interface Scan {
  readonly a: TextAnalysis;
  readonly lexemes: readonly Lexeme[];
  /** per token: USED once in a mention, SENTENCE_START at the start of a sentence. */
  readonly marks: Uint8Array;
  readonly mentions: EntityMention[];
}
const USED = 1;
const SENTENCE_START = 2;

function keep(scan: Scan, start: number, end: number): void {
  for (let k = start; k <= end; k++) scan.marks[k] = scan.marks[k]! | USED;
  const surface = surfaceOf(scan.a, start, end);
  if (surface.length > 0) scan.mentions.push({ start, end, surface });
}

/** End index of an entity starting at token i, or -1 if none starts there. */
function entityEnd(scan: Scan, i: number, sentenceStart: boolean): number {
  const a = scan.a;
  const pos = a.pos[i];
  const type = a.types[i]!;
  if (ENTITY_TOKEN_TYPES.has(type)) return i;
  if (pos === "NUM" || type === "number" || type === "currency") return quantityEnd(scan, i);
  const flags = scan.lexemes[i]!.flags;
  if (pos === "PROPN" || (flags & LEX.identifierLike) !== 0) {
    // The wink model tags capitalised sentence-initial words as proper nouns ("List the...",
    // "Thanks"): a known verb, question word or greeting there is not an entity.
    if (sentenceStart && pos === "PROPN" && (flags & KNOWN_COMMON_WORD) !== 0) return -1;
    const end = gluedEnd(scan, i);
    if (end === i && sentenceStart && pos === "PROPN" && precedesNounPhrase(a, i)) return -1;
    return end;
  }
  return gluedIdentifierEnd(scan, i);
}

/** A proper-noun run, including glued parts ("Lyon-Depot", "Acme Corp"). */
function gluedEnd(scan: Scan, i: number): number {
  const a = scan.a;
  let end = i;
  for (;;) {
    const next = end + 1;
    if (next >= a.values.length || (scan.marks[next]! & USED) !== 0) return end;
    if (
      isGlue(scan, next) &&
      next + 1 < a.values.length &&
      a.spaces[next + 1] === "" &&
      isWordish(a, next + 1)
    ) {
      end = next + 1;
    } else if (a.pos[next] === "PROPN" && a.spaces[next] !== "" && !a.spaces[next]!.includes("\n")) {
      end = next;
    } else return end;
  }
}

/** Lower-case parts glued into an identifier ("user_id", "order-1182"); -1 when not glued. */
function gluedIdentifierEnd(scan: Scan, i: number): number {
  const a = scan.a;
  if (!isWordish(a, i)) return -1;
  let end = i;
  let hasDigitOrUnderscore = false;
  while (
    end + 2 < a.values.length &&
    (scan.marks[end + 1]! & USED) === 0 &&
    isGlue(scan, end + 1) &&
    a.spaces[end + 2] === "" &&
    isWordish(a, end + 2)
  ) {
    const glue = a.values[end + 1];
    if (glue === "_" || (scan.lexemes[end + 2]!.flags & LEX.digit) !== 0) hasDigitOrUnderscore = true;
    end += 2;
  }
  return end > i && hasDigitOrUnderscore ? end : -1;
}

/** A number with what follows it: "3.5 million", "40 kg", "15 %", "12 EUR". */
function quantityEnd(scan: Scan, i: number): number {
  const a = scan.a;
  let end = i;
  while (end + 1 < a.values.length && (a.pos[end + 1] === "NUM" || a.types[end + 1] === "number")) end++;
  return extendQuantity(scan, end);
}

/** Extends a number span by one unit token (noun, %, currency code) right after it. */
function extendQuantity(scan: Scan, end: number): number {
  const a = scan.a;
  const next = end + 1;
  if (next >= a.values.length || !isNumeric(a, end)) return end;
  const pos = a.pos[next];
  const unit =
    pos === "NOUN" ||
    a.values[next] === "%" ||
    (pos === "PROPN" && (scan.lexemes[next]!.flags & LEX.upper3) !== 0);
  return unit ? next : end;
}

/** A bare number gets the noun before it as label: "order 1182", "room 12". */
function labelStart(scan: Scan, i: number): number {
  const a = scan.a;
  const previous = i - 1;
  if (previous < 0 || (scan.marks[previous]! & USED) !== 0 || !isNumeric(a, i) || a.types[i] !== "number")
    return i;
  return a.pos[previous] === "NOUN" && a.spaces[i] !== "" && !a.spaces[i]!.includes("\n") ? previous : i;
}

/** A lone capitalised word followed by a determiner or pronoun is a verb ("Plan the route"). */
function precedesNounPhrase(a: TextAnalysis, i: number): boolean {
  const next = a.pos[i + 1];
  return next === "DET" || next === "PRON";
}

/** Tokens start..end joined with single spaces where the text had any whitespace. */
export function surfaceOf(a: TextAnalysis, start: number, end: number): string {
  let out = a.values[start]!;
  for (let k = start + 1; k <= end; k++) out += (a.spaces[k] === "" ? "" : " ") + a.values[k]!;
  return out;
}

function isGlue(scan: Scan, i: number): boolean {
  return scan.a.spaces[i] === "" && (scan.lexemes[i]!.flags & LEX.glue) !== 0;
}

function isWordish(a: TextAnalysis, i: number): boolean {
  const type = a.types[i];
  return type === "word" || type === "number";
}

function isNumeric(a: TextAnalysis, i: number): boolean {
  return a.pos[i] === "NUM" || a.types[i] === "number";
}
