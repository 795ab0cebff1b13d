/**
 * @module state/seeded-random
 * Deterministic pseudo-random numbers for projections and tests: the same seed gives the same
 * stream on every machine, so random projections need not be persisted to be reproducible.
 */

/** A seeded generator of uniforms in [0, 1) and standard normals. */
export interface SeededRandom {
  /** uniform in [0, 1). */
  next(): number;
  /** standard normal N(0, 1). */
  gaussian(): number;
}

/**
 * SplitMix32 (a 32-bit variant of SplitMix64's finaliser): fast, passes the usual statistical
 * batteries well enough for projections, and needs only one word of state.
 */
export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  let spare: number | null = null;
  const next = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z ^= z >>> 16;
    return (z >>> 0) / 4294967296;
  };
  const gaussian = (): number => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    // Box–Muller; 1 − u keeps the logarithm finite.
    const radius = Math.sqrt(-2 * Math.log(1 - next()));
    const angle = 2 * Math.PI * next();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
  return { next, gaussian };
}
