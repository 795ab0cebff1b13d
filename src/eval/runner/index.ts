/**
 * @module eval/runner
 * Plays a dataset through one method on fresh simulated agents and records every turn
 * (`runMethod`), with the instrumentation it needs: call tracking, the common framework memory
 * window of methods without rapo's packet, the context-cosine operationalisation, and the notes
 * `rapo bench` adds to its report.
 */
export { type BenchNoteInput, benchNotes } from "./bench-notes.js";
export {
  type CallRecord,
  type PromptRewrite,
  promptText,
  type TurnScope,
  trackedModel,
  withTurnScope,
} from "./call-tracking.js";
export { contextCosine } from "./context-cosine.js";
export { DEFAULT_MEMORY_WINDOW, memoryWindow, type TranscriptEntry } from "./memory-window.js";
export { mergeConfig } from "./merge-config.js";
export { DEFAULT_CONCURRENCY, type RunMethodOptions, runMethod, type TurnObservation } from "./run-method.js";
