/**
 * @module eval/methods/rapo-methods
 * rapo and its ablations (SPEC §10). rapo runs with its defaults: adaptive routing (capability ×
 * (1 − load) with exploration), the handoff packet, capability learning, and the orchestrator's
 * default prompt space (P_i rendered into prompt components, consensus and learned dynamics on
 * them). The methods set no routing policy or prompt adapter of their own: whatever the
 * Orchestrator does by default is what is measured. Each ablation switches one mechanism off.
 */
import type { RapoConfigInput } from "../../config/schema.js";
import type { EvalMethod, MethodSetup } from "./types.js";

function rapoVariant(
  id: string,
  label: string,
  description: string,
  overrides: RapoConfigInput,
  withMemoryWindow = false,
): EvalMethod {
  return {
    id,
    label,
    kind: id === "rapo" ? "rapo" : "ablation",
    ...(id === "rapo" ? { paperRef: "ours" as const } : {}),
    description,
    // no routing or prompts: the orchestrator's own defaults are rapo
    build: (env): MethodSetup => ({
      config: overrides,
      ...(withMemoryWindow ? { memoryWindow: env.memoryWindow } : {}),
    }),
  };
}

/** rapo with every mechanism on. */
export const RAPO: EvalMethod = rapoVariant(
  "rapo",
  "rapo (ours)",
  "Adaptive routing argmax C_a·(1 − L_a) with UCB exploration and learned capabilities (η = 0.1, decay 0.95), " +
    "handoff packet (facts, entities, summary, last 20 turns, sender state), prompt components rendered from P_i with consensus (neighbour-weighted by " +
    "handoff effectiveness) and β∇Q from the learned dynamics.",
  {},
);

/**
 * rapo with the paper's load formula (`routing.load: "paper"`). That configuration key lands on
 * another branch; until it is merged the schema strips the unknown key and this row runs rapo's
 * default load term (so it then equals rapo).
 */
export const RAPO_PAPER_LOAD: EvalMethod = rapoVariant(
  "rapo-paper-load",
  "rapo (paper load formula)",
  'rapo with the paper\'s load formula for L_a (routing.load = "paper"); everything else as rapo.',
  { routing: { load: "paper" } } as unknown as RapoConfigInput,
);

/** The four ablations of SPEC §10, after the paper-load variant. */
export const RAPO_ABLATIONS: readonly EvalMethod[] = [
  RAPO_PAPER_LOAD,
  rapoVariant(
    "rapo-no-consensus",
    "rapo − consensus",
    "rapo with consensus off (consensus.enabled = false): P_i keep their prompt-space initialisation.",
    {
      consensus: { enabled: false },
    },
  ),
  rapoVariant(
    "rapo-no-load",
    "rapo − load term",
    "rapo routing on capability only (routing.useLoad = false).",
    { routing: { useLoad: false } },
  ),
  rapoVariant(
    "rapo-no-learning",
    "rapo − capability learning",
    "rapo without capability learning (routing.learnCapabilities = false): routing uses the capability prior only, no exploration.",
    { routing: { learnCapabilities: false } },
  ),
  rapoVariant(
    "rapo-no-packet",
    "rapo − handoff packet",
    "rapo without the handoff packet or facts ledger (handoff.enabled = false); its agents get the common framework memory window of raw history, like the baselines.",
    { handoff: { enabled: false } },
    true,
  ),
];
