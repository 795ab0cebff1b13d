/**
 * @module config/agents-file
 * The schema of a rapo config file (`rapo.config.json|yaml|ts`): orchestrator settings, an
 * optional provider embedding model, and the agents, each on an AI SDK provider. API keys are
 * never in the file: an agent names the environment variable that holds its key.
 */
import { z } from "zod";
import type { RapoConfigInput } from "./schema.js";

/** Providers an agent can run on. */
export const AGENT_PROVIDERS = [
  "openai",
  "openai-compatible",
  "ollama",
  "anthropic",
  "simulated",
  "llama-cpp",
] as const;

/** One of {@link AGENT_PROVIDERS}. */
export type AgentProvider = (typeof AGENT_PROVIDERS)[number];

/** Providers that can serve the embedding model. */
export const EMBEDDING_PROVIDERS = ["openai", "openai-compatible", "ollama"] as const;

/** The env var read for the API key when `apiKeyEnv` is absent (providers that need a key). */
export const DEFAULT_API_KEY_ENV: Partial<Record<AgentProvider, string>> = {
  openai: "OPENAI_API_KEY",
  anthropic: "ANTHROPIC_API_KEY",
};

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name");
const unit = z.number().min(0).max(1);

/** Price per million tokens, used for cost estimates. */
export const pricingSchema = z.strictObject({
  inputPerMTok: z.number().min(0),
  outputPerMTok: z.number().min(0),
});

/** Options of a local GGUF model run through node-llama-cpp. */
export const llamaCppOptionsSchema = z.strictObject({
  /** context window in tokens (default: the model's, capped by memory). */
  contextSize: z.number().int().positive().optional(),
  /** layers offloaded to a GPU: a count, "auto" or "max" (default "auto"). */
  gpuLayers: z.union([z.number().int().min(0), z.enum(["auto", "max"])]).optional(),
  temperature: z.number().min(0).optional(),
  seed: z.number().int().optional(),
});

/** One declared agent. */
export const agentEntrySchema = z.strictObject({
  id: z.string().min(1),
  role: z.string().min(1),
  systemPrompt: z.string().optional(),
  provider: z.enum(AGENT_PROVIDERS),
  /** the provider's model name; for `llama-cpp`, the path of a GGUF file (relative to the config file). */
  model: z.string().min(1),
  /** endpoint, e.g. `http://localhost:8000/v1` (vLLM) or `http://localhost:11434/api` (Ollama). */
  baseURL: z.url().optional(),
  /** name of the environment variable holding the API key (never the key itself). */
  apiKeyEnv: envName.optional(),
  capabilityPrior: z.union([z.record(z.string(), unit), z.array(z.array(unit))]).optional(),
  capacity: z.number().int().positive().optional(),
  pool: z.string().min(1).optional(),
  pricing: pricingSchema.optional(),
  /** per-call timeout of this agent, in ms (default: `config.limits.modelTimeoutMs`). */
  timeoutMs: z.number().int().positive().optional(),
  /** profile passed to the simulated-model factory (provider `simulated`). */
  simulated: z.record(z.string(), z.unknown()).optional(),
  /** local model options (provider `llama-cpp`). */
  llamaCpp: llamaCppOptionsSchema.optional(),
});

/** The embedding model; the local default embedder is used when absent. */
export const embeddingEntrySchema = z.strictObject({
  provider: z.enum(EMBEDDING_PROVIDERS),
  model: z.string().min(1),
  baseURL: z.url().optional(),
  apiKeyEnv: envName.optional(),
});

/** A whole config file. `config` is checked later by `resolveConfig`. */
/** Issue 5: the model of the optional LLM-judge verifier (scores turns without explicit feedback). */
export const judgeEntrySchema = z.strictObject({
  provider: z.enum(AGENT_PROVIDERS),
  model: z.string().min(1),
  baseURL: z.url().optional(),
  apiKeyEnv: envName.optional(),
  /** per-call timeout of the judge, in ms (default 10,000). */
  timeoutMs: z.number().int().positive().optional(),
});

export const rapoFileSchema = z.strictObject({
  config: z.record(z.string(), z.unknown()).optional(),
  embedding: embeddingEntrySchema.optional(),
  judge: judgeEntrySchema.optional(),
  agents: z.array(agentEntrySchema).min(1, "declare at least one agent"),
});

/** A validated agent declaration. */
export type AgentEntry = z.infer<typeof agentEntrySchema>;

/** A validated embedding declaration. */
export type EmbeddingEntry = z.infer<typeof embeddingEntrySchema>;

export type JudgeEntry = z.infer<typeof judgeEntrySchema>;

/** A validated config file. */
export interface RapoFile {
  config?: RapoConfigInput;
  embedding?: EmbeddingEntry;
  /** the LLM-judge verifier's model, when configured. */
  judge?: JudgeEntry;
  agents: AgentEntry[];
  /** the file it was loaded from, if any. */
  source?: string;
}

/** What a user writes (input of the schema). */
export type RapoFileInput = Omit<z.input<typeof rapoFileSchema>, "config"> & { config?: RapoConfigInput };

/** Identity helper giving a `rapo.config.ts` its types: `export default defineRapoFile({ ... })`. */
export function defineRapoFile(file: RapoFileInput): RapoFileInput {
  return file;
}
