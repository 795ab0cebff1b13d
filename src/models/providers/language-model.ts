/**
 * @module models/providers/language-model
 * Builds the AI SDK language model of one declared agent: OpenAI (chat completions API),
 * any OpenAI-compatible endpoint (vLLM, llama.cpp server, LM Studio), Ollama, Anthropic, a
 * local GGUF file (node-llama-cpp), or the simulated model through a factory the caller passes.
 */
import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { createOllama } from "ollama-ai-provider-v2";
import type { AgentEntry } from "../../config/agents-file.js";
import { apiKeyEnvOf } from "../../config/file.js";
import { ConfigError } from "../../errors.js";
import { createLlamaCppModel } from "./llama-cpp.js";

/** Builds the simulated model of an agent from its `simulated` profile. */
export type SimulatedFactory = (agentId: string, profile: Record<string, unknown>) => LanguageModelV3;

/** Options of {@link createLanguageModel}. */
export interface ModelFactoryOptions {
  /** required when an agent uses provider `simulated`. */
  simulatedFactory?: SimulatedFactory;
  /** a custom fetch for every HTTP provider (proxies, instrumentation). */
  fetch?: typeof globalThis.fetch;
}

/** Ollama's default endpoint, as `ollama-ai-provider-v2` expects it (with `/api`). */
export const OLLAMA_DEFAULT_BASE_URL = "http://127.0.0.1:11434/api";

/** Reads the API key of `entry` from `env` (undefined when the provider needs none and none is named). */
export function apiKeyFor(
  entry: { id?: string; provider: string; apiKeyEnv?: string },
  env: NodeJS.ProcessEnv,
): string | undefined {
  const variable = apiKeyEnvOf(entry);
  if (variable === undefined) return undefined;
  const key = env[variable];
  if (key === undefined || key === "") {
    const who = entry.id === undefined ? "embedding" : `agent '${entry.id}'`;
    throw new ConfigError(`${who}: field 'apiKeyEnv': environment variable ${variable} is not set`, {
      field: "apiKeyEnv",
      agentId: entry.id,
      variable,
    });
  }
  return key;
}

/** The language model of `entry`. */
export function createLanguageModel(
  entry: AgentEntry,
  env: NodeJS.ProcessEnv = process.env,
  options: ModelFactoryOptions = {},
): LanguageModelV3 {
  const apiKey = apiKeyFor(entry, env);
  const { fetch } = options;
  switch (entry.provider) {
    case "openai":
      // the chat-completions API: what OpenAI-compatible servers also speak (the default is Responses)
      return createOpenAI({ apiKey, baseURL: entry.baseURL, fetch }).chat(entry.model);
    case "openai-compatible":
      return createOpenAICompatible({
        name: "openai-compatible",
        baseURL: entry.baseURL!,
        apiKey,
        includeUsage: true,
        fetch,
      }).chatModel(entry.model);
    case "ollama":
      return createOllama({ baseURL: entry.baseURL ?? OLLAMA_DEFAULT_BASE_URL, fetch })(entry.model);
    case "anthropic":
      return createAnthropic({ apiKey, baseURL: entry.baseURL, fetch })(entry.model);
    case "llama-cpp":
      return createLlamaCppModel({ modelPath: entry.model, ...entry.llamaCpp });
    case "simulated":
      if (options.simulatedFactory === undefined) {
        throw new ConfigError(
          `agent '${entry.id}': field 'provider': 'simulated' needs a simulated-model factory`,
          {
            field: "provider",
            agentId: entry.id,
          },
        );
      }
      return options.simulatedFactory(entry.id, entry.simulated ?? {});
  }
}
