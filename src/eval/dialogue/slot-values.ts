/**
 * @module eval/dialogue/slot-values
 * Slot values of the multi-domain dialogue workload: dates, times, amounts, addresses, counts,
 * lower-case names (cuisines, genres, dishes, car types), titles and proper names — each with
 * several ways of saying it ("the 12th of March", "March 12", "12 March") so that a value is
 * mentioned differently by the user and by the assistant, as in real dialogue. `valueInFacts`
 * decides whether a value is present in a list of facts, accepting any standard written form.
 */
import type { Prng } from "../../util/random.js";

/** What kind of value a slot holds. */
export type SlotKind = "date" | "day" | "time" | "amount" | "address" | "count" | "lower" | "title" | "name";

/** One value: its kind, a canonical form and the ways of saying it. */
export interface SlotValue {
  kind: SlotKind;
  /** canonical form: "2026-03-12", "19:30", "250", "42 elm street", "4", or the lower-cased name. */
  canonical: string;
  /** ways of saying it; the first is the plainest. */
  forms: string[];
}

/** Month names, index 0 = January. */
export const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
const STREETS = [
  "Elm Street",
  "Market Street",
  "Oak Avenue",
  "Pine Road",
  "Maple Drive",
  "Cedar Lane",
  "Lake Boulevard",
  "Hill Street",
  "Mission Street",
  "Park Avenue",
  "Sunset Boulevard",
  "River Road",
];

