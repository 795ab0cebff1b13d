/**
 * @module state/fact-ledger
 * The facts established so far in a conversation, as carried by the handoff packet (SPEC §3,
 * issue 11 item 4). Facts are keyed by entity and attribute:
 * - a restated fact is one fact (sentences by normalised text, values by entity, attribute and
 *   normalised value: "the 12th of March" and "March 12" are one date);
 * - a changed value supersedes the old one and says so ("people: 4 (changed from 2)"): a
 *   sentence about the same subject and single-valued attribute ("Lyon-Depot holds 55 units"),
 *   a user's correction ("Actually, make it four"), a new value for a named entity's attribute;
 * - values the assistant offers in a question are proposed ("time: 19:00 (proposed)") until the
 *   user accepts them ("Yes, please.") — a rejection drops them;
 * - acknowledgements are never facts;
 * - {@link FactLedger.select} fills a packet by relevance to the turn within a token budget.
 * Past the cap, proposed facts go first, then the oldest.
 */

import { isAcceptance, isRejection } from "./dialogue-acts.js";
import { cleanFact, dedupKey, normaliseFact, slotOf } from "./fact-keys.js";
import { IMPERATIVE_VERBS, STOP_WORDS } from "./lexicon.js";
import type { TextAnalysis } from "./text-analysis.js";
import { extractTurnFacts, type Speaker, type ValueFact } from "./turn-facts.js";

export { normaliseFact } from "./fact-keys.js";

/** Caps of a {@link FactLedger}. */
export interface FactLedgerOptions {
  /** entities kept at most (default: the fact cap). */
  maxEntities?: number;
  /** characters of a text read for facts at most (longer texts are cut; default 4,000). */
  maxChars?: number;
}

interface Entry {
  text: string;
  /** single-valued slot ("subject|attribute") a newer value supersedes, or null. */
  slot: string | null;
  /** value facts: attribute and value; null for sentences. */
  value: { entity: string; attribute: string; value: string } | null;
  proposed: boolean;
  previous: string | null;
  /** ingest order of the last mention. */
  seq: number;
  /** stated by the assistant (not the user): never supersedes a user's value, evicted first. */
  byAssistant: boolean;
}

const DEFAULT_MAX_CHARS = 4000;
// Glued names in lower-cased fact texts ("lyon-depot", "sku-1182"): what a second hop follows.
const NAME_RE = /[a-z0-9]+(?:[-_][a-z0-9]+)+/g;
// A rendered value fact: "attribute: value", optionally "(proposed)" or "(changed from …)".
const VALUE_FACT_RE = /^([a-z][a-z -]{0,23}): (.+?)(?: \((proposed|changed from (.+))\))?$/;

/** Ordered, keyed, capped facts and entities of one conversation. */
export class FactLedger {
  private readonly entries = new Map<string, Entry>();
  private readonly slots = new Map<string, string>();
  private readonly entityList = new Map<string, string>();
  private readonly maxEntities: number;
  /** characters of a text read for facts at most (`handoff.maxFactChars`). */
  readonly maxChars: number;
  private seq = 0;
  /** the assistant's last question and the keys it proposed, until the user answers. */
  private lastQuestion: string | null = null;
  private proposals: string[] = [];

  constructor(
    readonly maxFacts: number,
    options: FactLedgerOptions = {},
  ) {
    this.maxEntities = options.maxEntities ?? maxFacts;
    this.maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  }

  /** Facts held. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Records a fact sentence (or a rendered value fact, "date: March 12"). Returns false for an
   * empty fact or one already held (kept in place, as the latest mention); a fact superseding an
   * older one about the same subject and attribute is appended and the older one dropped.
   */
  add(fact: string, speaker?: Speaker): boolean {
    const byAssistant = speaker === "assistant";
    const text = normaliseFact(fact);
    if (text.length === 0) return false;
    const parsed = VALUE_FACT_RE.exec(text);
    if (parsed)
      return this.addValue(
        {
          entity: "",
          attribute: parsed[1]!,
          value: parsed[2]!,
          proposed: parsed[3] === "proposed",
          correction: false,
        },
        parsed[4] ?? null,
        byAssistant,
      );
    const clean = cleanFact(text);
    // an instruction behind a preamble ("As stated in the memo, plan the merge: work out …")
    if (clean !== text && IMPERATIVE_VERBS.has(clean.slice(0, clean.indexOf(" ")).toLowerCase()))
      return false;
    const key = dedupKey(clean);
    const held = this.entries.get(key);
    if (held) {
      held.seq = ++this.seq;
      return false;
    }
    const slot = slotOf(key);
    const older = slot === null ? undefined : this.slots.get(slot);
    if (older !== undefined) {
      // the user's word about their own facts outranks an answer restating them differently
      if (byAssistant && this.entries.get(older)?.byAssistant === false) return false;
      this.remove(older);
    }
    this.insert(key, {
      text: clean,
      slot,
      value: null,
      proposed: false,
      previous: null,
      seq: ++this.seq,
      byAssistant,
    });
    return true;
  }

