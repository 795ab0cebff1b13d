/**
 * @module consensus
 * Distributed consensus on prompt vectors (SPEC §4): the engine, its stability analysis
 * (Lyapunov value, Lipschitz estimate, α clamp), and the learned-state checkpoint payload.
 */

// `consensusPrompts` (the runtime's prompt-space adapter wiring this engine) is exported by `rapo`
// and `rapo/runtime`: it is runtime code, and this layer does not import the runtime.
export {
  type AgentPromptState,
  type BanditCheckpoint,
  captureLearnedState,
  decodeLearnedState,
  encodeLearnedState,
  type LearnedStateSnapshot,
  type LearnedStateSources,
  type LearnedStateTargets,
  learnedStateFromTree,
  learnedStateRecord,
  learnedStateTree,
  type RestoreResult,
  readLearnedStateRecord,
  restoreLearnedState,
  stateHash,
} from "./checkpoint-state.js";
export {
  ConsensusEngine,
  type ConsensusEngineOptions,
  type ConsensusEngineState,
} from "./consensus-engine.js";
export { buildConsensusGraph, type ConsensusGraph } from "./consensus-graph.js";
export { EffectivenessWindow } from "./effectiveness-window.js";
export {
  GlobalLyapunov,
  type GlobalLyapunovValue,
  type TripleSource,
} from "./global-lyapunov.js";
export { type Edge, randomSparseGraph, randomUnitVectors, ringGraph, starGraph } from "./graph-generators.js";
export { type LyapunovValue, lyapunov } from "./lyapunov.js";
export { type PairStat, PairStats, type PairStatsState } from "./pair-stats.js";
export { LAPLACIAN_BOUND, SpectralEstimate } from "./spectral-estimate.js";
export type {
  ConsensusAgent,
  ConsensusReason,
  ConsensusReport,
  GradientSource,
  RejectedAgent,
} from "./types.js";
