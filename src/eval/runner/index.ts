/**
 * @module eval/runner
 * Plays a dataset through one method on fresh simulated agents and records every turn
 * (`runMethod`), with the instrumentation it needs: call tracking, the common framework memory
 * window of methods without rapo's packet, the context-cosine operationalisation, and the notes
 * `rapo bench` adds to its report.
 */
export { type BenchNoteInput, benchNotes, type ScenarioNoteInput } from "./bench-notes.js";
export {
  type CallRecord,
  type PromptRewrite,
  promptText,
  type TurnScope,
  trackedModel,
  withTurnScope,
} from "./call-tracking.js";
export { contextCosine } from "./context-cosine.js";
export {
  contextTokensOf,
  DEFAULT_MEMORY_WINDOW,
  memoryWindow,
  type TranscriptEntry,
} from "./memory-window.js";
export { mergeConfig } from "./merge-config.js";
export { RunClock } from "./run-clock.js";
export {
  DEFAULT_CONCURRENCY,
  type RunMethodOptions,
  runMethod,
  type TurnObservation,
  UNBOUNDED_WINDOW,
} from "./run-method.js";
export { factMeasures, factOrigins, neededFactsOf, usageOfCalls } from "./turn-measures.js";
