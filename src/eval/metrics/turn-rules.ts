/**
 * @module eval/metrics/turn-rules
 * The per-turn rules behind the primary metrics (issue 9), in one place so end-to-end success,
 * handoff success, fact preservation and failure attribution cannot drift apart. No rule reads a
 * cosine: correctness is the verifier's verdict against the answer key.
 */
import type { TurnRun } from "../types.js";

/** A required turn the verifier rejected: it makes its conversation fail end-to-end. */
export function isFailingTurn(turn: TurnRun): boolean {
  return turn.required && !turn.correct;
}

/** The turn missed the client deadline (false when the scenario sets none). */
export function isLate(turn: TurnRun): boolean {
  return turn.deadlineMet === false;
}

/** A turn that fails the user within the deadline: failing, or late. */
export function isFailingInTime(turn: TurnRun): boolean {
  return isFailingTurn(turn) || isLate(turn);
}

/**
 * Handoff success (primary): on a handoff turn, the receiver's first answer is verified correct
 * when the turn is required, and on a non-required turn it is a non-empty answer that needs no
 * clarification. Non-handoff turns are never handoff successes.
 */
export function isHandoffSuccess(turn: TurnRun): boolean {
  if (!turn.handoff) return false;
  if (turn.required) return turn.correct;
  return !turn.clarification && turn.answer.trim().length > 0;
}

/**
 * Fact-preservation verdict of a handoff turn: null when it does not count (not a handoff, needs
 * no earlier fact, or the runner did not record whether the facts reached the prompt), else
 * whether every needed earlier fact reached the receiver's prompt.
 */
export function factsPreserved(turn: TurnRun): boolean | null {
  if (!turn.handoff || turn.needsEarlierFacts !== true || turn.factsReached === undefined) return null;
  return turn.factsReached;
}

/** Index of the first failing turn, or -1 when the conversation succeeds end-to-end. */
export function firstFailingTurn(turns: readonly TurnRun[]): number {
  for (let i = 0; i < turns.length; i++) if (isFailingTurn(turns[i]!)) return i;
  return -1;
}

/** Index of the first turn failing the user within the deadline, or -1. */
export function firstFailingInTime(turns: readonly TurnRun[]): number {
  for (let i = 0; i < turns.length; i++) if (isFailingInTime(turns[i]!)) return i;
  return -1;
}
