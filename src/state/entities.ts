/**
 * @module state/entities
 * Entity mentions in an analysed text (SPEC §6 entity count, SPEC §3 handoff packet): wink NER
 * spans when present, runs of proper nouns ("Berlin Hub"), glued identifiers ("Lyon-Depot",
 * "SKU-1182", "user_id", "sortUsers"), quantities ("40 kg", "$3.5 million", "15 %") and labelled
 * numbers ("order 1182"). Distinct by lower-cased surface form, in order of first mention.
 */
import { DIALOGUE_MARKERS, IMPERATIVE_VERBS, QUESTION_AUXILIARIES, WH_WORDS } from "./lexicon.js";
import type { TextAnalysis } from "./text-analysis.js";

// wink NER types that are not things one can refer back to.
const IGNORED_NER = new Set(["EMOJI", "EMOTICON"]);
// Token types wink recognises that are entities on their own.
const ENTITY_TOKEN_TYPES = new Set(["email", "url", "hashtag", "mention", "time", "ordinal"]);
// Joiners that glue identifier parts when written without spaces.
const GLUE = new Set(["-", "_", "/", ".", "&", "@", "#"]);

/** One entity mention: inclusive token span and normalised surface form. */
export interface EntityMention {
  start: number;
  end: number;
  surface: string;
}

/** Distinct entity surface forms (normalised spacing) in order of first mention. */
export function findEntities(a: TextAnalysis): string[] {
  const found = new Map<string, string>();
  for (const mention of findEntityMentions(a)) {
    const key = mention.surface.toLowerCase();
    if (!found.has(key)) found.set(key, mention.surface);
  }
  return [...found.values()];
}

/** Every entity mention, in text order (repeats included). */
export function findEntityMentions(a: TextAnalysis): EntityMention[] {
  const n = a.values.length;
  const used = new Uint8Array(n);
  const mentions: EntityMention[] = [];
  const keep = (start: number, end: number): void => {
    for (let k = start; k <= end; k++) used[k] = 1;
    const surface = surfaceOf(a, start, end);
    if (surface.length > 0) mentions.push({ start, end, surface });
  };
  for (const span of a.entities) {
    if (!IGNORED_NER.has(span.type)) keep(span.start, extendQuantity(a, span.end));
  }
  const starts = sentenceStarts(a);
  for (let i = 0; i < n; i++) {
    if (used[i] === 1) continue;
    const end = entityEnd(a, i, starts[i] === 1, used);
    if (end >= 0) {
      keep(end === i ? labelStart(a, i, used) : i, end);
      i = end;
    }
  }
  return a.entities.length > 0 ? mentions.sort((x, y) => x.start - y.start) : mentions;
}

/** End index of an entity starting at token i, or -1 if none starts there. */
function entityEnd(a: TextAnalysis, i: number, sentenceStart: boolean, used: Uint8Array): number {
  const pos = a.pos[i];
  const type = a.types[i]!;
  if (ENTITY_TOKEN_TYPES.has(type)) return i;
  if (pos === "NUM" || type === "number" || type === "currency") return quantityEnd(a, i);
  if (pos === "PROPN" || isIdentifierLike(a.values[i]!)) {
    if (sentenceStart && pos === "PROPN" && isKnownCommonWord(a.normals[i]!)) return -1;
    const end = gluedEnd(a, i, used);
    if (end === i && sentenceStart && pos === "PROPN" && precedesNounPhrase(a, i)) return -1;
    return end;
  }
  return gluedIdentifierEnd(a, i, used);
}

