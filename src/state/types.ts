/**
 * @module state/types
 * Contracts of the state layer: turn features from the classifier, text embedders, and the
 * agent state triple S_i = (P_i, C_i, M_i).
 */

import type { Complexity } from "../domain/turn.js";
import type { TextAnalysis } from "./text-analysis.js";

export type { Complexity };

/** What the classifier knows about one turn. */
export interface TurnFeatures {
  /** argmax of `taskScores`: the row of M_i this turn exercises. */
  taskIndex: number;
  /** distribution over task types (sums to 1). */
  taskScores: Float32Array;
  /** argmax of `modalityScores`: the column of M_i. */
  modalityIndex: number;
  /** distribution over modalities (sums to 1). */
  modalityScores: Float32Array;
  complexity: Complexity;
  /** entities found in the turn (normalised surface forms). */
  entities: string[];
  /** word tokens in the turn. */
  tokenCount: number;
  /**
   * how clearly the turn's own words point to one task type, in [0, 1]: 0 when they carry no
   * domain evidence ("Yes, that's right."). Routing uses it; classifiers that cannot tell omit it.
   */
  confidence?: number;
  /**
   * the per-turn probability that the conversation's task changes, as the classifier's belief
   * filter used it (learned from the traffic): a task lasts ≈ 1/h turns, over which routing
   * weighs a handoff's gain. Absent for classifiers that read turns alone.
   */
  switchHazard?: number;
  /**
   * The text analysis behind these features, when the classifier made one without NER: later
   * steps of the same turn (fact extraction) reuse it instead of analysing the text again.
   */
  analysis?: TextAnalysis;
}

/** What a classifier may know of the conversation a turn belongs to (issue 11). */
export interface ClassifierContext {
  /** the previous turn's task distribution (its `taskScores`). */
  previousTaskScores?: Float32Array;
  /** the previous assistant answer. */
  previousAnswer?: string;
}

/**
 * Maps a turn's text to task type, modality and complexity. Must be deterministic and sync.
 * `context` (the conversation so far) is optional; a classifier may ignore it.
 */
export interface TurnClassifier {
  classify(text: string, context?: ClassifierContext): TurnFeatures;
}

/**
 * A text embedder. `embedSync` is the hot path (local embedders only); `embed` works for any
 * backend, including an AI SDK `EmbeddingModel` behind the network.
 */
export interface Embedder {
  readonly dim: number;
  embed(texts: string[]): Promise<Float32Array[]>;
  /** present when embeddings can be computed synchronously without I/O. */
  embedSync?(text: string): Float32Array;
}

/** The agent state triple, in typed arrays. SPEC §2. */
export interface AgentStateTriple {
  /** P_i ∈ R^promptDim. */
  prompt: Float32Array;
  /** C_i ∈ R^contextDim. */
  context: Float32Array;
  /** M_i ∈ R^{m×l}, row-major by task type, success rates in [0, 1]. */
  capability: Float32Array;
}
