/**
 * @module eval/dialogue/common-slots
 * Slots shared by several services (a city, a date, a time, a number of people), with the
 * domain-neutral ways assistants ask for them and users answer.
 */
import type { SlotSpec } from "./domain-spec.js";
import { countValue, dateValue, dayValue, nameValue, timeValue } from "./slot-values.js";
import { CITIES } from "./value-pools.js";

/** A city, under a slot name (city, origin, destination). */
export function citySlot(name = "city", ask?: string[]): SlotSpec {
  return {
    name,
    make: (rng) => nameValue(rng, CITIES),
    ask: ask ?? ["Which city?", "In which city?", "What city should I look in?", "Where would that be?"],
    answer: ["In {v}.", "{v}, please.", "Somewhere in {v}.", "I'll be in {v}.", "{v}."],
  };
}

/** A calendar date. */
export function dateSlot(name = "date", ask?: string[]): SlotSpec {
  return {
    name,
    make: dateValue,
    ask: ask ?? ["What date?", "For which day?", "When would that be?", "Which date are you thinking of?"],
    answer: ["On {v}.", "{v}.", "It's for {v}.", "Let's say {v}.", "{v}, if possible."],
  };
}

/** A relative day ("next Friday"). */
export function daySlot(name = "day", ask?: string[]): SlotSpec {
  return {
    name,
    make: dayValue,
    ask: ask ?? ["For which day?", "When?", "What day did you have in mind?"],
    answer: ["{v}.", "For {v}.", "{v}, please."],
  };
}

/** A time of day. */
export function timeSlot(name = "time", ask?: string[], offered = false): SlotSpec {
  return {
    name,
    make: (rng) => timeValue(rng),
    ask: ask ?? ["What time?", "At what time?", "Do you have a time in mind?", "When should it be?"],
    answer: ["At {v}.", "Around {v}.", "{v} works best.", "{v}, please.", "Make it {v}."],
    ...(offered ? { offered } : {}),
  };
}

/** A number of people, tickets or nights. */
export function countSlot(name: string, ask: string[], answer: string[], max = 6): SlotSpec {
  return { name, make: (rng) => countValue(rng, 1, max), ask, answer };
}
