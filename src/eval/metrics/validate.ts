/**
 * @module eval/metrics/validate
 * Checks run records before they are measured, so a malformed or truncated record fails loudly
 * with the conversation and field named, instead of skewing a metric.
 */
import { InputError } from "../../errors.js";
import type { ConversationRun, MethodResult, TurnRun } from "../types.js";

const FAULTS = new Set(["timeout", "error", "overload"]);

/** @throws InputError naming the first inconsistency of a conversation run. */
export function validateConversationRun(run: ConversationRun): void {
  const id = typeof run?.conversationId === "string" ? run.conversationId : "?";
  const fail = (field: string, problem: string): never => {
    throw new InputError("invalid_run", `conversation '${id}': ${field} ${problem}`, {
      conversationId: id,
      field,
    });
  };
  if (typeof run?.conversationId !== "string" || run.conversationId === "")
    fail("conversationId", "must be a non-empty string");
  if (typeof run.method !== "string" || run.method === "") fail("method", "must be a non-empty string");
  if (!Array.isArray(run.turns) || run.turns.length === 0) fail("turns", "must hold at least one turn");
  if (!isNonNegative(run.responseTimeMs)) fail("responseTimeMs", "must be a finite number ≥ 0");
  let handoffs = 0;
  run.turns.forEach((turn, i) => {
    const problem = turnProblem(turn, i);
    if (problem) fail(`turns[${i}].${problem[0]}`, problem[1]);
    const switched = i > 0 && turn.agentId !== run.turns[i - 1]!.agentId;
    if (turn.handoff !== switched)
      fail(`turns[${i}].handoff`, `must be ${switched} (agent ${switched ? "changed" : "unchanged"})`);
    if (turn.handoff) handoffs++;
  });
  if (run.transitions !== handoffs)
    fail("transitions", `is ${run.transitions} but ${handoffs} turns are handoffs`);
}

/** @throws InputError when a method result is empty or one of its runs is invalid or misattributed. */
export function validateMethodResult(result: MethodResult): void {
  if (!Array.isArray(result.conversations) || result.conversations.length === 0) {
    throw new InputError("no_conversations", `method '${result.method}' has no conversations`, {
      method: result.method,
    });
  }
  for (const run of result.conversations) {
    validateConversationRun(run);
    if (run.method !== result.method) {
      throw new InputError(
        "invalid_run",
        `conversation '${run.conversationId}' was played by '${run.method}', not '${result.method}'`,
        { conversationId: run.conversationId, method: result.method },
      );
    }
  }
}

function turnProblem(turn: TurnRun, i: number): [string, string] | null {
  if (turn?.index !== i) return ["index", `must be ${i}`];
  if (typeof turn.agentId !== "string" || turn.agentId === "")
    return ["agentId", "must be a non-empty string"];
  if (typeof turn.answer !== "string") return ["answer", "must be a string"];
  if (!isNonNegative(turn.latencyMs)) return ["latencyMs", "must be a finite number ≥ 0"];
  if (!(Number.isFinite(turn.contextCosine) && Math.abs(turn.contextCosine) <= 1 + 1e-6)) {
    return ["contextCosine", "must be a finite number in [-1, 1]"];
  }
  if (turn.fault !== undefined && !FAULTS.has(turn.fault))
    return ["fault", "must be timeout, error or overload"];
  if (typeof turn.taskType !== "string") return ["taskType", "must be a string"];
  if (!Array.isArray(turn.agentSpecialties)) return ["agentSpecialties", "must be an array"];
  for (const flag of [
    "handoff",
    "required",
    "correct",
    "clarification",
    "topicShift",
    "ambiguous",
  ] as const) {
    if (typeof turn[flag] !== "boolean") return [flag, "must be a boolean"];
  }
  return null;
}

function isNonNegative(x: unknown): boolean {
  return typeof x === "number" && Number.isFinite(x) && x >= 0;
}
