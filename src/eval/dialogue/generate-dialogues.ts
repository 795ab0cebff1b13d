/**
 * @module eval/dialogue/generate-dialogues
 * Seeded generator of multi-domain task dialogues. A dialogue visits one to three services in
 * turn; each visit opens with a request (first turn, or a switch mid-dialogue: "I'll also need a
 * place to stay there"), the assistant asks for what is missing, offers something found ("How
 * about Blue Fin? Would you like a table at 7 pm?"), confirms and reports. Users answer with
 * bare values ("The 12th of March."), accept with domain-free words ("Yes, please."), reject
 * offers, change their mind ("Actually, make it four.") and end with "No, thank you." Values
 * the user gave for one service are often reused by the next without being repeated ("there").
 *
 * Every user turn carries its gold domain (the service being served); the first user turn of
 * every visit after the first is a real switch, annotated with the slot values established
 * before it (the final value of each slot: a changed value replaces the older one).
 */
import { createPrng, type Prng } from "../../util/random.js";
import type { DomainSpec, SlotSpec } from "./domain-spec.js";
import { DIALOGUE_DOMAINS } from "./domains.js";
import { type SlotValue, say } from "./slot-values.js";

/** One exchange: a user turn and the assistant's reply to it. */
export interface DialogueTurn {
  user: string;
  assistant: string;
  /** gold domain (task type id) of the user turn. */
  domain: string;
  /** whether this user turn moves the dialogue to another service. */
  switched: boolean;
  /** on a switch: the slot values established in earlier turns. */
  earlierValues: SlotValue[];
}

/** A generated dialogue. */
export interface Dialogue {
  id: string;
  /** services visited, in order. */
  domains: string[];
  turns: DialogueTurn[];
}

/** Options of {@link generateDialogues}. */
export interface DialogueOptions {
  dialogues: number;
  seed: number;
  /** services to draw from (default: all 18). */
  domains?: readonly DomainSpec[];
}

const ACCEPT = [
  "Yes, please.",
  "Yes, that's right.",
  "Sure.",
  "That works for me.",
  "Sounds good.",
  "Perfect, thanks.",
  "Yes.",
  "Yeah, go ahead.",
  "Okay.",
  "That's fine.",
  "Great, let's do that.",
];
const REJECT = [
  "Hmm, is there anything else?",
  "Something else, please.",
  "Do you have any other options?",
  "No, not that one.",
  "I'd rather not, what else is there?",
];
const CLOSE = [
  "No, thank you.",
  "No, that's all.",
  "That's everything, thanks.",
  "No, I'm good.",
  "Nope, that will be all.",
  "Not right now, thanks.",
];
const ANYTHING_ELSE = [
  "Is there anything else I can help you with?",
  "Anything else?",
  "Can I help with anything else?",
  "Is there something else you need?",
];
const GOODBYE = ["You're welcome. Have a great day!", "Glad I could help. Goodbye!", "Enjoy your day!"];
const SWITCH_PREFIX = ["", "", "Yes. ", "Yes, one more thing. ", "Actually, ", "Great. ", "Thanks. "];
const CHANGE = [
  "Actually, make it {v} instead.",
  "Sorry, can we change that to {v}?",
  "Wait, I meant {v}.",
  "Could you do {v} instead?",
];
const BARE_ANSWER = ["{v}.", "{v}, please."];
const GO_AHEAD = ["Shall I go ahead?", "Should I book it?", "Is that correct?"];
// Share of dialogues visiting 1, 2 and 3 services.
const VISITS = [0.3, 0.45, 0.25];
// A slot a later service shares with an earlier one is reused without being said this often.
const INHERIT = 0.7;

/** Generates `dialogues` dialogues, deterministically for a seed. */
export function generateDialogues(options: DialogueOptions): Dialogue[] {
  const domains = options.domains ?? DIALOGUE_DOMAINS;
  const rng = createPrng(options.seed);
  return Array.from({ length: options.dialogues }, (_, i) => generateDialogue(`d${i}`, domains, rng.fork(i)));
}

interface Utterance {
  role: "user" | "assistant";
  text: string;
}

function generateDialogue(id: string, domains: readonly DomainSpec[], rng: Prng): Dialogue {
  const visits = Math.min(domains.length, rng.weighted(VISITS) + 1);
  const chosen = rng.shuffle(domains).slice(0, visits);
  const turns: DialogueTurn[] = [];
  const earlier = new Map<string, SlotValue>(); // slot name → latest value, across visits
  chosen.forEach((domain, v) => {
    const carried = [...new Set(earlier.values())];
    const utterances = visit(domain, v === 0, earlier, rng);
    for (let k = 0; k < utterances.length; k += 2) {
      const user = utterances[k]!;
      const reply = utterances[k + 1];
      turns.push({
        user: user.text,
        assistant: reply?.text ?? "",
        domain: domain.id,
        switched: v > 0 && k === 0,
        earlierValues: v > 0 && k === 0 ? carried : [],
      });
    }
  });
  const last = turns[turns.length - 1]!;
  turns.push({
    user: rng.pick(CLOSE),
    assistant: rng.pick(GOODBYE),
    domain: last.domain,
    switched: false,
    earlierValues: [],
  });
  return { id, domains: chosen.map((d) => d.id), turns };
}

