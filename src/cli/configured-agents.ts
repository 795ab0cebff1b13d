/**
 * @module cli/configured-agents
 * Agents declared in a `rapo.config.{json,yaml,ts}` file, built through the AI SDK providers;
 * model names are checked against the servers at start-up. The file may also name a provider
 * embedding model and an LLM-judge model.
 */
import type { EmbeddingModelV3 } from "@ai-sdk/provider";
import { loadRapoFile } from "../config/file.js";
import type { RapoConfigInput } from "../config/schema.js";
import { createLlmJudge, judgeVerifier } from "../eval/llm-judge.js";
import { createAgentSpecs } from "../models/providers/agent-specs.js";
import { assertAgentModels } from "../models/providers/check-models.js";
import { createEmbedder } from "../models/providers/embedder.js";
import { createLanguageModel } from "../models/providers/language-model.js";
import { simulatedModelFactory } from "../models/simulated/simulated-model.js";
import type { Verifier } from "../runtime/runtime-context.js";
import type { AgentSpec } from "../runtime/types.js";

/** What a config file declares, built. */
export interface ConfiguredOrchestra {
  agents: AgentSpec[];
  config: RapoConfigInput;
  /** the provider's embedding model, when the file names one. */
  embedder?: EmbeddingModelV3;
  /** the LLM-judge verifier, when the file names a judge model. */
  verifier?: Verifier;
}

/** Default per-call timeout of the judge, in ms. */
const JUDGE_TIMEOUT_MS = 10_000;

/** Loads, validates and builds the agents, embedder and judge of a config file. */
export async function loadConfiguredAgents(path: string, env = process.env): Promise<ConfiguredOrchestra> {
  const file = await loadRapoFile(path);
  await assertAgentModels(file);
  const factory = { simulatedFactory: simulatedModelFactory() };
  const agents = createAgentSpecs(file, env, factory);
  const embedder = createEmbedder(file.embedding, env) ?? undefined;
  const judge = file.judge;
  const verifier = judge
    ? judgeVerifier(
        createLlmJudge({
          model: createLanguageModel({ id: "judge", role: "judge", ...judge }, env, factory),
          timeoutMs: judge.timeoutMs ?? JUDGE_TIMEOUT_MS,
        }),
      )
    : undefined;
  return {
    agents,
    config: (file.config ?? {}) as RapoConfigInput,
    ...(embedder ? { embedder } : {}),
    ...(verifier ? { verifier } : {}),
  };
}
