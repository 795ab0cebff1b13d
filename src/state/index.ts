/**
 * @module state
 * The state layer (SPEC §2): the taxonomy and the turn classifier, text embedders, the context
 * vector C_i, the capability matrix M_i, fact extraction for handoff packets, the prompt
 * components and prompt space behind P_i, and the typed-array helpers they share.
 */

export {
  createPrng,
  /** @deprecated the same generator as `createPrng` (kept for existing imports). */
  createPrng as seededRandom,
  type Prng,
  type Prng as SeededRandom,
} from "../util/random.js";
export {
  type CapabilityLearningConfig,
  CapabilityMatrix,
  type CapabilityPrior,
  type MatrixShape,
} from "./capability-matrix.js";
export type { ScorerWeights } from "./category-scorer.js";
export { type ClassifierOptions, createClassifier, DEFAULT_SCORER_WEIGHTS } from "./classifier.js";
export { DEPTH_RANGE, INFERENCE_RANGE } from "./complexity.js";
export { attend, type ContextProjection, ContextWindow, computeContext } from "./context-vector.js";
export { LocalEmbedder, type LocalEmbedderOptions } from "./embedding.js";
export { asEmbeddingModel, type EmbeddingModelInfo, fromEmbeddingModel } from "./embedding-adapters.js";
export { type EntityMention, findEntities, findEntityMentions } from "./entities.js";
export {
  type ExtractedFacts,
  extractFacts,
  FactLedger,
  type FactLedgerOptions,
  normaliseFact,
} from "./fact-extraction.js";
export { float16Bits, float16Value, fromFloat16Array, toFloat16Array } from "./float16.js";
export {
  DEFAULT_PROMPT_COMPONENTS,
  DIRECTIVES,
  type PromptComponent,
  type PromptComponentKind,
} from "./prompt-components.js";
export * from "./prompt-space.js";
export { RandomProjection } from "./random-projection.js";
export {
  type Category,
  type CategoryInput,
  categorySchema,
  DEFAULT_MODALITIES,
  DEFAULT_TASK_TYPES,
  resolveTaxonomy,
  type Taxonomy,
  type TaxonomyInput,
  taskIndexOf,
} from "./taxonomy.js";
export { type AnalysisOptions, analyzeText, type TextAnalysis, warmUpAnalysis } from "./text-analysis.js";
export type {
  AgentStateTriple,
  ClassifierContext,
  Complexity,
  Embedder,
  TurnClassifier,
  TurnFeatures,
} from "./types.js";
export {
  argmax,
  axpy,
  cosine,
  dot,
  norm,
  normalize,
  scale,
  softmaxInPlace,
  type Vector,
} from "./vector-math.js";
