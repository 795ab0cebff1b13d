/**
 * @module state/fact-keys
 * Keys of facts (issue 11 item 4): a fact sentence's de-duplication key (lower case, no trailing
 * punctuation), its "subject|attribute" slot when it states a single-valued attribute
 * ("Lyon-Depot holds 40 units", "The price is 12 EUR"), and whitespace normalisation.
 */
import { COPULAS, isRelationWord } from "./lexicon.js";
import { stemLite } from "./stem.js";

// Relations that hold one value at a time for a subject: a newer statement supersedes.
const FUNCTIONAL_STEMS = new Set(["be", "locat", "cost", "pay", "equal", "weigh", "measur", "pric"]);
const PREPOSITIONS = new Set(["in", "at", "on", "to", "from", "by", "of", "with", "for", "near", "under"]);
const LEADING_ARTICLES = new Set(["the", "a", "an"]);
// A subject longer than this is a clause, not a name; such facts are only de-duplicated.
const MAX_SUBJECT_WORDS = 8;

/** Trims and collapses whitespace to single spaces. */
export function normaliseFact(fact: string): string {
  // Extracted facts are normal already: check that in one pass before building a new string.
  return isNormalised(fact) ? fact : fact.replace(/\s+/g, " ").trim();
}

/** Whether `text` has no leading, trailing or repeated whitespace and no whitespace but " ". */
function isNormalised(text: string): boolean {
  let previousSpace = true; // a leading space counts as repeated
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20) {
      if (previousSpace) return false;
      previousSpace = true;
    } else if (isWhitespace(c)) return false;
    else previousSpace = false;
  }
  return !previousSpace || text.length === 0;
}

/** Whether a UTF-16 code unit is whitespace for a RegExp `\s` (WhiteSpace or LineTerminator). */
export function isWhitespace(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

// Discourse openers that add nothing to a fact ("Also, the stock of X is 40 units.").
const CONNECTIVE_RE =
  /^(?:(?:also|besides|moreover|in addition|additionally|furthermore|plus|and|so|then|by the way|note that|remember that|as a reminder)\s*,?\s+)+/i;
// A preamble before a colon ("Context for my request: The staff of X is 872 people.").
const PREAMBLE_RE = /^[^:.?!]{0,160}:\s+(?=[A-Z])/;

/**
 * A fact sentence without discourse openers or a preamble before a colon, capitalised:
 * "Also, the stock of X is 40 units." and "Context: The stock of X is 40 units." both give
 * "The stock of X is 40 units.", so restatements meet.
 */
export function cleanFact(text: string): string {
  const stripped = text.replace(PREAMBLE_RE, "").replace(CONNECTIVE_RE, "");
  if (stripped.length === text.length || stripped.length === 0) return text;
  return stripped[0]!.toUpperCase() + stripped.slice(1);
}

/** Lower case without trailing whitespace, ".", "!" or ";" (what `/[\s.!;]+$/` matches). */
export function dedupKey(text: string): string {
  const lower = text.toLowerCase();
  let end = lower.length;
  for (;;) {
    const c = lower.charCodeAt(end - 1);
    if (end > 0 && (c === 0x2e || c === 0x21 || c === 0x3b || isWhitespace(c))) end--;
    else break;
  }
  return end === lower.length ? lower : lower.slice(0, end);
}

/**
 * "subject|attribute" when the fact (given by its {@link dedupKey}) states a single-valued
 * attribute: a copula or a functional relation ("is located in", "costs"), or any relation with
 * a quantity ("holds 40 units" — the slot keeps the unit, "holds # units"). Null otherwise.
 */
export function slotOf(key: string): string | null {
  const words = (key.includes(",") ? key.replace(/,/g, "") : key).split(" ");
  const verb = verbIndex(words);
  if (verb < 1) return null;
  let subjectStart = 0;
  while (subjectStart < verb - 1 && LEADING_ARTICLES.has(words[subjectStart]!)) subjectStart++;
  if (verb - subjectStart > MAX_SUBJECT_WORDS) return null;
  const subject = words.slice(subjectStart, verb).join(" ");
  const { attribute, rest } = attributeOf(words, verb);
  let quantity = false;
  for (let k = rest; k < words.length && !quantity; k++) quantity = hasDigit(words[k]!);
  if (quantity) {
    let complement = "";
    for (let k = rest; k < words.length; k++)
      complement += (k > rest ? " " : "") + (hasDigit(words[k]!) ? "#" : words[k]!);
    return `${subject}|${attribute}|${complement}`;
  }
  return FUNCTIONAL_STEMS.has(attribute.split(" ")[0]!) ? `${subject}|${attribute}` : null;
}

/** Index of the first copula or relation verb after the first word, or -1. */
function verbIndex(words: readonly string[]): number {
  for (let i = 1; i < words.length; i++) {
    const word = words[i]!;
    if (COPULAS.has(word) || isRelationWord(word)) return i;
  }
  return -1;
}

/** Whether a word contains an ASCII digit (what `/\d/` tests). */
function hasDigit(word: string): boolean {
  for (let k = 0; k < word.length; k++) {
    const c = word.charCodeAt(k);
    if (c >= 0x30 && c <= 0x39) return true;
  }
  return false;
}

/** The verb (tense-neutral) plus a participle and preposition that belong to it. */
function attributeOf(words: string[], verb: number): { attribute: string; rest: number } {
  const head = canonicalVerb(words[verb]!);
  const parts = [head];
  let next = verb + 1;
  if (next < words.length && (words[next]!.endsWith("ed") || isRelationWord(words[next]!))) {
    parts[0] = stemLite(words[next]!);
    next++;
  }
  if (next < words.length && PREPOSITIONS.has(words[next]!)) parts.push(words[next++]!);
  return { attribute: parts.join(" "), rest: next };
}

function canonicalVerb(word: string): string {
  if (word === "is" || word === "are" || word === "was" || word === "were") return "be";
  if (word === "has" || word === "have" || word === "had") return "have";
  return stemLite(word);
}