/** The ordinal suffix of a day of the month. */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${["th", "st", "nd", "rd"][n % 10] ?? "th"}`;
}

/** A calendar date in 2026. */
export function dateValue(rng: Prng): SlotValue {
  const month = rng.int(0, 11);
  const day = rng.int(1, 28);
  const name = MONTHS[month]!;
  return {
    kind: "date",
    canonical: `2026-${pad(month + 1)}-${pad(day)}`,
    forms: [`${name} ${day}`, `the ${ordinal(day)} of ${name}`, `${name} ${ordinal(day)}`, `${day} ${name}`],
  };
}

/** A relative day ("next Friday", "tomorrow"). */
export function dayValue(rng: Prng): SlotValue {
  if (rng.chance(0.2)) return { kind: "day", canonical: "tomorrow", forms: ["tomorrow"] };
  const day = rng.pick(WEEKDAYS);
  return { kind: "day", canonical: day.toLowerCase(), forms: [`next ${day}`, `this ${day}`, day] };
}

/** A time of day, on the quarter hour. */
export function timeValue(rng: Prng, fromHour = 7, toHour = 21): SlotValue {
  const hour = rng.int(fromHour, toHour);
  const minute = rng.pick([0, 0, 15, 30, 45]);
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  const half = hour < 12 ? "am" : "pm";
  const clock = minute === 0 ? `${h12} ${half}` : `${h12}:${pad(minute)} ${half}`;
  const period = hour < 12 ? "in the morning" : hour < 18 ? "in the afternoon" : "in the evening";
  const spoken =
    minute === 0
      ? `${NUMBER_WORDS[h12] ?? h12} ${period}`
      : minute === 30
        ? `half past ${NUMBER_WORDS[h12] ?? h12} ${period}`
        : `${h12}:${pad(minute)} ${period}`;
  return {
    kind: "time",
    canonical: `${pad(hour)}:${pad(minute)}`,
    forms: [
      clock,
      clock.replace(" ", "").replace("am", "am").replace("pm", "pm"),
      spoken,
      `${pad(hour)}:${pad(minute)}`,
    ],
  };
}

/** An amount of money in dollars. */
export function amountValue(rng: Prng, min: number, max: number, cents = false): SlotValue {
  const whole = rng.int(min, max);
  const value = cents ? whole + rng.pick([0, 0.5, 0.25, 0.99]) : whole;
  const text = Number.isInteger(value) ? value.toLocaleString("en-US") : value.toFixed(2);
  const plain = Number.isInteger(value) ? String(value) : value.toFixed(2);
  return { kind: "amount", canonical: plain, forms: [`$${text}`, `${plain} dollars`, `$${plain}`] };
}

/** A street address. */
export function addressValue(rng: Prng): SlotValue {
  const number = rng.int(2, 1890);
  const street = rng.pick(STREETS);
  const short = street.replace("Street", "St").replace("Avenue", "Ave").replace("Boulevard", "Blvd");
  return {
    kind: "address",
    canonical: `${number} ${street}`.toLowerCase(),
    forms: [`${number} ${street}`, `${number} ${short}`],
  };
}

/** A small count (people, nights, tickets). */
export function countValue(rng: Prng, min = 1, max = 6): SlotValue {
  const n = rng.int(min, max);
  return { kind: "count", canonical: String(n), forms: [NUMBER_WORDS[n] ?? String(n), String(n)] };
}

/** A lower-case name (cuisine, genre, dish, car type…) from a pool. */
export function lowerValue(rng: Prng, pool: readonly string[]): SlotValue {
  const v = rng.pick(pool);
  return { kind: "lower", canonical: v, forms: [v] };
}

/** A title or proper name from a pool (kept as written). */
export function nameValue(rng: Prng, pool: readonly string[], kind: "title" | "name" = "name"): SlotValue {
  const v = rng.pick(pool);
  return { kind, canonical: v.toLowerCase(), forms: [v] };
}

/** One way of saying a value. */
export function say(value: SlotValue, rng: Prng): string {
  return rng.pick(value.forms);
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * Whether `value` is present in one of `facts` in any standard written form: its spoken forms;
 * for dates, the month and the day in one fact (or the ISO form); for times, a clock time equal
 * to it; for amounts and counts, the number; for addresses, the house number and street name.
 */
export function valueInFacts(value: SlotValue, facts: readonly string[]): boolean {
  for (const fact of facts) {
    const lower = fact.toLowerCase();
    if (value.forms.some((f) => lower.includes(f.toLowerCase())) || lower.includes(value.canonical))
      return true;
    if (matchesKind(value, lower)) return true;
  }
  return false;
}

function matchesKind(value: SlotValue, fact: string): boolean {
  switch (value.kind) {
    case "date": {
      const [, month, day] = value.canonical.split("-").map(Number);
      const name = MONTHS[month! - 1]!.toLowerCase();
      const dayRe = new RegExp(`(^|[^0-9])${day}(st|nd|rd|th)?([^0-9]|$)`);
      return (fact.includes(name) || fact.includes(name.slice(0, 3))) && dayRe.test(fact);
    }
    case "time":
      return clockTimes(fact).includes(value.canonical);
    case "amount":
    case "count":
      return numbersIn(fact).includes(Number(value.canonical));
    case "address": {
      const [number, street] = value.canonical.split(" ");
      return new RegExp(`(^|[^0-9])${number}([^0-9]|$)`).test(fact) && fact.includes(street!);
    }
    default:
      return false;
  }
}

/** Clock times ("7 pm", "7:30pm", "19:30") written in a text, as "HH:MM". */
export function clockTimes(text: string): string[] {
  const out: string[] = [];
  const re = /(\d{1,2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const minute = m[2];
    const half = m[3]?.[0];
    if (minute === undefined && half === undefined) continue;
    let hour = Number(m[1]);
    if (half === "p" && hour < 12) hour += 12;
    if (half === "a" && hour === 12) hour = 0;
    out.push(`${pad(hour)}:${minute ?? "00"}`);
  }
  return out;
}

function numbersIn(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/\d[\d,]*(?:\.\d+)?/g)) out.push(Number(m[0].replace(/,/g, "")));
  NUMBER_WORDS.forEach((w, n) => {
    if (new RegExp(`\\b${w}\\b`).test(text)) out.push(n);
  });
  return out;
}
