/**
 * @module eval/methods
 * The methods `rapo bench` compares (SPEC §10, issue 9): rapo, the baselines (the paper's four
 * and three routing baselines), the oracle ceiling and no-context floor, rapo's paper-load
 * variant and its four ablations; their routing policies, prompt optimisers and the one
 * application prompt every agent gets.
 */
export { APPLICATION_DIRECTIVES, APPLICATION_PROMPT } from "./application-prompt.js";
export {
  leastLoadedRouting,
  profileTexts,
  roleDescription,
  roundRobinRouting,
  similarityRouting,
  specialtyRouting,
} from "./baseline-routers.js";
export {
  AMPO,
  BASELINE,
  BASELINE_CONFIG,
  BASELINES,
  CLINICAL,
  LEAST_LOADED,
  P4,
  ROUND_ROBIN,
  SIMILARITY,
} from "./baselines.js";
export { ORACLE_SKILL_MARGIN, oracleRouting } from "./oracle-routing.js";
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
export { RAPO, RAPO_ABLATIONS, RAPO_PAPER_LOAD } from "./rapo-methods.js";
export { NO_CONTEXT, ORACLE, REFERENCES } from "./reference-methods.js";
export { ALL_METHODS, METHOD_IDS, selectMethods } from "./registry.js";
export type { EvalMethod, MethodEnv, MethodSetup, WorldView } from "./types.js";
