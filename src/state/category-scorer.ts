/**
 * @module state/category-scorer
 * Scores a turn against a list of categories (task types or modalities) from what a user can
 * declare: cue keywords, and prototypes built from each category's id, description and example
 * utterances. Prototypes are TF-IDF vectors over stemmed terms (IDF across categories, so words
 * shared by every category count for little); the turn's similarity to each is a cosine.
 */
import { STOP_WORDS } from "./lexicon.js";
import { stemLite } from "./stem.js";
import type { Category } from "./taxonomy.js";

/** A term of a turn: a stem, or a shape marker such as `#num`, `#code`, `#q`. */
export type TermBag = Map<string, number>;

/** What a {@link CategoryScorer} knows about one term or cue. */
export interface ScorerEntry {
  /** IDF of the term across categories (that of an unseen term when it is in no prototype). */
  readonly idf: number;
  /** the term's weight in each category's prototype, if it occurs in any. */
  readonly prototype: Float64Array | undefined;
  /** logit contribution per category when the cue is a keyword. */
  readonly keyword: Float64Array | undefined;
}

/** Weights of the two evidence sources in the logits. */
export interface ScorerWeights {
  /** logit per matched keyword word (divided by how many categories share the keyword). */
  keyword: number;
  /** logit per unit of prototype cosine. */
  prototype: number;
}

/** Keyword and prototype evidence for a fixed list of categories. */
export class CategoryScorer {
  readonly size: number;
  /** whether some keyword is a two-word phrase: the turn's cues must then include stem bigrams. */
  readonly usesPhrases: boolean;
  // term → weight of that term in each category's unit-norm prototype
  private readonly prototypeWeights = new Map<string, Float64Array>();
  // term → IDF, for the norm of the turn vector
  private readonly idf = new Map<string, number>();
  private readonly unknownIdf: number;
  // keyword stem (or symbol) → logit contribution per category
  private readonly keywordWeights = new Map<string, Float64Array>();
  private readonly scratch: Float64Array;
  // squared norm of the turn vector being accumulated (see startTurn)
  private norm = 0;

  constructor(
    categories: readonly Category[],
    private readonly weights: ScorerWeights,
  ) {
    this.size = categories.length;
    this.unknownIdf = Math.log(1 + this.size);
    this.scratch = new Float64Array(this.size);
    this.buildPrototypes(categories);
    this.buildKeywords(categories);
    this.usesPhrases = [...this.keywordWeights.keys()].some((keyword) => keyword.includes(" "));
  }

  /**
   * Adds w_k·(matched keywords) + w_p·cosine(terms, prototype) into `logits` (length ≥ size).
   * `terms` are the turn's content terms (stop words removed) with counts; `cues` every token's
   * stem or symbol, each once.
   */
  addLogits(terms: TermBag, cues: ReadonlySet<string>, logits: Float64Array): void {
    this.startTurn();
    for (const [term, count] of terms) this.addTerm(this.resolve(term), count);
    this.addPrototypeLogits(logits);
    for (const cue of cues) this.addKeyword(this.resolve(cue), logits);
  }

  /** What this scorer knows about a term or cue; resolve once per distinct string and keep it. */
  resolve(term: string): ScorerEntry {
    return {
      idf: this.idf.get(term) ?? this.unknownIdf,
      prototype: this.prototypeWeights.get(term),
      keyword: this.keywordWeights.get(term),
    };
  }

  /** Two-word keywords (as matched: stems joined by one space), for the turn's bigram cues. */
  phraseKeywords(): string[] {
    return [...this.keywordWeights.keys()].filter((keyword) => keyword.split(" ").length === 2);
  }

  /**
   * Incremental form of {@link addLogits} for callers that resolved their terms already:
   * startTurn, addTerm per distinct term, addPrototypeLogits, then addKeyword per distinct cue.
   */
  startTurn(): void {
    this.scratch.fill(0);
    this.norm = 0;
  }