/** A proper-noun run, including glued parts ("Lyon-Depot", "Acme Corp"). */
function gluedEnd(a: TextAnalysis, i: number, used: Uint8Array): number {
  let end = i;
  for (;;) {
    const next = end + 1;
    if (next >= a.values.length || used[next] === 1) return end;
    if (
      isGlue(a, next) &&
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
function gluedIdentifierEnd(a: TextAnalysis, i: number, used: Uint8Array): number {
  if (!isWordish(a, i)) return -1;
  let end = i;
  let hasDigitOrUnderscore = false;
  while (
    end + 2 < a.values.length &&
    used[end + 1] !== 1 &&
    isGlue(a, end + 1) &&
    a.spaces[end + 2] === "" &&
    isWordish(a, end + 2)
  ) {
    const glue = a.values[end + 1];
    if (glue === "_" || /\d/.test(a.values[end + 2]!)) hasDigitOrUnderscore = true;
    end += 2;
  }
  return end > i && hasDigitOrUnderscore ? end : -1;
}

/** A number with what follows it: "3.5 million", "40 kg", "15 %", "12 EUR". */
function quantityEnd(a: TextAnalysis, i: number): number {
  let end = i;
  while (end + 1 < a.values.length && (a.pos[end + 1] === "NUM" || a.types[end + 1] === "number")) end++;
  return extendQuantity(a, end);
}

/** Extends a number span by one unit token (noun, %, currency code) right after it. */
function extendQuantity(a: TextAnalysis, end: number): number {
  const next = end + 1;
  if (next >= a.values.length || !isNumeric(a, end)) return end;
  const pos = a.pos[next];
  const unit =
    pos === "NOUN" || a.values[next] === "%" || (pos === "PROPN" && /^[A-Z]{3}$/.test(a.values[next]!));
  return unit ? next : end;
}

/** A bare number gets the noun before it as label: "order 1182", "room 12". */
function labelStart(a: TextAnalysis, i: number, used: Uint8Array): number {
  const previous = i - 1;
  if (previous < 0 || used[previous] === 1 || !isNumeric(a, i) || a.types[i] !== "number") return i;
  return a.pos[previous] === "NOUN" && a.spaces[i] !== "" && !a.spaces[i]!.includes("\n") ? previous : i;
}

/**
 * The wink model tags capitalised sentence-initial words as proper nouns ("List the...",
 * "Thanks"): a known verb, question word or greeting there is not an entity.
 */
function isKnownCommonWord(word: string): boolean {
  return (
    IMPERATIVE_VERBS.has(word) ||
    WH_WORDS.has(word) ||
    QUESTION_AUXILIARIES.has(word) ||
    DIALOGUE_MARKERS.has(word)
  );
}

/** A lone capitalised word followed by a determiner or pronoun is a verb ("Plan the route"). */
function precedesNounPhrase(a: TextAnalysis, i: number): boolean {
  const next = a.pos[i + 1];
  return next === "DET" || next === "PRON";
}

function sentenceStarts(a: TextAnalysis): Uint8Array {
  const starts = new Uint8Array(a.values.length);
  for (const [start] of a.sentences) starts[start] = 1;
  if (a.values.length > 0) starts[0] = 1;
  return starts;
}

/** Tokens start..end joined with single spaces where the text had any whitespace. */
export function surfaceOf(a: TextAnalysis, start: number, end: number): string {
  let out = a.values[start]!;
  for (let k = start + 1; k <= end; k++) out += (a.spaces[k] === "" ? "" : " ") + a.values[k]!;
  return out;
}

function isGlue(a: TextAnalysis, i: number): boolean {
  return a.spaces[i] === "" && GLUE.has(a.values[i]!);
}

function isWordish(a: TextAnalysis, i: number): boolean {
  const type = a.types[i];
  return type === "word" || type === "number";
}

function isNumeric(a: TextAnalysis, i: number): boolean {
  return a.pos[i] === "NUM" || a.types[i] === "number";
}

/** camelCase, digits among letters, or acronyms: identifiers even when not tagged PROPN. */
function isIdentifierLike(value: string): boolean {
  let upper = 0;
  let lower = 0;
  let digits = 0;
  for (let k = 0; k < value.length; k++) {
    const c = value.charCodeAt(k);
    if (c >= 0x41 && c <= 0x5a) upper++;
    else if (c >= 0x61 && c <= 0x7a) lower++;
    else if (c >= 0x30 && c <= 0x39) digits++;
    else if (c !== 0x2d) return false;
  }
  const letters = upper + lower;
  if (digits > 0 && letters > 0) return true;
  const camel = lower > 0 && upper > 0 && value.charCodeAt(0) >= 0x61;
  // Acronyms are short ("API", "EUR", "UNESCO"); a longer all-caps word is shouting, not a name.
  return camel || (upper >= 2 && upper <= 6 && lower === 0);
}