  /**
   * Records an entity (distinct by lower case, first spelling kept); the oldest is dropped past
   * the cap. Returns whether it was new.
   */
  addEntity(entity: string): boolean {
    const surface = normaliseFact(entity);
    const key = surface.toLowerCase();
    if (surface.length === 0 || this.entityList.has(key)) return false;
    this.entityList.set(key, surface);
    if (this.entityList.size > this.maxEntities) this.entityList.delete(this.entityList.keys().next().value!);
    return true;
  }

  /**
   * Extracts the facts and entities of `text` — said by `speaker` ("user" or "assistant"; plain
   * text when omitted) — and records them; `analysis`, a non-NER analysis of `text` made
   * earlier, saves analysing it again. Returns those that were new to the ledger.
   */
  ingest(text: string, analysis?: TextAnalysis, speaker?: Speaker): { facts: string[]; entities: string[] } {
    const capped = text.length > this.maxChars ? text.slice(0, this.maxChars) : text;
    const before = new Set(this.entries.keys());
    if (speaker === "user") this.settleProposals(capped);
    const turn = extractTurnFacts(
      capped,
      speaker,
      speaker === "user" ? this.lastQuestion : null,
      capped === text ? analysis : undefined,
    );
    for (const sentence of turn.sentences) this.add(sentence, speaker);
    const proposed: string[] = [];
    for (const value of turn.values) {
      // a bare name already part of a held fact adds nothing
      if (value.attribute === "name" && !value.proposed && this.mentions(value.value)) continue;
      this.addValue(value, null, speaker === "assistant");
      if (value.proposed) proposed.push(valueKey(value));
    }
    if (speaker === "assistant") {
      this.lastQuestion = turn.question;
      this.proposals = proposed;
    } else if (speaker === "user") this.lastQuestion = null;
    const facts: string[] = [];
    for (const [key, entry] of this.entries) if (!before.has(key)) facts.push(entry.text);
    const entities = turn.entities.filter((entity) => this.addEntity(entity));
    return { facts, entities };
  }

  /** Whether an equivalent fact is held. */
  has(fact: string): boolean {
    const text = normaliseFact(fact);
    const parsed = VALUE_FACT_RE.exec(text);
    return this.entries.has(
      parsed ? valueKey({ entity: "", attribute: parsed[1]!, value: parsed[2]! }) : dedupKey(cleanFact(text)),
    );
  }

  /** The facts, oldest first (a new array). */
  facts(): string[] {
    return [...this.entries.values()].map((entry) => entry.text);
  }

  /**
   * The facts most relevant to `focus` (the turn being handed over) that fit in `budgetTokens`
   * (≈ 4 characters a token), in ledger order. Relevance: words and entities shared with the
   * focus, then recency; established facts before proposed ones.
   */
  select(budgetTokens: number, focus = ""): string[] {
    const entries = [...this.entries.values()];
    const texts = entries.map((entry) => entry.text.toLowerCase());
    const weights = termWeights(focusTerms(focus, this.entities()), texts);
    // one hop further: names in the facts that match the focus ("X supplies Y" for Y) count too
    const hop = new Set<string>();
    texts.forEach((text) => {
      if (relevance(text, weights) > 0)
        for (const name of text.match(NAME_RE) ?? []) if (!weights.has(name)) hop.add(name);
    });
    for (const [term, weight] of termWeights(hop, texts)) weights.set(term, weight / 2);
    const scored = entries.map((entry, order) => ({
      order,
      entry,
      score: relevance(texts[order]!, weights) + entry.seq / (this.seq + 1) - (entry.proposed ? 0.5 : 0),
    }));
    scored.sort((x, y) => y.score - x.score);
    const chosen: typeof scored = [];
    let left = budgetTokens;
    for (const item of scored) {
      const cost = tokensOf(item.entry.text);
      if (cost > left) continue;
      chosen.push(item);
      left -= cost;
    }
    return chosen.sort((x, y) => x.order - y.order).map((item) => item.entry.text);
  }

  /** The entities, first mentioned first (a new array). */
  entities(): string[] {
    return [...this.entityList.values()];
  }

  /** Forgets everything. */
  clear(): void {
    this.entries.clear();
    this.slots.clear();
    this.entityList.clear();
    this.lastQuestion = null;
    this.proposals = [];
  }

  /** Plain data for persistence. */
  toJSON(): { facts: string[]; entities: string[] } {
    return { facts: this.facts(), entities: this.entities() };
  }

  /** A ledger holding `data` (as produced by {@link toJSON}). */
  static fromJSON(
    data: { facts?: string[]; entities?: string[] },
    maxFacts: number,
    options: FactLedgerOptions = {},
  ): FactLedger {
    const ledger = new FactLedger(maxFacts, options);
    for (const fact of data.facts ?? []) ledger.add(fact);
    for (const entity of data.entities ?? []) ledger.addEntity(entity);
    return ledger;
  }

