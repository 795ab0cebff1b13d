/**
 * @module eval/metrics/rouge-l
 * ROUGE-L (Lin, 2004): longest common subsequence of word tokens. P = LCS/|candidate|,
 * R = LCS/|reference|, F = 2PR/(P + R) (paper §4.3, β = 1), which equals 2·LCS/(|c| + |r|).
 * Tokens are interned to integers and the O(n·m) dynamic programme runs on two reusable Int32Array
 * rows, so scoring thousands of handoffs allocates almost nothing.
 */
import { tokenizeWords } from "./tokenize.js";

/** ROUGE-L precision, recall and F1. */
export interface RougeScore {
  /** length of the longest common subsequence, in tokens. */
  lcs: number;
  precision: number;
  recall: number;
  f: number;
}

// Reused across calls (grown on demand): token ids of both texts and the two DP rows.
let idsA = new Int32Array(256);
let idsB = new Int32Array(256);
let prevRow = new Int32Array(257);
let currRow = new Int32Array(257);

/**
 * LCS length of a[0..aLen) and b[0..bLen) (integer token ids). Runs the DP over the shorter
 * sequence's length for memory O(min(n, m)).
 */
export function lcsLength(a: Int32Array, aLen: number, b: Int32Array, bLen: number): number {
  if (aLen < bLen) return lcsLength(b, bLen, a, aLen);
  if (bLen === 0) return 0;
  if (prevRow.length < bLen + 1) {
    prevRow = new Int32Array(bLen + 1);
    currRow = new Int32Array(bLen + 1);
  }
  let prev = prevRow;
  let curr = currRow;
  prev.fill(0, 0, bLen + 1);
  curr[0] = 0;
  for (let i = 0; i < aLen; i++) {
    const ai = a[i]!;
    for (let j = 1; j <= bLen; j++) {
      if (ai === b[j - 1]) curr[j] = prev[j - 1]! + 1;
      else {
        const up = prev[j]!;
        const left = curr[j - 1]!;
        curr[j] = Math.max(up, left);
      }
    }
    const swap = prev;
    prev = curr;
    curr = swap;
  }
  return prev[bLen]!;
}

/**
 * ROUGE-L of `candidate` against `reference` (lowercased word tokens, see `tokenizeWords`).
 * F is symmetric; P and R swap when the arguments swap. Empty text on either side gives 0.
 */
export function rougeL(candidate: string, reference: string): RougeScore {
  const c = tokenizeWords(candidate);
  const r = tokenizeWords(reference);
  if (c.length === 0 || r.length === 0) return { lcs: 0, precision: 0, recall: 0, f: 0 };
  internPair(c, r);
  const lcs = lcsLength(idsA, c.length, idsB, r.length);
  const precision = lcs / c.length;
  const recall = lcs / r.length;
  const f = lcs === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { lcs, precision, recall, f };
}

/** ROUGE-L F1 of two texts (symmetric): the context score of one handoff (SPEC §10). */
export function rougeLF(a: string, b: string): number {
  return rougeL(a, b).f;
}

function internPair(c: string[], r: string[]): void {
  if (idsA.length < c.length) idsA = new Int32Array(c.length * 2);
  if (idsB.length < r.length) idsB = new Int32Array(r.length * 2);
  const vocab = new Map<string, number>();
  for (let i = 0; i < c.length; i++) idsA[i] = idOf(vocab, c[i]!);
  for (let i = 0; i < r.length; i++) idsB[i] = idOf(vocab, r[i]!);
}

function idOf(vocab: Map<string, number>, token: string): number {
  let id = vocab.get(token);
  if (id === undefined) {
    id = vocab.size;
    vocab.set(token, id);
  }
  return id;
}
