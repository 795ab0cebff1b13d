/**
 * @module eval
 * The evaluation of SPEC §10 (paper §5): run-record types, metrics, statistics and the report.
 * The method runner feeds `MethodResult`s to `summarizeEvaluation`, adds how to reproduce the run
 * and the machine, and passes that to `renderReport` / `writeReport`.
 */

// ── Simulated cast, methods and runner (`rapo bench`) ──
export {
  type CastMember,
  type CastOptions,
  castAgents,
  DEFAULT_CAST,
  DEFAULT_CAST_SETTINGS,
} from "./cast.js";
// ── Generator, rule verifier and LLM judge ──
export * from "./generator/index.js";
export {
  createLlmJudge,
  DEFAULT_JUDGE_INSTRUCTIONS,
  type JudgedTurn,
  judgeVerifier,
  type LlmJudge,
  type LlmJudgeOptions,
  parseJudgeScore,
} from "./llm-judge.js";
export * from "./methods/index.js";
// ── Run records, metrics, statistics, report ───────────────────────────────────────────────
export * from "./metrics/index.js";
export * from "./report/index.js";
export * from "./runner/index.js";
export * from "./scenario/index.js";
export * from "./stats/index.js";
export type {
  ConversationRun,
  FailureCause,
  FailureCauseCounts,
  FailureMode,
  FailureModeCounts,
  FaultKind,
  MethodKind,
  MethodResult,
  PaperMethodKey,
  TurnRun,
} from "./types.js";
export {
  createRuleVerifier,
  isClarificationRequest,
  type RuleVerifier,
  type Verdict,
  verifyTurn,
} from "./verifier.js";
