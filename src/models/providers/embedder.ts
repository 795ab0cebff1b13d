/**
 * @module models/providers/embedder
 * The embedding model declared in a config file, from its provider (OpenAI, an
 * OpenAI-compatible endpoint, or Ollama); null means "use the local default embedder".
 */
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { EmbeddingModelV3 } from "@ai-sdk/provider";
import { createOllama } from "ollama-ai-provider-v2";
import type { EmbeddingEntry } from "../../config/agents-file.js";
import { apiKeyFor, OLLAMA_DEFAULT_BASE_URL } from "./language-model.js";

/** Builds the provider embedding model of `entry`, or null when none is configured. */
export function createEmbedder(
  entry: EmbeddingEntry | undefined,
  env: NodeJS.ProcessEnv = process.env,
  options: { fetch?: typeof globalThis.fetch } = {},
): EmbeddingModelV3 | null {
  if (entry === undefined) return null;
  const apiKey = apiKeyFor(entry, env);
  const { fetch } = options;
  switch (entry.provider) {
    case "openai":
      return createOpenAI({ apiKey, baseURL: entry.baseURL, fetch }).embedding(entry.model);
    case "openai-compatible":
      return createOpenAICompatible({
        name: "openai-compatible",
        baseURL: entry.baseURL!,
        apiKey,
        fetch,
      }).embeddingModel(entry.model);
    case "ollama":
      return createOllama({ baseURL: entry.baseURL ?? OLLAMA_DEFAULT_BASE_URL, fetch }).embedding(
        entry.model,
      );
  }
}
