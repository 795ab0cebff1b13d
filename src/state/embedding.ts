/**
 * @module state/embedding
 * The embedded default embedder (SPEC §2): deterministic signed feature hashing of word
 * unigrams, word bigrams and character 3-grams, L2-normalised. It runs offline, needs no model
 * download and is fast enough for the per-turn path (`embedSync`). Any AI SDK embedding model
 * can replace it through {@link fromEmbeddingModel}.
 */
import type { RapoConfig } from "../config/schema.js";
import { ConfigError } from "../errors.js";
import { addHashed, fmix32, fnvStep, seededBasis } from "./feature-hashing.js";
import type { Embedder } from "./types.js";
import { normalize } from "./vector-math.js";

export { asEmbeddingModel, fromEmbeddingModel } from "./embedding-adapters.js";

/** Options of the {@link LocalEmbedder}. */
export interface LocalEmbedderOptions {
  /** output dimension (config `state.embeddingDim`, 256 by default). */
  dim: number;
  /** hash seed (config `state.seed`). */
  seed: number;
  /** feature weights; word identity dominates, char 3-grams add robustness to inflection. */
  weights?: { unigram?: number; bigram?: number; trigram?: number };
}

// Default weights: six-odd trigrams per word at 0.25 carry less energy than the word itself.
const DEFAULT_WEIGHTS = { unigram: 1, bigram: 0.5, trigram: 0.25 };
// Pseudo characters that pad each word for its 3-grams ("^wo", "rd$").
const WORD_START = 0x02;
const WORD_END = 0x03;
const BIGRAM_SALT = 0x5bd1e995;
const TRIGRAM_SALT = 0x1b873593;

/** Hashed n-gram embedder. Deterministic for a given (dim, seed). */
export class LocalEmbedder implements Embedder {
  readonly dim: number;
  private readonly basis: number;
  private readonly unigramWeight: number;
  private readonly bigramWeight: number;
  private readonly trigramWeight: number;

  constructor(options: LocalEmbedderOptions) {
    if (!Number.isInteger(options.dim) || options.dim <= 0) {
      throw new ConfigError(
        `invalid config 'state.embeddingDim': got ${options.dim}; must be a positive integer`,
        {
          field: "state.embeddingDim",
          value: options.dim,
        },
      );
    }
    this.dim = options.dim;
    this.basis = seededBasis(options.seed);
    this.unigramWeight = options.weights?.unigram ?? DEFAULT_WEIGHTS.unigram;
    this.bigramWeight = options.weights?.bigram ?? DEFAULT_WEIGHTS.bigram;
    this.trigramWeight = options.weights?.trigram ?? DEFAULT_WEIGHTS.trigram;
  }

  /** Embedder with `state.embeddingDim` and `state.seed` from the configuration. */
  static fromConfig(config: Pick<RapoConfig, "state">): LocalEmbedder {
    return new LocalEmbedder({ dim: config.state.embeddingDim, seed: config.state.seed });
  }

  /** Embeds every text (synchronously underneath). */
  embed(texts: string[]): Promise<Float32Array[]> {
    return Promise.resolve(texts.map((text) => this.embedSync(text)));
  }

  /** A new unit vector for `text` (all zeros for a text without word characters). */
  embedSync(text: string): Float32Array {
    return this.embedInto(text, new Float32Array(this.dim));
  }

  /** Writes the embedding of `text` into `out` (length `dim`) without allocating; returns out. */
  embedInto(text: string, out: Float32Array): Float32Array {
    out.fill(0);
    const lower = text.toLowerCase();
    let word = this.basis;
    let previousWord = 0;
    let hasPrevious = false;
    let length = 0;
    let before = 0; // the 3-gram window: before, last, current
    let last = 0;
    for (let i = 0; i <= lower.length; i++) {
      const code = i < lower.length ? lower.charCodeAt(i) : 0x20;
      if (isWordCode(code)) {
        if (length === 0) {
          word = this.basis;
          last = WORD_START;
          before = -1;
        }
        if (before !== -1) this.addTrigram(out, before, last, code);
        before = last;
        last = code;
        word = fnvStep(word, code);
        length++;
        continue;
      }
      if (length === 0) continue;
      this.addTrigram(out, before, last, WORD_END);
      addHashed(out, word, this.unigramWeight);
      if (hasPrevious) addHashed(out, fmix32(previousWord ^ BIGRAM_SALT) ^ word, this.bigramWeight);
      previousWord = word;
      hasPrevious = true;
      length = 0;
    }
    return normalize(out);
  }

  private addTrigram(out: Float32Array, a: number, b: number, c: number): void {
    const hash = fnvStep(fnvStep(fnvStep(this.basis ^ TRIGRAM_SALT, a), b), c);
    addHashed(out, hash, this.trigramWeight);
  }
}

/** Letters, digits and underscore in ASCII; every non-ASCII code unit counts as a letter. */
function isWordCode(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x5f ||
    (code >= 0x80 && code !== 0xa0)
  );
}
