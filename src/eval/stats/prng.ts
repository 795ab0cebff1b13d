/**
 * @module eval/stats/prng
 * A tiny seeded PRNG for the bootstrap. mulberry32: 32-bit state, full period 2^32, fast and
 * good enough for resampling indices; the same seed always gives the same stream, which makes
 * bootstrap confidence intervals reproducible.
 */

/** Returns a generator of uniform floats in [0, 1) seeded by `seed` (any 32-bit integer). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}

/** Derives a stable 32-bit sub-seed from a base seed and a label (FNV-1a over the label). */
export function deriveSeed(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
