/**
 * @module eval/metrics/failure-modes
 * The paper's Figure 1 categories of a failed conversation, derived from its failure cause
 * (`failure-causes.ts`) — never from a cosine: missing fact → context loss, wrong agent → agent
 * selection, timeout and faults → resources, clarification → ambiguous query; a format or model
 * error on a turn the answer key marks as a topic shift → complex topic shift, else other.
 */
import type { FailureMode, FailureModeCounts, TurnRun } from "../types.js";
import { causeOfTurn, PAPER_MODE_OF_CAUSE } from "./failure-causes.js";
import { firstFailingInTime } from "./turn-rules.js";

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

/** The failure category of a conversation, or null when it succeeded within the deadline. */
export function classifyFailure(turns: readonly TurnRun[]): FailureMode | null {
  const i = firstFailingInTime(turns);
  return i < 0 ? null : classifyFailingTurn(turns[i]!);
}

/** The Figure 1 category of one failing turn. */
export function classifyFailingTurn(turn: TurnRun): FailureMode {
  const mode = PAPER_MODE_OF_CAUSE[causeOfTurn(turn)];
  return mode === "other" && turn.topicShift ? "topic_shift" : mode;
}

/** A zeroed count per failure mode. */
export function emptyFailureCounts(): FailureModeCounts {
  return { context_loss: 0, ambiguous_query: 0, topic_shift: 0, resources: 0, agent_selection: 0, other: 0 };
}
