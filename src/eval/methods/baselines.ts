/**
 * @module eval/methods/baselines
 * The paper's four comparison methods (§5.3), each with its core mechanism and only the
 * multi-agent coordination the paper adds to it. All run without rapo's handoff packet, facts
 * ledger, consensus, learned dynamics or capability learning; their agents see the common
 * framework memory window (the last N exchanges verbatim, see `runner/memory-window`).
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
  label: "Baseline",
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

/** The four baselines in the paper's order. */
export const BASELINES: readonly EvalMethod[] = [BASELINE, AMPO, P4, CLINICAL];
