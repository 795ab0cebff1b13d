/**
 * @module state/turn-evidence
 * The classifier's per-turn bag of terms and set of cues, kept without per-turn maps: each
 * distinct term or cue string gets one slot per classifier, holding what the task and modality
 * scorers know about it (resolved once) and the counts of the current turn, which a turn stamp
 * invalidates instead of clearing. Terms and cues keep their order of first occurrence, so the
 * logits are summed in the same order as with a Map and a Set.
 */
import type { CategoryScorer, ScorerEntry } from "./category-scorer.js";
import { LEX, type Lexeme } from "./lexeme.js";
import type { TextAnalysis } from "./text-analysis.js";

interface Slot {
  readonly task: ScorerEntry;
  readonly modality: ScorerEntry | null;
  /** occurrences as a content term in the turn `termTurn`. */
  count: number;
  termTurn: number;
  /** turn in which the slot was last added as a cue. */
  cueTurn: number;
}

// Distinct strings seen by one classifier; past this the table starts afresh (bounded memory).
const SLOT_LIMIT = 16_384;

/** Terms (content stems and shape markers, with counts) and cues (stems and symbols) of a turn. */
export class TurnEvidence {
  private readonly slots = new Map<string, Slot>();
  // first stem → [second stem, phrase] of the two-word keywords of either scorer
  private readonly phrases = new Map<string, Array<readonly [string, string]>>();
  private readonly terms: Slot[] = [];
  private readonly cues: Slot[] = [];
  private termCount = 0;
  private cueCount = 0;
  private turn = 0;

  constructor(
    private readonly tasks: CategoryScorer,
    private readonly modalities: CategoryScorer | null,
  ) {
    for (const scorer of modalities === null ? [tasks] : [tasks, modalities]) {
      for (const phrase of scorer.phraseKeywords()) {
        const [first, second] = phrase.split(" ") as [string, string];
        const list = this.phrases.get(first) ?? [];
        if (!list.some(([, known]) => known === phrase)) list.push([second, phrase]);
        this.phrases.set(first, list);
      }
    }
  }

  /**
   * Collects the terms and cues of an analysed turn (replacing the previous turn's); returns the
   * number of word and number tokens.
   */
  collect(a: TextAnalysis, lexemes: readonly Lexeme[]): number {
    if (this.slots.size >= SLOT_LIMIT) this.slots.clear();
    this.turn++;
    this.termCount = 0;
    this.cueCount = 0;
    const { values, types, pos } = a;
    let words = 0;
    for (let i = 0; i < values.length; i++) {
      const type = types[i]!;
      if (type === "punctuation" || type === "symbol" || pos[i] === "PUNCT") {
        const value = values[i]!;
        this.addCue(this.slot(value));
        if (value === "?") this.addTerm(this.slot("#q"));
        else if ((lexemes[i]!.flags & LEX.codeSymbol) !== 0) this.addTerm(this.slot("#code"));
        continue;
      }
      if (type === "tabCRLF" || type === "spaces") continue;
      words++;
      if (type === "number") {
        const number = this.slot("#num");
        this.addCue(number);
        this.addTerm(number);
        continue;
      }
      const lexeme = lexemes[i]!;
      const stem = this.slot(lexeme.stem);
      this.addCue(stem);
      if ((lexeme.flags & LEX.stop) === 0) this.addTerm(stem);
    }
    if (this.phrases.size > 0) this.collectPhrases(pos, lexemes);
    return words;
  }

  /** Adds the logits of the collected terms and cues for `scorer` (the task or modality one). */
  addLogits(scorer: CategoryScorer, logits: Float64Array): void {
    const task = scorer === this.tasks;
    scorer.startTurn();
    for (let k = 0; k < this.termCount; k++) {
      const slot = this.terms[k]!;
      scorer.addTerm(task ? slot.task : slot.modality!, slot.count);
    }
    scorer.addPrototypeLogits(logits);
    for (let k = 0; k < this.cueCount; k++) {
      const slot = this.cues[k]!;
      scorer.addKeyword(task ? slot.task : slot.modality!, logits);
    }
  }

  /**
   * Two-word cues ("how many"): stem bigrams of adjacent non-punctuation tokens. Only bigrams
   * that are keywords can change a logit, so only those are looked up, without building strings.
   */
  private collectPhrases(pos: readonly string[], lexemes: readonly Lexeme[]): void {
    for (let i = 0; i + 1 < lexemes.length; i++) {
      if (pos[i] === "PUNCT" || pos[i + 1] === "PUNCT") continue;
      const first = lexemes[i]!;
      const second = lexemes[i + 1]!;
      // A stem with a space could form a longer keyword across the join: compare whole strings.
      if (((first.flags | second.flags) & LEX.space) !== 0) {
        this.addCue(this.slot(`${first.stem} ${second.stem}`));
        continue;
      }
      const candidates = this.phrases.get(first.stem);
      if (candidates === undefined) continue;
      for (const [stem, phrase] of candidates) if (stem === second.stem) this.addCue(this.slot(phrase));
    }
  }

  private slot(key: string): Slot {
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = {
        task: this.tasks.resolve(key),
        modality: this.modalities?.resolve(key) ?? null,
        count: 0,
        termTurn: 0,
        cueTurn: 0,
      };
      this.slots.set(key, slot);
    }
    return slot;
  }

  private addTerm(slot: Slot): void {
    if (slot.termTurn !== this.turn) {
      slot.termTurn = this.turn;
      slot.count = 0;
      this.terms[this.termCount++] = slot;
    }
    slot.count++;
  }

  private addCue(slot: Slot): void {
    if (slot.cueTurn === this.turn) return;
    slot.cueTurn = this.turn;
    this.cues[this.cueCount++] = slot;
  }
}
