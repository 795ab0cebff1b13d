/**
 * @module eval/metrics/evaluate-method
 * Validates and measures every conversation of one method, then aggregates.
 */
import type { MethodKind, MethodResult, PaperMethodKey } from "../types.js";
import { aggregateMetrics, type MethodMetrics } from "./aggregate.js";
import { type ConversationMetrics, measureConversation } from "./conversation-metrics.js";
import type { ReferenceAnswers } from "./reference-answers.js";
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

/** Options of {@link evaluateMethod}. */
export interface EvaluateOptions {
  /** the full-context oracle's answers per conversation, for reference ROUGE-L. */
  references?: ReferenceAnswers;
}

/**
 * Measures a method's runs.
 * @throws InputError when the result is empty or a run is malformed.
 */
export function evaluateMethod(result: MethodResult, options: EvaluateOptions = {}): MethodEvaluation {
  validateMethodResult(result);
  const conversations = result.conversations.map((run) =>
    measureConversation(run, options.references?.get(run.conversationId)),
  );
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
