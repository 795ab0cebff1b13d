/**
 * @module models/providers/agent-specs
 * Turns a validated config file into the orchestrator's AgentSpecs, each with its AI SDK model,
 * plus what the runtime needs around the call (pricing, timeout, provider and model names).
 */
import type { RapoFile } from "../../config/agents-file.js";
import type { AgentSpec } from "../../domain/agent-spec.js";
import type { Pricing } from "../accounting/cost.js";
import { createLanguageModel, type ModelFactoryOptions } from "./language-model.js";

/** An AgentSpec built from a config file: usable wherever an AgentSpec is. */
export interface ConfiguredAgentSpec extends AgentSpec {
  /** the provider it runs on, e.g. "ollama". */
  provider: string;
  /** the provider's model name (a GGUF path for llama-cpp). */
  modelName: string;
  /** price per million tokens, for cost estimates. */
  pricing?: Pricing;
  /** per-call timeout of this agent in ms, overriding `limits.modelTimeoutMs`. */
  timeoutMs?: number;
}

/** Builds every agent of `file`; throws a ConfigError naming the agent on a missing key or factory. */
export function createAgentSpecs(
  file: RapoFile,
  env: NodeJS.ProcessEnv = process.env,
  options: ModelFactoryOptions = {},
): ConfiguredAgentSpec[] {
  return file.agents.map((entry) => {
    const spec: ConfiguredAgentSpec = {
      id: entry.id,
      role: entry.role,
      model: createLanguageModel(entry, env, options),
      provider: entry.provider,
      modelName: entry.model,
    };
    if (entry.systemPrompt !== undefined) spec.systemPrompt = entry.systemPrompt;
    if (entry.capabilityPrior !== undefined) spec.capabilityPrior = entry.capabilityPrior;
    if (entry.capacity !== undefined) spec.capacity = entry.capacity;
    if (entry.pool !== undefined) spec.pool = entry.pool;
    if (entry.pricing !== undefined) spec.pricing = entry.pricing;
    if (entry.timeoutMs !== undefined) spec.timeoutMs = entry.timeoutMs;
    return spec;
  });
}

/** Pricing of every agent that declares one, keyed by id (for `UsageLedger`). */
export function pricingOf(file: RapoFile): Record<string, Pricing> {
  const pricing: Record<string, Pricing> = {};
  for (const agent of file.agents) if (agent.pricing !== undefined) pricing[agent.id] = agent.pricing;
  return pricing;
}
