/**
 * @module eval/methods
 * The methods `rapo bench` compares (SPEC §10): rapo, the paper's four baselines each with its
 * core mechanism, and rapo's four ablations; their routing policies and prompt optimisers.
 */
export {
  leastLoadedRouting,
  profileTexts,
  roundRobinRouting,
  similarityRouting,
  specialtyRouting,
} from "./baseline-routers.js";
export { AMPO, BASELINE, BASELINE_CONFIG, BASELINES, CLINICAL, P4 } from "./baselines.js";
export {
  ampoPrompts,
  clinicalPrompts,
  PROMPT_SEARCH,
  p4Prompts,
  promptSpaceOf,
  staticPromptSpace,
} from "./prompt-adapters.js";
export {
  BranchBandit,
  type BranchBanditOptions,
  ComponentHillClimb,
  type ComponentSet,
  type HillClimbOptions,
} from "./prompt-search.js";
export { RAPO, RAPO_ABLATIONS } from "./rapo-methods.js";
export { ALL_METHODS, METHOD_IDS, selectMethods } from "./registry.js";
export type { EvalMethod, MethodEnv, MethodSetup } from "./types.js";
