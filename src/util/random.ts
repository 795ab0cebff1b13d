/**
 * @module util/random
 * rapo's one seeded pseudo-random generator (issue 14): mulberry32 behind one interface
 * ({@link Prng}), for the simulated world, the synthetic generator, the bootstrap and the
 * runtime's own streams (Thompson sampling, random projections, initial weights, graph
 * generators) alike. Independent streams come from {@link Prng.fork} or from seeds mixed with a
 * salt (`util/hash.ts`). A seed reproduces a stream bit for bit on any platform; `Math.random`
 * is never used.
 */
import { hashString, mixSeeds } from "./hash.js";

/** A seeded stream of pseudo-random numbers. */
export interface Prng {
  /** uniform float in [0, 1). */
  next(): number;
  /** standard normal N(0, 1) (Box–Muller; draws two uniforms per pair of normals). */
  gaussian(): number;
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

/** The mulberry32 step: uniforms in [0, 1) from an integer seed, as a bare function. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Creates a seeded stream (mulberry32) from an integer seed. */
export function createPrng(seed: number): Prng {
  const initial = seed >>> 0;
  const next = mulberry32(initial);
  let spare: number | null = null;
  const prng: Prng = {
    next,
    gaussian: () => {
      if (spare !== null) {
        const value = spare;
        spare = null;
        return value;
      }
      // 1 − u keeps the logarithm finite.
      const radius = Math.sqrt(-2 * Math.log(1 - next()));
      const angle = 2 * Math.PI * next();
      spare = radius * Math.sin(angle);
      return radius * Math.cos(angle);
    },
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
