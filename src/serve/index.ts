/**
 * @module serve
 * `rapo serve`: the OpenAI-compatible HTTP service (chat completions, responses, models), rapo's
 * own endpoints (feedback, conversations, agents), metrics, health and the live dashboard.
 */

export { type OpenAIErrorBody, toOpenAIError } from "./openai-errors.js";
export { RapoServer, type RapoServerOptions } from "./server.js";
export { hashApiKey } from "./tenants.js";
export { AGENT_MODEL_PREFIX, type RapoExtension, ROUTED_MODEL } from "./turn-service.js";
