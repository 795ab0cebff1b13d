/**
 * @module state/typed-values
 * Slot values in free text, each as one whole normalised entity (issue 11 item 4): dates ("the
 * 12th of March", "March 12th", "12/03", "next Friday" → one date), times ("7 pm", "half past
 * seven in the evening", "19:30" → "19:30"), amounts ("$1,200", "45 dollars"), street addresses
 * ("42 Elm St." → "42 Elm Street"), counts with their noun ("a table for four" → people: 4,
 * "two nights" → nights: 2), lower-case values after slot-like cues ("italian food" → food:
 * italian, "a double room" → room: double) and names after place prepositions ("to Boston").
 * Regular expressions over a bounded text: linear in its length.
 */

import { COUNT_NOUNS, CUE_NOUNS, EMPTY_MODIFIERS, STREET_SUFFIX } from "./slot-cues.js";

/** One value found in a text. */
export interface TypedValue {
  /** date | time | amount | address | a count's noun | a cue noun | a preposition. */
  attribute: string;
  /** normalised value ("March 12", "19:30", "$1200", "42 Elm Street", "4", "italian"). */
  value: string;
  /** character span in the text. */
  start: number;
  end: number;
}

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];
const MONTH_RE =
  "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";
const DAY_RE = "(\\d{1,2})(?:st|nd|rd|th)?";
const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  a: 1,
  an: 1,
  single: 1,
  couple: 2,
};
const NUM_RE = "(\\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)";
const WEEKDAYS = "(monday|tuesday|wednesday|thursday|friday|saturday|sunday)";
const PLACE_PREPOSITIONS = new Set(["to", "from", "in", "at", "near", "with", "for"]);
const HALF_CLOCK: Record<string, number> = { "quarter past": 15, "half past": 30, "quarter to": -15 };

// Compiled once: building them per call cost more than matching.
const ADDRESS_RE = new RegExp(
  `\\b(\\d{1,5})\\s+((?:[a-z]+\\s+){0,2}[a-z]+)\\s+(${Object.keys(STREET_SUFFIX).join("|")})\\b\\.?`,
  "g",
);
const DAY_MONTH_RE = new RegExp(`\\b${DAY_RE}\\s+(?:of\\s+)?${MONTH_RE}(?:,?\\s+(\\d{4}))?\\b`, "g");
// Cheap tests that let a text skip the expressions that cannot match it.
const HAS_DIGIT = /\d/;
const HAS_NUMBER_WORD = /\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve/;
const HAS_DAY_PERIOD = /morning|afternoon|evening|night/;
const HAS_CAPITAL_AFTER_START = /.[A-Z]/;
const MONTH_DAY_RE = new RegExp(
  `\\b${MONTH_RE}\\s+(?:the\\s+)?${DAY_RE}(?!\\s*(?::|am|pm|a\\.m|p\\.m|dollars|%))(?:,?\\s+(\\d{4}))?\\b`,
  "g",
);
const WEEKDAY_RE = new RegExp(`\\b(?:(next|this|on|coming)\\s+)?${WEEKDAYS}\\b`, "g");
const SPOKEN_TIME_RE = new RegExp(
  `\\b(?:(quarter past|half past|quarter to)\\s+)?${NUM_RE}(?:\\s+o'clock)?\\s+(?:in the\\s+)?(morning|afternoon|evening|at night|tonight)\\b`,
  "g",
);
const COUNT_RE = new RegExp(`\\b${NUM_RE}\\s+(?:more\\s+)?([a-z]+)\\b`, "g");
const PARTY_RE = new RegExp(
  `\\b(?:(?:party|group|table|family)\\s+(?:of|for)|for)\\s+${NUM_RE}(?:\\s+of us)?\\b(?!\\s*(?::|am|pm|dollars|\\d|nights|days|weeks))`,
  "g",
);
const AMOUNT_RE =
  /(?:([$€£])\s?(\d[\d,]*(?:\.\d{1,2})?)|\b(\d[\d,]*(?:\.\d{1,2})?)\s?(dollars|bucks|usd|euros?|eur|pounds|gbp)\b)/g;
