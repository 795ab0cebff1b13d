/**
 * @module eval/methods/baselines
 * The comparison methods: the paper's four (§5.3), each with its core mechanism and only the
 * multi-agent coordination the paper adds to it, and three routing baselines a skeptic expects
 * (issue 9): an embedding-similarity router, least-loaded and round-robin, each with the same
 * fixed role prompts as the static baseline. All run without rapo's handoff packet, facts ledger,
 * consensus, learned dynamics or capability learning; their agents see the common framework
 * memory window (the last N exchanges verbatim, held to the scenario's history token budget, see
 * `runner/memory-window`), and every agent of every method gets the same application prompt
 * (`application-prompt.ts`).
 */
import type { RapoConfigInput } from "../../config/schema.js";
import {
  leastLoadedRouting,
  roundRobinRouting,
  similarityRouting,
  specialtyRouting,
} from "./baseline-routers.js";
import { ampoPrompts, clinicalPrompts, p4Prompts, staticPromptSpace } from "./prompt-adapters.js";
import type { EvalMethod } from "./types.js";

/** What every baseline switches off: rapo's own coordination mechanisms. */
export const BASELINE_CONFIG: RapoConfigInput = {
  handoff: { enabled: false },
  consensus: { enabled: false },
  learning: { enabled: false },
  routing: { learnCapabilities: false },
};

/** Sequential selection without coordination. */
export const BASELINE: EvalMethod = {
  id: "baseline",
  label: "Baseline (static by declared role)",
  kind: "baseline",
  paperRef: "baseline",
  description:
    "Sequential selection without coordination: a static router sends each turn to the first agent whose declared specialty " +
    "matches the classified task type (the generalist otherwise); fixed role prompts (the role's prompt-space pattern), no learning, no load awareness.",
  build: (env) => ({
    routing: specialtyRouting(env.cast, env.taxonomy),
    prompts: staticPromptSpace(env),
    config: BASELINE_CONFIG,
    memoryWindow: env.memoryWindow,
  }),
};

/** AMPO-style [12]. */
export const AMPO: EvalMethod = {
  id: "ampo",
  label: "AMPO-style [12]",
  kind: "baseline",
  paperRef: "ampo",
  description:
    "Automatic multi-branched prompt optimisation per agent: each agent holds branches (candidate component sets: its role's pattern and others), " +
    "tries each, then uses the branch with the best observed success on its own verified outcomes (UCB); agents are selected round-robin.",
  build: (env) => ({
    routing: roundRobinRouting(),
    prompts: ampoPrompts(env),
    config: BASELINE_CONFIG,
    memoryWindow: env.memoryWindow,
  }),
};

/** P4-style [14]. */
export const P4: EvalMethod = {
  id: "p4",
  label: "P4-style [14]",
  kind: "baseline",
  paperRef: "p4",
  description:
    "Personalised discrete prompts: each agent's component set starts from its role's pattern and is refined by single add/remove edits kept " +
    "when they do not lower the agent's own verified success; turns go to the least-loaded agent (L_a, with conversation affinity).",
  build: (env) => ({
    routing: leastLoadedRouting(),
    prompts: p4Prompts(env),
    config: BASELINE_CONFIG,
    memoryWindow: env.memoryWindow,
  }),
};

/** Clinical-style [13]. */
export const CLINICAL: EvalMethod = {
  id: "clinical",
  label: "Clinical-style [13]",
  kind: "baseline",
  paperRef: "clinical",
  description:
    "Domain-specific prompt refinement: one component set per task domain, refined by single edits on the verified outcomes of that domain's turns; " +
    "each turn goes to the agent whose profile (role, specialty descriptions, cue words, example utterances) is most similar to the turn's embedding.",
  build: (env) => ({
    routing: similarityRouting(env.cast, env.taxonomy, env.embedder),
    prompts: clinicalPrompts(env),
    config: BASELINE_CONFIG,
    memoryWindow: env.memoryWindow,
  }),
};

/** Embedding-similarity router (a semantic router without the extra LLM call). */
export const SIMILARITY: EvalMethod = {
  id: "similarity",
  label: "Embedding-similarity router",
  kind: "baseline",
  description:
    "Each turn goes to the agent whose role description (role and declared task types' descriptions) has the highest cosine with the turn's " +
    "embedding (the orchestrator's local embedder, mean-centred), as an LLM-router framework does without its extra model call; fixed role prompts.",
  build: (env) => ({
    routing: similarityRouting(env.cast, env.taxonomy, env.embedder, "role"),
    prompts: staticPromptSpace(env),
    config: BASELINE_CONFIG,
    memoryWindow: env.memoryWindow,
  }),
};

/** Least-loaded routing with fixed role prompts. */
export const LEAST_LOADED: EvalMethod = {
  id: "least-loaded",
  label: "Least-loaded",
  kind: "baseline",
  description:
    "Each turn goes to the least-loaded agent (L_a, with conversation affinity: a conversation only moves when another agent is less busy); " +
    "fixed role prompts, no skill information.",
  build: (env) => ({
    routing: leastLoadedRouting(),
    prompts: staticPromptSpace(env),
    config: BASELINE_CONFIG,
    memoryWindow: env.memoryWindow,
  }),
};

/** Round-robin routing with fixed role prompts. */
export const ROUND_ROBIN: EvalMethod = {
  id: "round-robin",
  label: "Round-robin",
  kind: "baseline",
  description:
    "Turns go to the agents in turn (naive round-robin over the available agents); fixed role prompts.",
  build: (env) => ({
    routing: roundRobinRouting(),
    prompts: staticPromptSpace(env),
    config: BASELINE_CONFIG,
    memoryWindow: env.memoryWindow,
  }),
};

/** Every baseline: the static one, the three routing baselines, then the paper's prompt-optimising three. */
export const BASELINES: readonly EvalMethod[] = [
  BASELINE,
  SIMILARITY,
  LEAST_LOADED,
  ROUND_ROBIN,
  AMPO,
  P4,
  CLINICAL,
];
