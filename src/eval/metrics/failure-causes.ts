/**
 * @module eval/metrics/failure-causes
 * Attribution of a failed conversation to its cause (issue 9: by cause, never by a cosine). The
 * cause is decided at the conversation's first turn that failed the user — a required turn the
 * verifier rejected, or a turn past the client deadline — because later errors are usually its
 * consequences. Rules, in priority order:
 *
 * 1. `fault`: the turn got no answer after a model error or a 429 (every agent tried failed).
 * 2. `timeout`: the turn was late (past the client deadline), or got no answer after a timeout.
 * 3. `missing_fact`: the answer needed a fact stated earlier that was not in the prompt of the
 *    agent that answered.
 * 4. `wrong_agent`: the answering agent's hidden skill on the turn's task was more than
 *    {@link WRONG_AGENT_MARGIN} below the best agent's at that moment (runs without recorded skills
 *    fall back to "its declared specialties do not include the turn's task type").
 * 5. `clarification`: the answer asked for clarification instead.
 * 6. `format`: the verifier rejected the answer only for its format.
 * 7. `model`: none of the above — the right agent with the facts in front of it got it wrong (a
 *    stochastic model error).
 *
 * The paper's Figure 1 categories are kept as a mapping of causes ({@link PAPER_MODE_OF_CAUSE}).
 */
import type { FailureCause, FailureCauseCounts, FailureMode, TurnRun } from "../types.js";
import { firstFailingInTime } from "./turn-rules.js";

/** Skill gap beyond which the answering agent counts as the wrong one. */
export const WRONG_AGENT_MARGIN = 0.1;

/** Causes in display order. */
export const FAILURE_CAUSES: readonly FailureCause[] = [
  "wrong_agent",
  "missing_fact",
  "timeout",
  "fault",
  "format",
  "clarification",
  "model",
];

/** Human labels of the causes. */
export const FAILURE_CAUSE_LABELS: Readonly<Record<FailureCause, string>> = {
  wrong_agent: "Wrong agent",
  missing_fact: "Missing fact",
  timeout: "Timeout / late",
  fault: "Fault (error, 429)",
  format: "Format",
  clarification: "Clarification asked",
  model: "Model error (right agent, facts present)",
};

/** The paper's Figure 1 category each cause corresponds to (format and model errors: "other"). */
export const PAPER_MODE_OF_CAUSE: Readonly<Record<FailureCause, FailureMode>> = {
  wrong_agent: "agent_selection",
  missing_fact: "context_loss",
  timeout: "resources",
  fault: "resources",
  format: "other",
  clarification: "ambiguous_query",
  model: "other",
};

/** The failure cause of a conversation, or null when it succeeded within the deadline. */
export function classifyCause(turns: readonly TurnRun[]): FailureCause | null {
  const i = firstFailingInTime(turns);
  return i < 0 ? null : causeOfTurn(turns[i]!);
}

/** Applies the documented rules to one failing turn. */
export function causeOfTurn(turn: TurnRun): FailureCause {
  const unanswered = turn.answer.trim().length === 0;
  if (unanswered && turn.fault !== undefined && turn.fault !== "timeout") return "fault";
  if (turn.deadlineMet === false || (unanswered && turn.fault === "timeout")) return "timeout";
  if (unanswered && turn.fault !== undefined) return "fault";
  if (turn.needsEarlierFacts === true && turn.factsReached === false) return "missing_fact";
  if (isWrongAgent(turn)) return "wrong_agent";
  if (turn.clarification) return "clarification";
  if (turn.formatError === true) return "format";
  return "model";
}

/** The answering agent was clearly not the best one for the turn (see the module comment). */
export function isWrongAgent(turn: TurnRun): boolean {
  if (turn.agentSkill !== undefined && turn.bestSkill !== undefined)
    return turn.agentSkill < turn.bestSkill - WRONG_AGENT_MARGIN;
  return turn.agentSpecialties.length > 0 && !turn.agentSpecialties.includes(turn.taskType);
}

/** A zeroed count per cause. */
export function emptyCauseCounts(): FailureCauseCounts {
  return { wrong_agent: 0, missing_fact: 0, timeout: 0, fault: 0, format: 0, clarification: 0, model: 0 };
}
