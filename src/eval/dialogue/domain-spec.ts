/**
 * @module eval/dialogue/domain-spec
 * The grammar of one service domain of the dialogue workload: the service's public declaration
 * (description and a few example utterances — what a deployment would declare as a task type),
 * and the private grammar the generator draws dialogues from: how users open a request or turn
 * to this service mid-dialogue, the slots the service needs (asked by the assistant, answered by
 * the user), what the assistant offers, confirms and reports. Templates name slots in braces:
 * "{date}" is replaced by one way of saying the slot's value.
 */
import type { Prng } from "../../util/random.js";
import type { SlotValue } from "./slot-values.js";

/** A slot of a service. */
export interface SlotSpec {
  /** slot name, shared across services for the same notion (city, date, time…). */
  name: string;
  /** draws a value. */
  make: (rng: Prng) => SlotValue;
  /** assistant questions asking for it. */
  ask: string[];
  /** user answers giving it ("{v}" is the value); generic value-only answers are added. */
  answer: string[];
  /** true when the assistant proposes the value (in an offer) instead of asking for it. */
  offered?: boolean;
}

/** One service domain. */
export interface DomainSpec {
  /** task type id. */
  id: string;
  /** the service's description, as declared to the router. */
  description: string;
  /** a few example utterances, as declared to the router. */
  examples: string[];
  /** first user turns of a dialogue that starts with this service. */
  openers: string[];
  /** user turns that move to this service from another one mid-dialogue. */
  switchIns: string[];
  /** slots the user provides (asked for when missing) and slots the assistant offers. */
  slots: SlotSpec[];
  /** the thing the assistant finds and offers (a restaurant, a flight, a song). */
  item: SlotSpec;
  /** assistant offers of `{item}`, ending with a question. */
  offers: string[];
  /** assistant confirmations before acting ("Please confirm…"); empty for look-up services. */
  confirms: string[];
  /** assistant reports once done. */
  done: string[];
  /** user follow-up questions with the assistant's answers. */
  followUps: [string, string][];
}
