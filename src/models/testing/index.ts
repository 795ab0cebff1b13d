/**
 * @module models/testing
 * Real local HTTP servers speaking the OpenAI and Ollama protocols, with scriptable replies,
 * usage, 429 + Retry-After, 5xx, hangs and unknown models, for tests through the AI SDK providers.
 */
export { type RequestHandler, startTestServer, type TestServer } from "./http-harness.js";
export { type OllamaTestServer, startOllamaServer } from "./ollama-server.js";
export { type OpenAITestServer, startOpenAIServer } from "./openai-server.js";
export {
  type Behaviour,
  type ChatMessage,
  embedText,
  type RecordedRequest,
  type ScriptedUsage,
  type ServerScript,
} from "./script.js";
