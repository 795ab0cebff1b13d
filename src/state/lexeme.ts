/**
 * @module state/lexeme
 * What the analysers need to know about a word form that does not depend on its context: its
 * normal (lower-case) form, its {@link stemLite} stem, and one bit per closed-class list it
 * belongs to. Computed once per distinct form and memoised (bounded), so the per-turn passes
 * test a bit instead of hashing the same word into several sets.
 */
import {
  CLEAR_SUBORDINATORS,
  CODE_SYMBOLS,
  COPULAS,
  DIALOGUE_MARKERS,
  IDENTIFIER_GLUE,
  IMPERATIVE_VERBS,
  INFERENTIAL_CONNECTIVES,
  INFERENTIAL_PHRASES,
  INTERLOCUTOR_PRONOUNS,
  isNounDeterminer,
  isRelationWord,
  LEADING_FILLERS,
  PAST_FORMS,
  QUESTION_AUXILIARIES,
  RELATIVE_WORDS,
  SENTENCE_CLOSERS,
  SENTENCE_TERMINALS,
  STOP_WORDS,
  THIRD_PERSON_PRONOUNS,
  WH_WORDS,
} from "./lexicon.js";
import { stemLite } from "./stem.js";

/** Bits of {@link Lexeme.flags}. "normal" tests use the lower-cased form, "value" the surface. */
export const LEX = {
  /** normal ∈ STOP_WORDS. */
  stop: 1 << 0,
  /** normal ∈ WH_WORDS. */
  wh: 1 << 1,
  /** normal ∈ QUESTION_AUXILIARIES. */
  questionAux: 1 << 2,
  /** normal ∈ DIALOGUE_MARKERS. */
  dialogue: 1 << 3,
  /** normal ∈ INTERLOCUTOR_PRONOUNS. */
  interlocutor: 1 << 4,
  /** normal ∈ THIRD_PERSON_PRONOUNS. */
  thirdPerson: 1 << 5,
  /** normal ∈ PAST_FORMS. */
  pastForm: 1 << 6,
  /** normal ∈ IMPERATIVE_VERBS. */
  imperative: 1 << 7,
  /** normal ∈ RELATIVE_WORDS. */
  relative: 1 << 8,
  /** normal ∈ INFERENTIAL_CONNECTIVES. */
  inferential: 1 << 9,
  /** normal is the first word of an INFERENTIAL_PHRASES entry. */
  phraseStart: 1 << 10,
  /** isRelationWord(normal). */
  relation: 1 << 11,
  /** normal ∈ COPULAS. */
  copula: 1 << 12,
  /** normal ∈ CLEAR_SUBORDINATORS. */
  subordinator: 1 << 13,
  /** normal ∈ LEADING_FILLERS. */
  filler: 1 << 14,
  /** normal ends with "ed". */
  endsEd: 1 << 15,
  /** normal ends with none of "s", "ed", "ing" (a possible base form). */
  baseForm: 1 << 16,
  /** isNounDeterminer(value). */
  nounDeterminer: 1 << 17,
  /** value ∈ CODE_SYMBOLS. */
  codeSymbol: 1 << 18,
  /** value ∈ SENTENCE_TERMINALS. */
  terminal: 1 << 19,
  /** value ∈ SENTENCE_CLOSERS. */
  closer: 1 << 20,
  /** value ∈ IDENTIFIER_GLUE. */
  glue: 1 << 21,
  /** value looks like an identifier: camelCase, letters with digits, or a short acronym. */
  identifierLike: 1 << 22,
  /** value is three upper-case ASCII letters (a currency code such as "EUR"). */
  upper3: 1 << 23,
  /** value contains an ASCII digit. */
  digit: 1 << 24,
  /** value contains a space (a stem bigram of it cannot be split back unambiguously). */
  space: 1 << 25,
} as const;

/** Context-free facts about one word form. */
export interface Lexeme {
  /** the form lower-cased (`value.toLowerCase()`). */
  readonly normal: string;
  /** {@link stemLite} of the normal form. */
  readonly stem: string;
  /** {@link LEX} bits. */
  readonly flags: number;
}

// First words of INFERENTIAL_PHRASES: only these can start a phrase.
const PHRASE_STARTS = new Set([...INFERENTIAL_PHRASES].map((phrase) => phrase.split(" ")[0]!));

// [set, bit] pairs tested on the normal form.
const NORMAL_SETS: ReadonlyArray<readonly [ReadonlySet<string>, number]> = [
  [STOP_WORDS, LEX.stop],
  [WH_WORDS, LEX.wh],
  [QUESTION_AUXILIARIES, LEX.questionAux],
  [DIALOGUE_MARKERS, LEX.dialogue],
  [INTERLOCUTOR_PRONOUNS, LEX.interlocutor],
  [THIRD_PERSON_PRONOUNS, LEX.thirdPerson],
  [PAST_FORMS, LEX.pastForm],
  [IMPERATIVE_VERBS, LEX.imperative],
  [RELATIVE_WORDS, LEX.relative],
  [INFERENTIAL_CONNECTIVES, LEX.inferential],
  [PHRASE_STARTS, LEX.phraseStart],
  [COPULAS, LEX.copula],
  [CLEAR_SUBORDINATORS, LEX.subordinator],
  [LEADING_FILLERS, LEX.filler],
];
// [set, bit] pairs tested on the surface form.
const VALUE_SETS: ReadonlyArray<readonly [ReadonlySet<string>, number]> = [
  [CODE_SYMBOLS, LEX.codeSymbol],
  [SENTENCE_TERMINALS, LEX.terminal],
  [SENTENCE_CLOSERS, LEX.closer],
  [IDENTIFIER_GLUE, LEX.glue],
];

/** The lexeme of a surface form, computed (see {@link lexemeOf} for the memoised one). */
export function describeForm(value: string): Lexeme {
  const normal = value.toLowerCase();
  let flags = 0;
  for (const [words, bit] of NORMAL_SETS) if (words.has(normal)) flags |= bit;
  for (const [words, bit] of VALUE_SETS) if (words.has(value)) flags |= bit;
  if (isRelationWord(normal)) flags |= LEX.relation;
  if (normal.endsWith("ed")) flags |= LEX.endsEd;
  if (!normal.endsWith("s") && !normal.endsWith("ed") && !normal.endsWith("ing")) flags |= LEX.baseForm;
  if (isNounDeterminer(value)) flags |= LEX.nounDeterminer;
  if (isIdentifierLike(value)) flags |= LEX.identifierLike;
  if (/^[A-Z]{3}$/.test(value)) flags |= LEX.upper3;
  if (/\d/.test(value)) flags |= LEX.digit;
  if (value.includes(" ")) flags |= LEX.space;
  return { normal, stem: stemLite(normal), flags };
}

// Word forms repeat across turns (Zipf); bounded so that a stream of new forms cannot grow it.
const memo = new Map<string, Lexeme>();
const MEMO_LIMIT = 16_384;

/** {@link describeForm} through a bounded memo: the same form yields the same object. */
export function lexemeOf(value: string): Lexeme {
  let lexeme = memo.get(value);
  if (lexeme === undefined) {
    lexeme = describeForm(value);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(value, lexeme);
  }
  return lexeme;
}

/** camelCase, digits among letters, or acronyms: identifiers even when not tagged PROPN. */
export function isIdentifierLike(value: string): boolean {
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
