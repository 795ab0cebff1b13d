/**
 * @module eval/metrics/evaluate-method
 * Validates and measures every conversation of one method, then aggregates.
 */
import type { MethodKind, MethodResult, MetricThresholds, PaperMethodKey } from "../types.js";
import { aggregateMetrics, type MethodMetrics } from "./aggregate.js";
import { type ConversationMetrics, measureConversation } from "./conversation-metrics.js";
import { validateMethodResult } from "./validate.js";

/** A method's identity, its per-conversation metrics and their aggregate. */
export interface MethodEvaluation {
  method: string;
  label: string;
  kind: MethodKind;
  paperRef?: PaperMethodKey;
  description: string;
  /** per-conversation metrics, in dataset order. */
  conversations: ConversationMetrics[];
  metrics: MethodMetrics;
}

/**
 * Measures a method's runs.
 * @throws InputError when the result is empty or a run is malformed.
 */
export function evaluateMethod(result: MethodResult, thresholds: MetricThresholds): MethodEvaluation {
  validateMethodResult(result);
  const conversations = result.conversations.map((run) => measureConversation(run, thresholds));
  return {
    method: result.method,
    label: result.label,
    kind: result.kind,
    ...(result.paperRef === undefined ? {} : { paperRef: result.paperRef }),
    description: result.description,
    conversations,
    metrics: aggregateMetrics(conversations),
  };
}
