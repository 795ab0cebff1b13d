/**
 * @module eval/metrics
 * The evaluation's metrics (issue 9). Primary: end-to-end success, success within the deadline,
 * latency, cost per success, fact preservation, handoff success, reference ROUGE-L, failure
 * causes. Paper-literal: context score and the calibrated cosine handoff success. Plus sliding
 * windows and breakdowns by transitions and length.
 */
export {
  aggregateMetrics,
  type ConversationMetric,
  conversationSample,
  conversationValue,
  type MethodMetrics,
} from "./aggregate.js";
export {
  byTransitions,
  contextByLength,
  type IntervalEstimate,
  type LengthPoint,
  successInTransitionRange,
  type TransitionBucket,
} from "./by-transitions.js";
export { type ConversationMetrics, measureConversation } from "./conversation-metrics.js";
export { type EvaluateOptions, evaluateMethod, type MethodEvaluation } from "./evaluate-method.js";
export {
  causeOfTurn,
  classifyCause,
  emptyCauseCounts,
  FAILURE_CAUSE_LABELS,
  FAILURE_CAUSES,
  isWrongAgent,
  PAPER_MODE_OF_CAUSE,
  WRONG_AGENT_MARGIN,
} from "./failure-causes.js";
export {
  classifyFailingTurn,
  classifyFailure,
  emptyFailureCounts,
  FAILURE_MODE_LABELS,
  FAILURE_MODES,
} from "./failure-modes.js";
export {
  applyLiteral,
  type CosineDistribution,
  calibrateLiteral,
  calibrationOf,
  type LiteralCalibration,
} from "./literal.js";
export {
  GLOVE_PACKAGE,
  gloveFromJson,
  type LiteralEmbedder,
  type LiteralEmbedderLoad,
  loadLiteralEmbedder,
} from "./literal-embedder.js";
export {
  REFERENCE_ROLE,
  type ReferenceAnswers,
  type ReferenceOptions,
  type ReferenceTurn,
  referenceAnswers,
} from "./reference-answers.js";
export { lcsLength, type RougeScore, rougeL, rougeLF } from "./rouge-l.js";
export { tokenizeWords } from "./tokenize.js";
export {
  factsPreserved,
  firstFailingInTime,
  firstFailingTurn,
  isFailingInTime,
  isFailingTurn,
  isHandoffSuccess,
  isLate,
} from "./turn-rules.js";
export { validateConversationRun, validateMethodResult } from "./validate.js";
export { slidingWindows, type WindowMetrics, type WindowOptions } from "./windows.js";