/**
 * One visit to a service: user and assistant utterances alternating, starting with the user and
 * ending with the assistant's "anything else?". Records the visit's values in `earlier`.
 */
function visit(domain: DomainSpec, first: boolean, earlier: Map<string, SlotValue>, rng: Prng): Utterance[] {
  const values = new Map<string, SlotValue>();
  const byName = new Map<string, SlotSpec>(domain.slots.map((s) => [s.name, s]));
  byName.set(domain.item.name, domain.item);
  if (!first) {
    for (const slot of domain.slots) {
      const old = earlier.get(slot.name);
      if (old !== undefined && !slot.offered && rng.chance(INHERIT)) values.set(slot.name, old);
    }
  }
  const fill = (template: string) => fillTemplate(template, values, byName, rng);
  const out: Utterance[] = [];
  const user = (text: string) => out.push({ role: "user", text });
  const assistant = (text: string) => out.push({ role: "assistant", text });
  const opener = fill(rng.pick(first ? domain.openers : domain.switchIns));
  user(first ? opener : rng.pick(SWITCH_PREFIX) + opener);
  for (const slot of domain.slots) {
    if (slot.offered || values.has(slot.name)) continue;
    assistant(rng.pick(slot.ask));
    const value = slot.make(rng);
    values.set(slot.name, value);
    user(capitalise(rng.pick([...slot.answer, ...BARE_ANSWER]).replace("{v}", say(value, rng))));
  }
  offer(domain, values, byName, rng, out);
  if (domain.confirms.length > 0) confirm(domain, values, byName, rng, out);
  else {
    user(rng.pick(ACCEPT));
  }
  assistant(`${fill(rng.pick(domain.done))} ${rng.pick(ANYTHING_ELSE)}`);
  for (const [name, value] of values) earlier.set(name, value);
  return out;
}

function offer(
  domain: DomainSpec,
  values: Map<string, SlotValue>,
  byName: Map<string, SlotSpec>,
  rng: Prng,
  out: Utterance[],
): void {
  const fill = (template: string) => fillTemplate(template, values, byName, rng);
  out.push({ role: "assistant", text: fill(rng.pick(domain.offers)) });
  const roll = rng.next();
  if (roll < 0.15) {
    // rejected: a new item and newly offered values
    out.push({ role: "user", text: rng.pick(REJECT) });
    values.delete(domain.item.name);
    for (const slot of domain.slots) if (slot.offered) values.delete(slot.name);
    out.push({ role: "assistant", text: fill(rng.pick(domain.offers)) });
  } else if (roll < 0.3 && domain.followUps.length > 0) {
    const [question, answer] = rng.pick(domain.followUps);
    out.push({ role: "user", text: fill(question) });
    out.push({ role: "assistant", text: `${fill(answer)} ${rng.pick(GO_AHEAD)}` });
  }
}

function confirm(
  domain: DomainSpec,
  values: Map<string, SlotValue>,
  byName: Map<string, SlotSpec>,
  rng: Prng,
  out: Utterance[],
): void {
  const fill = (template: string) => fillTemplate(template, values, byName, rng);
  out.push({ role: "user", text: rng.pick(ACCEPT) });
  const template = rng.pick(domain.confirms);
  const withQuestion = (text: string) => (text.endsWith("?") ? text : `${text} ${rng.pick(GO_AHEAD)}`);
  out.push({ role: "assistant", text: withQuestion(fill(template)) });
  const changeable = domain.slots.filter(
    (s) => !s.offered && values.has(s.name) && template.includes(`{${s.name}}`),
  );
  if (changeable.length > 0 && rng.chance(0.15)) {
    const slot = rng.pick(changeable);
    let value = slot.make(rng);
    for (let tries = 0; tries < 5 && value.canonical === values.get(slot.name)!.canonical; tries++)
      value = slot.make(rng);
    values.set(slot.name, value);
    out.push({ role: "user", text: capitalise(rng.pick(CHANGE).replace("{v}", say(value, rng))) });
    out.push({ role: "assistant", text: withQuestion(`Updated. ${fill(template)}`) });
  }
  out.push({ role: "user", text: rng.pick(ACCEPT) });
}

/** Replaces each "{slot}" by one way of saying its value, drawing values not yet set. */
function fillTemplate(
  template: string,
  values: Map<string, SlotValue>,
  byName: Map<string, SlotSpec>,
  rng: Prng,
): string {
  const text = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    let value = values.get(name);
    if (value === undefined) {
      const slot = byName.get(name);
      if (slot === undefined) throw new Error(`dialogue grammar: unknown slot {${name}} in "${template}"`);
      value = slot.make(rng);
      values.set(name, value);
    }
    return say(value, rng);
  });
  return capitalise(text);
}

function capitalise(text: string): string {
  return /^[a-z]/.test(text) ? text[0]!.toUpperCase() + text.slice(1) : text;
}
