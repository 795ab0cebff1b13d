/**
 * @module state/feature-hashing
 * A finaliser and seeded bases for signed feature hashing over the one FNV-1a hash
 * (`util/hash`). Kept separate so the embedder and anything else hashing tokens into a fixed-size
 * vector agree on the same functions.
 */
import { FNV_OFFSET } from "../util/hash.js";

/**
 * MurmurHash3's fmix32 avalanche: FNV alone leaves the low bits (used for the bucket) poorly
 * mixed for short inputs, so every feature hash goes through this before bucketing.
 */
export function fmix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Seeded FNV basis: different seeds give independent hash families. */
export function seededBasis(seed: number): number {
  return fmix32((FNV_OFFSET ^ Math.imul(seed | 0, 0x9e3779b1)) >>> 0);
}

/**
 * Adds `weight` to the bucket of `hash` with a sign taken from a bit the bucket index does not
 * use, so collisions cancel in expectation instead of piling up (signed feature hashing).
 */
export function addHashed(out: Float32Array, hash: number, weight: number): void {
  const h = fmix32(hash);
  const bucket = h % out.length;
  out[bucket] = out[bucket]! + (h & 0x80000000 ? -weight : weight);
}
