/**
 * @module state/embedding
 * The embedded default embedder (SPEC §2): deterministic signed feature hashing of word
 * unigrams, word bigrams and character 3-grams, L2-normalised. It runs offline, needs no model
 * download and is fast enough for the per-turn path (`embedSync`). Any AI SDK embedding model
 * can replace it through {@link fromEmbeddingModel}.
 */
import type { RapoConfig } from "../config/schema.js";
import { ConfigError } from "../errors.js";
import { fnvStep } from "../util/hash.js";
import { fmix32, seededBasis } from "./feature-hashing.js";
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
  // FNV state after the trigram salt: every 3-gram hash starts from it.
  private readonly trigramBasis: number;
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
    this.trigramBasis = this.basis ^ TRIGRAM_SALT;
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
    // ASCII text is lower-cased code by code on the fly (no lower-case copy); any other text goes
    // through toLowerCase, whose mappings can change its length ("İ" → "i̇").
    if (!this.accumulate(text, out, true)) this.accumulate(text.toLowerCase(), out, false);
    return normalize(out);
  }

  /**
   * Adds the hashed features of `text` into `out` (zeroed first), in a fixed order: each word's
   * 3-grams as its characters arrive, then at its end the closing 3-gram, the unigram and the
   * bigram with the previous word. With `asciiOnly` the text is lower-cased per code and the
   * method gives up (returns false) at the first non-ASCII code.
   */
  private accumulate(text: string, out: Float32Array, asciiOnly: boolean): boolean {
    out.fill(0);
    const dim = out.length;
    // Power-of-two dims (the default 256) take the bucket with a mask instead of a modulo.
    const mask = (dim & (dim - 1)) === 0 ? dim - 1 : -1;
    const trigramBasis = this.trigramBasis;
    const trigramWeight = this.trigramWeight;
    let word = this.basis;
    let previousWord = 0;
    let hasPrevious = false;
    let length = 0;
    // The 3-gram window is (before, last, code); `pair` is the hash of (before, last) and
    // `single` that of (last), so each 3-gram costs one FNV step.
    let pair = 0;
    let single = 0;
    const n = text.length;
    for (let i = 0; i <= n; i++) {
      let code = i < n ? text.charCodeAt(i) : 0x20;
      if (code >= 0x80) {
        if (asciiOnly) return false;
      } else if (code >= 0x41 && code <= 0x5a && asciiOnly) code |= 0x20;
      if (isWordCode(code)) {
        if (length === 0) {
          // A word starts: the window is (WORD_START, code), no 3-gram yet.
          word = this.basis;
          single = fnvStep(trigramBasis, WORD_START);
        } else {
          addBucket(out, fnvStep(pair, code), trigramWeight, mask);
        }
        pair = fnvStep(single, code);
        single = fnvStep(trigramBasis, code);
        word = fnvStep(word, code);
        length++;
        continue;
      }
      if (length === 0) continue;
      addBucket(out, fnvStep(pair, WORD_END), trigramWeight, mask);
      addBucket(out, word, this.unigramWeight, mask);
      if (hasPrevious) addBucket(out, fmix32(previousWord ^ BIGRAM_SALT) ^ word, this.bigramWeight, mask);
      previousWord = word;
      hasPrevious = true;
      length = 0;
    }
    return true;
  }
}

/**
 * `addHashed` of feature-hashing, for the embedder's loop: the same bucket and sign, read from
 * the int32 form of the mixed hash (`mask` = dim − 1 for a power-of-two dim, else −1: modulo).
 */
function addBucket(out: Float32Array, hash: number, weight: number, mask: number): void {
  const h = fmix32(hash) | 0;
  const bucket = mask >= 0 ? h & mask : (h >>> 0) % out.length;
  out[bucket] = out[bucket]! + (h < 0 ? -weight : weight);
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
