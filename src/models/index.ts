/**
 * @module models
 * Models through the Vercel AI SDK: invocation at the spec level, the deterministic simulated
 * model, the scripted fake for unit tests, real providers, resilience and usage accounting.
 * The HTTP test servers stay under `models/testing` (test infrastructure, not runtime API).
 */
export * from "./accounting/index.js";
export * from "./invoke.js";
export * from "./providers/index.js";
export * from "./resilience/index.js";
export {
  type ScriptedCall,
  type ScriptedLanguageModel,
  type ScriptedReply,
  type ScriptFunction,
  scriptedModel,
  UnexpectedCallError,
} from "./scripted-model.js";
export * from "./simulated/index.js";
