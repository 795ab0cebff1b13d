/**
 * @module eval/generator/prng
 * The seeded PRNG of the synthetic world (mulberry32 + FNV-1a), exported for benchmarks and
 * other evaluation code. It lives in `models/simulated/prng` so that the simulated model does
 * not depend on the evaluation layer; this module re-exports it.
 */
export { createPrng, hashString, mixSeeds, type Prng } from "../../models/simulated/prng.js";
