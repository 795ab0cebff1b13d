/**
 * @module eval/methods/rapo-methods
 * rapo and its ablations (SPEC §10). rapo runs with its defaults: adaptive routing (capability ×
 * (1 − load) with exploration), the handoff packet, capability learning, and consensus on the
 * prompt vectors through the consensus layer's prompt-space adapter when that layer provides one
 * (`consensusPrompts` in `src/consensus`); otherwise P_i stays at its prompt-space initialisation.
 * Each ablation switches exactly one mechanism off.
 */
import type { RapoConfig, RapoConfigInput } from "../../config/schema.js";
import type { PromptSpaceAdapter } from "../../runtime/prompt-vectors.js";
import { staticPromptSpace } from "./prompt-adapters.js";
import type { EvalMethod, MethodEnv, MethodSetup } from "./types.js";

/** The shape the consensus layer's adapter factory is expected to have. */
type ConsensusPromptsFactory = (config: RapoConfig, options: { embedder: MethodEnv["embedder"] }) => PromptSpaceAdapter | Promise<PromptSpaceAdapter>;

/** rapo's prompt adapter: the consensus layer's when it exports one, else the static prompt space. */
export async function rapoPrompts(env: MethodEnv, config: RapoConfig): Promise<{ prompts: PromptSpaceAdapter; consensus: boolean }> {
  const factory = await consensusFactory();
  if (factory) return { prompts: await factory(config, { embedder: env.embedder }), consensus: true };
  return { prompts: staticPromptSpace(env), consensus: false };
}

async function consensusFactory(): Promise<ConsensusPromptsFactory | undefined> {
  const mod: Record<string, unknown> = await import("../../consensus/index.js");
  const factory = mod["consensusPrompts"];
  return typeof factory === "function" ? (factory as ConsensusPromptsFactory) : undefined;
}

function merged(env: MethodEnv, overrides: RapoConfigInput): RapoConfig {
  const c = env.config;
  return {
    ...c,
    routing: { ...c.routing, ...(overrides.routing as Partial<RapoConfig["routing"]>) },
    handoff: { ...c.handoff, ...(overrides.handoff as Partial<RapoConfig["handoff"]>) },
    consensus: { ...c.consensus, ...(overrides.consensus as Partial<RapoConfig["consensus"]>) },
    learning: { ...c.learning, ...(overrides.learning as Partial<RapoConfig["learning"]>) },
  };
}

function rapoVariant(id: string, label: string, description: string, overrides: RapoConfigInput, withMemoryWindow = false): EvalMethod {
  return {
    id,
    label,
    kind: id === "rapo" ? "rapo" : "ablation",
    ...(id === "rapo" ? { paperRef: "ours" as const } : {}),
    description,
    async build(env): Promise<MethodSetup> {
      const { prompts } = await rapoPrompts(env, merged(env, overrides));
      return { prompts, config: overrides, ...(withMemoryWindow ? { memoryWindow: env.memoryWindow } : {}) };
    },
  };
}

/** rapo with every mechanism on. */
export const RAPO: EvalMethod = rapoVariant(
  "rapo",
  "rapo (ours)",
  "Adaptive routing argmax C_a·(1 − L_a) with UCB exploration and learned capabilities (η = 0.1, decay 0.95), " +
    "handoff packet (facts, entities, summary, last 20 turns, sender state), consensus on prompt vectors P_i when the consensus layer is wired.",
  {},
);

/** The four ablations of SPEC §10. */
export const RAPO_ABLATIONS: readonly EvalMethod[] = [
  rapoVariant("rapo-no-consensus", "rapo − consensus", "rapo with consensus off (consensus.enabled = false): P_i keep their prompt-space initialisation.", {
    consensus: { enabled: false },
  }),
  rapoVariant("rapo-no-load", "rapo − load term", "rapo routing on capability only (routing.useLoad = false).", { routing: { useLoad: false } }),
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
