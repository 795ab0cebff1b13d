/**
 * @module eval/metrics/failure-modes
 * Attribution of a failed conversation to one failure category (paper Figure 1). The category is
 * decided at the conversation's first failing turn (a required turn judged wrong, or a context
 * break), because later errors are usually consequences of the first. Rules, in priority order:
 *
 * 1. `resources`: that turn had a fault (timeout, model error, overload) — an external cause
 *    explains everything after it.
 * 2. `context_loss`: the answer broke context (cosine < `contextBreakCosine`), or the turn is a
 *    handoff whose receiver lost topic continuity (cosine ≤ `handoffCosine`).
 * 3. `ambiguous_query`: the answer asked for clarification, or the answer key marks the query
 *    as ambiguous.
 * 4. `agent_selection`: the turn was answered wrongly by an agent whose specialties (non-empty)
 *    do not include the turn's task type — routing picked the wrong agent.
 * 5. `topic_shift`: the answer key marks the turn as a topic shift (a transition trigger fired)
 *    and the (specialist or generalist) agent still got it wrong.
 * 6. `other`: none of the above (a plain wrong answer on an ordinary turn).
 */
import type { FailureMode, FailureModeCounts, MetricThresholds, TurnRun } from "../types.js";
import { firstFailingTurn, isContextBreak } from "./turn-rules.js";

/** Failure categories in display order. */
export const FAILURE_MODES: readonly FailureMode[] = [
  "context_loss",
  "ambiguous_query",
  "topic_shift",
  "resources",
  "agent_selection",
  "other",
];

/** Human labels of the failure categories (paper Figure 1 wording). */
export const FAILURE_MODE_LABELS: Readonly<Record<FailureMode, string>> = {
  context_loss: "Context loss",
  ambiguous_query: "Ambiguous query",
  topic_shift: "Complex topic shift",
  resources: "Resources (timeout, overload, errors)",
  agent_selection: "Agent selection",
  other: "Other",
};

/** The failure category of a conversation, or null when it succeeded end-to-end. */
export function classifyFailure(turns: readonly TurnRun[], thresholds: MetricThresholds): FailureMode | null {
  const i = firstFailingTurn(turns, thresholds);
  return i < 0 ? null : classifyFailingTurn(turns[i]!, thresholds);
}

/** Applies the documented rules to the first failing turn. */
export function classifyFailingTurn(turn: TurnRun, thresholds: MetricThresholds): FailureMode {
  if (turn.fault !== undefined) return "resources";
  if (isContextBreak(turn, thresholds)) return "context_loss";
  if (turn.handoff && turn.contextCosine <= thresholds.handoffCosine) return "context_loss";
  if (turn.clarification || turn.ambiguous) return "ambiguous_query";
  if (!turn.correct && turn.agentSpecialties.length > 0 && !turn.agentSpecialties.includes(turn.taskType)) {
    return "agent_selection";
  }
  if (turn.topicShift) return "topic_shift";
  return "other";
}

/** A zeroed count per failure mode. */
export function emptyFailureCounts(): FailureModeCounts {
  return { context_loss: 0, ambiguous_query: 0, topic_shift: 0, resources: 0, agent_selection: 0, other: 0 };
}