const OF_US_RE = new RegExp(`\\b${NUM_RE}\\s+of us\\b`, "g");

/** Every typed value of `text` (already capped by the caller), in text order, spans disjoint. */
export function findTypedValues(text: string): TypedValue[] {
  const lower = text.toLowerCase();
  const found: TypedValue[] = [];
  const taken = new Uint8Array(text.length);
  const take = (start: number, end: number, attribute: string, value: string) => {
    for (let k = start; k < end; k++) if (taken[k] === 1) return;
    taken.fill(1, start, end);
    found.push({ attribute, value, start, end });
  };
  const digits = HAS_DIGIT.test(lower);
  if (digits) {
    for (const m of lower.matchAll(ADDRESS_RE)) {
      const street = text
        .slice(m.index + m[1]!.length, m.index + m[0].length)
        .trim()
        .split(/\s+/)
        .slice(0, -1)
        .map(titleCase)
        .join(" ");
      take(m.index, m.index + m[0].length, "address", `${m[1]} ${street} ${STREET_SUFFIX[m[3]!]}`);
    }
  }
  dates(lower, digits, take);
  times(lower, digits, take);
  if (digits) {
    for (const m of lower.matchAll(AMOUNT_RE)) {
      const symbol = m[1] ?? currencySymbol(m[4]!);
      take(m.index, m.index + m[0].length, "amount", `${symbol}${(m[2] ?? m[3])!.replace(/,/g, "")}`);
    }
  }
  if (HAS_NUMBER_WORD.test(lower)) counts(lower, take);
  cueValues(lower, take);
  if (HAS_CAPITAL_AFTER_START.test(text)) placeNames(text, take);
  return found.sort((x, y) => x.start - y.start);
}

type Take = (start: number, end: number, attribute: string, value: string) => void;

function dates(lower: string, digits: boolean, take: Take): void {
  if (lower.includes("day")) {
    for (const m of lower.matchAll(WEEKDAY_RE))
      take(
        m.index,
        m.index + m[0].length,
        "date",
        m[1] === "next" ? `next ${titleCase(m[2]!)}` : titleCase(m[2]!),
      );
  }
  for (const m of lower.matchAll(/\b(today|tomorrow|tonight|the day after tomorrow)\b/g))
    take(m.index, m.index + m[0].length, "date", m[1]!);
  if (!digits) return;
  for (const m of lower.matchAll(DAY_MONTH_RE))
    take(m.index, m.index + m[0].length, "date", dateText(m[2]!, Number(m[1]), m[3]));
  for (const m of lower.matchAll(MONTH_DAY_RE)) {
    // "may 3" is a date only as "May 3rd" or "on May 3" (else it is the verb)
    if (
      m[1] === "may" &&
      !/\d(st|nd|rd|th)/.test(m[0]) &&
      !/\bon\s+$/.test(lower.slice(Math.max(0, m.index - 4), m.index))
    )
      continue;
    take(m.index, m.index + m[0].length, "date", dateText(m[1]!, Number(m[2]), m[3]));
  }
  for (const m of lower.matchAll(/\b(\d{4})-(\d{2})-(\d{2})\b/g))
    take(
      m.index,
      m.index + m[0].length,
      "date",
      dateText(MONTHS[Number(m[2]) - 1] ?? "", Number(m[3]), m[1]),
    );
}

function dateText(month: string, day: number, year: string | undefined): string {
  const index = MONTHS.findIndex((name) => name.startsWith(month.replace(".", "").slice(0, 3)));
  if (index < 0 || day < 1 || day > 31) return `${month} ${day}`;
  return `${titleCase(MONTHS[index]!)} ${day}${year ? `, ${year}` : ""}`;
}

