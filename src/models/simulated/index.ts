/**
 * @module models/simulated
 * The deterministic simulated LLM and the controlled fact language it shares with the
 * synthetic generator.
 */

export { hashString, mixSeeds } from "../../util/hash.js";
export { createPrng, type Prng } from "../../util/random.js";
export { type AnswerPlan, planAnswer } from "./answer-plan.js";
export { type DirectiveName, type DirectiveSet, detectDirectives } from "./directives.js";
export * from "./fact-language.js";
export {
  driftSchema,
  faultsSchema,
  latencySchema,
  rateLimitSchema,
  resolveProfile,
  type SimulatedProfile,
  type SimulatedProfileInput,
  simulatedProfileSchema,
} from "./profile.js";
export { buildView, type PromptView, viewPrompt } from "./prompt-view.js";
export { rateLimitError, SlidingWindowLimiter } from "./rate-limiter.js";
export { type Reply, respond } from "./responder.js";
export { type Booking, createSimClock, type SimClock } from "./scheduler.js";
export {
  SIMULATED_PROVIDER,
  type SimulatedLanguageModel,
  type SimulatedModelOptions,
  simulatedModel,
  simulatedModelFactory,
  TOKENS_PER_WORD,
} from "./simulated-model.js";
export { chooseStyle, GLOSSARY, type Style, type Vocabulary } from "./style.js";
export { createTaskDetector, type TaskDetector } from "./task-detection.js";
