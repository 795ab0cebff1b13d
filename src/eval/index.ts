/**
 * @module eval
 * The evaluation of SPEC §10 (paper §5): run-record types, metrics, statistics and the report.
 * The method runner feeds `MethodResult`s to `summarizeEvaluation`, adds how to reproduce the run
 * and the machine, and passes that to `renderReport` / `writeReport`.
 */

// ── Run records, metrics, statistics, report ───────────────────────────────────────────────
export * from "./metrics/index.js";
export * from "./report/index.js";
export * from "./stats/index.js";
export type {
  ConversationRun,
  FailureMode,
  FailureModeCounts,
  FaultKind,
  MethodKind,
  MethodResult,
  MetricThresholds,
  PaperMethodKey,
  TurnRun,
} from "./types.js";

// ── Generator and verifier (owned by the generator/verifier work; add their exports here) ──

// ── Simulated cast, methods and runner (`rapo bench`) ──
export {
  type CastMember,
  type CastOptions,
  castAgents,
  DEFAULT_CAST,
  DEFAULT_CAST_SETTINGS,
} from "./cast.js";
export * from "./methods/index.js";
export * from "./runner/index.js";
