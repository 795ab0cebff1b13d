/**
 * @module models/simulated/prng
 * A small seeded pseudo-random generator (mulberry32) and a 32-bit string hash (FNV-1a).
 * Everything simulated in rapo (the simulated model, the synthetic generator, benchmarks) draws
 * from these so that a seed reproduces a run bit for bit on any platform; `Math.random` is never
 * used. The generator re-exports this module as `eval/generator/prng`.
 */

/** A seeded stream of pseudo-random numbers. */
export interface Prng {
  /** uniform float in [0, 1). */
  next(): number;
  /** uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** true with probability `p`. */
  chance(p: number): boolean;
  /** one element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** index drawn with probability proportional to `weights` (non-negative, not all zero). */
  weighted(weights: readonly number[]): number;
  /** a shuffled copy of `items` (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** an independent stream derived from this one's seed and `label`. */
  fork(label: string | number): Prng;
}

/** FNV-1a 32-bit hash of a string, as an unsigned integer. */
export function hashString(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Mixes several integers into one 32-bit seed (order-sensitive). */
export function mixSeeds(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** Creates a mulberry32 stream from an integer seed. */
export function createPrng(seed: number): Prng {
  const initial = seed >>> 0;
  let state = initial;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const prng: Prng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new RangeError("pick from an empty array");
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    weighted: (weights) => pickWeighted(weights, next()),
    shuffle: (items) => {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const tmp = out[i] as (typeof out)[number];
        out[i] = out[j] as (typeof out)[number];
        out[j] = tmp;
      }
      return out;
    },
    fork: (label) => createPrng(mixSeeds(initial, typeof label === "number" ? label : hashString(label))),
  };
  return prng;
}

function pickWeighted(weights: readonly number[], u: number): number {
  let total = 0;
  for (const w of weights) total += w;
  if (!(total > 0)) throw new RangeError("weighted pick needs a positive total weight");
  let target = u * total;
  for (let i = 0; i < weights.length; i++) {
    target -= weights[i] as number;
    if (target < 0) return i;
  }
  // Floating-point residue: fall back to the last positive weight.
  for (let i = weights.length - 1; i >= 0; i--) if ((weights[i] as number) > 0) return i;
  return 0;
}