  /** A user's answer to the assistant's offers: acceptance establishes them, rejection drops them. */
  private settleProposals(userText: string): void {
    if (this.proposals.length === 0) return;
    const accepted = isAcceptance(userText);
    const rejected = !accepted && isRejection(userText);
    if (accepted || rejected) {
      for (const key of this.proposals) {
        const entry = this.entries.get(key);
        if (entry === undefined || !entry.proposed) continue;
        if (rejected) this.remove(key);
        else {
          entry.proposed = false;
          entry.text = render(entry.value!, false, entry.previous);
        }
      }
    }
    this.proposals = [];
  }

  private addValue(
    fact: Omit<ValueFact, "entity"> & { entity: string },
    previous: string | null,
    byAssistant = false,
  ): boolean {
    const key = valueKey(fact);
    const held = this.entries.get(key);
    if (held) {
      held.seq = ++this.seq;
      if (held.proposed && !fact.proposed) {
        held.proposed = false;
        held.text = render(held.value!, false, held.previous);
      }
      return false;
    }
    const slot =
      fact.entity !== "" || fact.correction ? `${fact.entity.toLowerCase()}|${fact.attribute}` : null;
    let replaced = previous;
    const older =
      slot === null
        ? undefined
        : (this.slots.get(slot) ?? (fact.correction ? this.latestWith(fact.attribute) : undefined));
    if (older !== undefined && older !== key) {
      // an answer's value never replaces the user's (a proposal is an answer's own: it may)
      const held = this.entries.get(older);
      if (byAssistant && !fact.proposed && held !== undefined && !held.byAssistant && !held.proposed)
        return false;
      replaced = this.entries.get(older)?.value?.value ?? replaced;
      this.remove(older);
    }
    const value = { entity: fact.entity, attribute: fact.attribute, value: fact.value };
    this.insert(key, {
      text: render(value, fact.proposed, replaced),
      slot,
      value,
      proposed: fact.proposed,
      previous: replaced,
      seq: ++this.seq,
      byAssistant,
    });
    return true;
  }

  /** Whether a held fact's text mentions `name`. */
  private mentions(name: string): boolean {
    const lower = name.toLowerCase();
    for (const entry of this.entries.values()) if (entry.text.toLowerCase().includes(lower)) return true;
    return false;
  }

  /** Key of the most recent value fact with `attribute`, if any. */
  private latestWith(attribute: string): string | undefined {
    let found: string | undefined;
    let seq = -1;
    for (const [key, entry] of this.entries) {
      if (entry.value?.attribute === attribute && entry.seq > seq) {
        found = key;
        seq = entry.seq;
      }
    }
    return found;
  }

  private insert(key: string, entry: Entry): void {
    this.entries.set(key, entry);
    if (entry.slot !== null) this.slots.set(entry.slot, key);
    while (this.entries.size > this.maxFacts) this.remove(this.evictable());
  }

  /** The oldest proposed fact, else the oldest the assistant stated, else the oldest fact. */
  private evictable(): string {
    for (const [key, entry] of this.entries) if (entry.proposed) return key;
    for (const [key, entry] of this.entries) if (entry.byAssistant) return key;
    return this.entries.keys().next().value!;
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    if (entry.slot !== null && this.slots.get(entry.slot) === key) this.slots.delete(entry.slot);
  }
}

function valueKey(v: { entity: string; attribute: string; value: string }): string {
  return `\u0000${v.entity.toLowerCase()}|${v.attribute}|${v.value.toLowerCase()}`;
}

function render(
  v: { entity: string; attribute: string; value: string },
  proposed: boolean,
  previous: string | null,
): string {
  const head = `${v.entity === "" ? "" : `${v.entity} `}${v.attribute}: ${v.value}`;
  if (proposed) return `${head} (proposed)`;
  return previous !== null && previous.toLowerCase() !== v.value.toLowerCase()
    ? `${head} (changed from ${previous})`
    : head;
}

function focusTerms(focus: string, entities: readonly string[]): Set<string> {
  const terms = new Set<string>();
  const lower = focus.toLowerCase();
  for (const word of lower.match(/[a-z0-9$][a-z0-9$:.-]*/g) ?? [])
    if (word.length > 2 && !STOP_WORDS.has(word)) terms.add(word.replace(/[.]$/, ""));
  for (const entity of entities) if (lower.includes(entity.toLowerCase())) terms.add(entity.toLowerCase());
  return terms;
}

/** Each focus term weighted by its rarity among the facts (a name beats "price"); absent terms dropped. */
function termWeights(terms: ReadonlySet<string>, texts: readonly string[]): Map<string, number> {
  const weights = new Map<string, number>();
  for (const term of terms) {
    let df = 0;
    for (const text of texts) if (text.includes(term)) df++;
    if (df > 0) weights.set(term, Math.log(1 + texts.length / df));
  }
  return weights;
}

function relevance(text: string, weights: ReadonlyMap<string, number>): number {
  let score = 0;
  for (const [term, weight] of weights) if (text.includes(term)) score += weight;
  return score;
}

function tokensOf(text: string): number {
  return Math.ceil(text.length / 4) + 1;
}
