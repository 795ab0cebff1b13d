/**
 * @module util/hash
 * The one string hash of rapo: 32-bit FNV-1a, as a whole-string function ({@link hashString}),
 * as a streaming step for hot loops that hash without slicing ({@link fnvStep}), and for deriving
 * labelled sub-seeds ({@link deriveSeed}); plus {@link mixSeeds} to combine integer seeds. Every
 * seeded stream of the simulated world, the evaluation and the runtime derives its seed here.
 */

/** FNV-1a 32-bit offset basis. */
export const FNV_OFFSET = 0x811c9dc5;
/** FNV-1a 32-bit prime. */
export const FNV_PRIME = 0x01000193;

/** One FNV-1a step: folds a 16-bit code unit into the running hash (a signed 32-bit integer). */
export function fnvStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME);
}

/** FNV-1a 32-bit hash of a string's UTF-16 code units, as an unsigned integer; `basis` seeds it. */
export function hashString(text: string, basis = FNV_OFFSET): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) h = fnvStep(h, text.charCodeAt(i));
  return h >>> 0;
}

/** A stable 32-bit sub-seed from a base seed and a label: FNV-1a of the label from basis ⊕ seed. */
export function deriveSeed(seed: number, label: string): number {
  return hashString(label, (FNV_OFFSET ^ (seed >>> 0)) >>> 0);
}

/** Mixes several integers into one 32-bit seed (order-sensitive; MurmurHash3-style rounds). */
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
