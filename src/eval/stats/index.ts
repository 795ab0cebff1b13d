/**
 * @module eval/stats
 * Statistics of the evaluation (SPEC §10, paper §5.5): Welch's t-test, Bonferroni, Cohen's d,
 * bootstrap CIs, quartile analysis, descriptive helpers and the seeded PRNG they use.
 */

export { deriveSeed } from "../../util/hash.js";
export { mulberry32 } from "../../util/random.js";
export { bonferroniAlpha, bonferroniP } from "./bonferroni.js";
export {
  type BootstrapInterval,
  type BootstrapOptions,
  bootstrapMean,
  bootstrapMeanDiff,
  bootstrapStatistic,
  type StatisticInterval,
} from "./bootstrap.js";
export { type CompareOptions, compareSamples, type SampleComparison } from "./compare.js";
export {
  type MeanInterval,
  mean,
  meanInterval,
  quantile,
  quantileSorted,
  sampleSd,
  sampleVariance,
} from "./descriptive.js";
export { studentTCdf, studentTInv, twoSidedP } from "./distributions.js";
export { cohensD } from "./effect-size.js";
export {
  type QuartileCuts,
  type QuartileGroup,
  quartileAnalysis,
  type TransitionSample,
  transitionQuartileCuts,
} from "./quartiles.js";
export { assertSample, type WelchResult, welchTTest } from "./welch.js";
export { wilsonInterval } from "./wilson.js";
