/**
 * @module eval/methods/reference-methods
 * The two reference rows of the comparison (issue 9), which bracket every method:
 * - **oracle** (ceiling): rapo's context handling, prompts and configuration, with routing that
 *   knows the hidden skills (drift included) and the simulated queues (`oracle-routing.ts`). It
 *   never reads the answer key.
 * - **no context** (floor): the static router by declared role, fixed role prompts, and agents
 *   that see only the current message (no history, no packet, no facts ledger).
 */
import { specialtyRouting } from "./baseline-routers.js";
import { BASELINE_CONFIG } from "./baselines.js";
import { oracleRouting } from "./oracle-routing.js";
import { staticPromptSpace } from "./prompt-adapters.js";
import type { EvalMethod } from "./types.js";

/** Ceiling: rapo with an all-knowing router. */
export const ORACLE: EvalMethod = {
  id: "oracle",
  label: "Oracle (ceiling)",
  kind: "reference",
  description:
    "rapo's handoff packet, prompts and configuration, routed by an oracle that reads the agents' hidden skills (drift-aware) and their queues: " +
    "the best-skilled agent with a free slot, the current agent when it is among the best; never the answer key.",
  build: (env) => ({ routing: oracleRouting(env.cast, env.taxonomy, env.world), config: {} }),
};

/** Floor: no history at all. */
export const NO_CONTEXT: EvalMethod = {
  id: "no-context",
  label: "No context (floor)",
  kind: "reference",
  description:
    "Static routing by declared role with fixed role prompts; each agent sees only the application prompt, its role and the current message " +
    "(no history, no packet, no facts ledger).",
  build: (env) => ({
    routing: specialtyRouting(env.cast, env.taxonomy),
    prompts: staticPromptSpace(env),
    config: BASELINE_CONFIG,
    memoryWindow: 0,
  }),
};

/** The reference rows, ceiling first. */
export const REFERENCES: readonly EvalMethod[] = [ORACLE, NO_CONTEXT];
