/**
 * @module eval/metrics
 * SPEC §10 metrics: ROUGE-L, context score, handoff success, end-to-end success, failure modes,
 * response-time mean/p95, sliding windows and breakdowns by transitions and length.
 */
export { aggregateMetrics, type MethodMetrics } from "./aggregate.js";
export {
  byTransitions,
  contextByLength,
  type IntervalEstimate,
  type LengthPoint,
  successInTransitionRange,
  type TransitionBucket,
} from "./by-transitions.js";
export { type ConversationMetrics, measureConversation } from "./conversation-metrics.js";
export { evaluateMethod, type MethodEvaluation } from "./evaluate-method.js";
export {
  classifyFailingTurn,
  classifyFailure,
  emptyFailureCounts,
  FAILURE_MODE_LABELS,
  FAILURE_MODES,
} from "./failure-modes.js";
export { lcsLength, type RougeScore, rougeL, rougeLF } from "./rouge-l.js";
export { tokenizeWords } from "./tokenize.js";
export { firstFailingTurn, isContextBreak, isFailingTurn, isHandoffSuccess } from "./turn-rules.js";
export { validateConversationRun, validateMethodResult } from "./validate.js";
export { slidingWindows, type WindowMetrics, type WindowOptions } from "./windows.js";