function times(lower: string, digits: boolean, take: Take): void {
  if (digits) {
    for (const m of lower.matchAll(/\b(\d{1,2})(?::([0-5]\d))?\s?(a\.?m\.?|p\.?m\.?)(?![a-z])/g))
      take(m.index, m.index + m[0].length, "time", clock(Number(m[1]), Number(m[2] ?? 0), m[3]![0]!));
    for (const m of lower.matchAll(/\b([01]?\d|2[0-3]):([0-5]\d)\b/g))
      take(m.index, m.index + m[0].length, "time", clock(Number(m[1]), Number(m[2]), ""));
  }
  if (HAS_DAY_PERIOD.test(lower)) {
    for (const m of lower.matchAll(SPOKEN_TIME_RE)) {
      const hour = numberOf(m[2]!);
      if (hour === undefined || hour > 12) continue;
      const offset = m[1] ? HALF_CLOCK[m[1]]! : 0;
      const pm = m[3] !== "morning";
      const h = (hour % 12) + (pm ? 12 : 0) + (offset < 0 ? -1 : 0);
      take(m.index, m.index + m[0].length, "time", hhmm(h, (offset + 60) % 60));
    }
  }
  timesOfDay(lower, take);
}

function timesOfDay(lower: string, take: Take): void {
  for (const m of lower.matchAll(/\b(noon|midday|midnight)\b/g))
    take(m.index, m.index + m[0].length, "time", m[1] === "midnight" ? "00:00" : "12:00");
}

function clock(hour: number, minute: number, half: string): string {
  let h = hour;
  if (half === "p" && h < 12) h += 12;
  if (half === "a" && h === 12) h = 0;
  return hhmm(h, minute);
}

function hhmm(hour: number, minute: number): string {
  return `${hour < 10 ? "0" : ""}${hour}:${minute < 10 ? "0" : ""}${minute}`;
}

function counts(lower: string, take: Take): void {
  for (const m of lower.matchAll(COUNT_RE)) {
    const noun = m[2]!;
    const n = numberOf(m[1]!);
    if (n !== undefined && (COUNT_NOUNS.has(noun) || COUNT_NOUNS.has(`${noun}s`)))
      take(m.index, m.index + m[0].length, noun.endsWith("s") ? noun : `${noun}s`, String(n));
  }
  for (const m of lower.matchAll(PARTY_RE)) {
    const n = numberOf(m[1]!);
    if (n !== undefined) take(m.index, m.index + m[0].length, "people", String(n));
  }
  for (const m of lower.matchAll(OF_US_RE)) {
    const n = numberOf(m[1]!);
    if (n !== undefined) take(m.index, m.index + m[0].length, "people", String(n));
  }
}

function cueValues(lower: string, take: Take): void {
  // the noun is matched by lookahead so that every pair of adjacent words is tried
  for (const m of lower.matchAll(/\b([a-z][a-z-]*)\s+(?=([a-z]+)\b)/g)) {
    const [word, noun] = [m[1]!, m[2]!];
    if (!CUE_NOUNS.has(noun) || EMPTY_MODIFIERS.has(word) || word.length < 3 || /ing$|ly$/.test(word))
      continue;
    take(m.index, m.index + m[0].length + noun.length, noun, word);
  }
}

/** "to Boston", "in New Orleans", "with Tom": a capitalised name after a place preposition. */
function placeNames(text: string, take: Take): void {
  for (const m of text.matchAll(
    /\b([a-z]+)\s+((?:[A-Z][a-zA-Z'.-]*)(?:\s+(?:[A-Z][a-zA-Z'.-]*|of|de|the)){0,3})/g,
  )) {
    const preposition = m[1]!;
    if (!PLACE_PREPOSITIONS.has(preposition)) continue;
    const name = m[2]!.replace(/\s+(of|de|the)$/, "").replace(/[.]$/, "");
    const start = m.index + m[0].length - m[2]!.length;
    take(start, start + name.length, preposition, name);
  }
}

function numberOf(word: string): number | undefined {
  const n = /^\d+$/.test(word) ? Number(word) : NUMBER_WORDS[word];
  return n !== undefined && n > 0 ? n : undefined;
}

function currencySymbol(word: string): string {
  if (word.startsWith("eur")) return "€";
  if (word === "pounds" || word === "gbp") return "£";
  return "$";
}

function titleCase(word: string): string {
  return word.length > 0 ? word[0]!.toUpperCase() + word.slice(1) : word;
}