  /** Adds a content term occurring `count` times to the turn vector (see {@link startTurn}). */
  addTerm(entry: ScorerEntry, count: number): void {
    // log(1) is exactly 0: skip the call for the common single occurrence.
    const weight = entry.idf * (count === 1 ? 1 : 1 + Math.log(count));
    this.norm += weight * weight;
    const prototype = entry.prototype;
    if (prototype === undefined) return;
    const dots = this.scratch;
    for (let c = 0; c < this.size; c++) dots[c] = dots[c]! + weight * prototype[c]!;
  }

  /** Adds w_p·cosine(turn vector, prototype) of the terms added since {@link startTurn}. */
  addPrototypeLogits(logits: Float64Array): void {
    const dots = this.scratch;
    const factor = this.norm === 0 ? 0 : this.weights.prototype / Math.sqrt(this.norm);
    for (let c = 0; c < this.size; c++) logits[c] = logits[c]! + factor * dots[c]!;
  }

  /** Adds the keyword evidence of one cue (nothing when the cue is no keyword). */
  addKeyword(entry: ScorerEntry, logits: Float64Array): void {
    const keyword = entry.keyword;
    if (keyword !== undefined) for (let c = 0; c < this.size; c++) logits[c] = logits[c]! + keyword[c]!;
  }

  private buildPrototypes(categories: readonly Category[]): void {
    const counts = categories.map((category) => {
      const bag: TermBag = new Map();
      const text = [category.id.replace(/[_-]+/g, " "), category.description, ...category.examples].join(
        " \n ",
      );
      for (const term of prototypeTerms(text)) bag.set(term, (bag.get(term) ?? 0) + 1);
      return bag;
    });
    const documentFrequency = new Map<string, number>();
    for (const bag of counts)
      for (const term of bag.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    for (const [term, df] of documentFrequency) this.idf.set(term, Math.log(1 + this.size / df));
    counts.forEach((bag, c) => {
      let norm = 0;
      const weighted = new Map<string, number>();
      for (const [term, count] of bag) {
        const weight = this.idf.get(term)! * (1 + Math.log(count));
        weighted.set(term, weight);
        norm += weight * weight;
      }
      for (const [term, weight] of weighted) this.prototypeEntry(term)[c] = weight / Math.sqrt(norm);
    });
  }

  private buildKeywords(categories: readonly Category[]): void {
    const owners = new Map<string, number[]>();
    categories.forEach((category, c) => {
      for (const keyword of new Set(category.keywords.map(keywordTerm))) {
        const list = owners.get(keyword) ?? [];
        list.push(c);
        owners.set(keyword, list);
      }
    });
    for (const [keyword, list] of owners) {
      const row = new Float64Array(this.size);
      // A phrase is more specific than a word: "in stock" outweighs "stock".
      const specificity = keyword.split(" ").length;
      for (const c of list) row[c] = (specificity * this.weights.keyword) / list.length;
      this.keywordWeights.set(keyword, row);
    }
  }

  private prototypeEntry(term: string): Float64Array {
    let entry = this.prototypeWeights.get(term);
    if (entry === undefined) {
      entry = new Float64Array(this.size);
      this.prototypeWeights.set(term, entry);
    }
    return entry;
  }
}

/**
 * The cue a keyword matches: its stem, the symbol itself ("?", "{", "|"), or for a phrase
 * ("how many") the stems of its words joined by one space.
 */
export function keywordTerm(keyword: string): string {
  const words = keyword.trim().toLowerCase().split(/\s+/);
  return words.map((word) => (/^[a-z0-9'’-]+$/.test(word) ? stemLite(word) : word)).join(" ");
}

/** Terms of a prototype text, tokenised simply (prototypes are built once, not per turn). */
function prototypeTerms(text: string): string[] {
  const out: string[] = [];
  for (const match of text.toLowerCase().matchAll(/[a-z0-9_']+|[?{}|]/g)) {
    const word = match[0];
    if (/^\d/.test(word)) out.push("#num");
    else if (word === "?") out.push("#q");
    else if (word === "{" || word === "}") out.push("#code");
    else if (!STOP_WORDS.has(word)) out.push(stemLite(word));
  }
  return out;
}
