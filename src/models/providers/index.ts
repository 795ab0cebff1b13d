/**
 * @module models/providers
 * Agents on real models: AI SDK models from config-file declarations (OpenAI, OpenAI-compatible,
 * Ollama, Anthropic, local GGUF through node-llama-cpp, simulated through a factory), the
 * provider embedding model, and a start-up check of model names.
 */
export { type ConfiguredAgentSpec, createAgentSpecs, pricingOf } from "./agent-specs.js";
export {
  assertAgentModels,
  checkAgentModels,
  type ModelCheckOptions,
  type ModelCheckProblem,
} from "./check-models.js";
export { createEmbedder } from "./embedder.js";
export {
  apiKeyFor,
  createLanguageModel,
  type ModelFactoryOptions,
  OLLAMA_DEFAULT_BASE_URL,
  type SimulatedFactory,
} from "./language-model.js";
export {
  createLlamaCppModel,
  LLAMA_CPP_INSTALL_HINT,
  type LlamaCppModelOptions,
  toLlamaHistory,
} from "./llama-cpp.js";
