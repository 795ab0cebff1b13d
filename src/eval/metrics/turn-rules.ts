/**
 * @module eval/metrics/turn-rules
 * The per-turn rules behind SPEC §10's metrics, in one place so handoff success, end-to-end
 * success and failure attribution cannot drift apart.
 */
import type { MetricThresholds, TurnRun } from "../types.js";

/** Context break: the answer's cosine with the prior context is below `contextBreakCosine`. */
export function isContextBreak(turn: TurnRun, thresholds: MetricThresholds): boolean {
  return turn.contextCosine < thresholds.contextBreakCosine;
}

/**
 * Handoff success (paper §4.3): on a handoff turn, the receiver's first answer keeps topic
 * continuity (cosine with the prior context > `handoffCosine`) and completes the task without
 * asking for clarification.
 */
export function isHandoffSuccess(turn: TurnRun, thresholds: MetricThresholds): boolean {
  return turn.handoff && turn.contextCosine > thresholds.handoffCosine && !turn.clarification;
}

/**
 * A turn that makes its conversation fail end-to-end: a required turn the verifier rejected, or
 * any turn with a context break (paper §5.2).
 */
export function isFailingTurn(turn: TurnRun, thresholds: MetricThresholds): boolean {
  return (turn.required && !turn.correct) || isContextBreak(turn, thresholds);
}

/** Index of the first failing turn, or -1 when the conversation succeeds end-to-end. */
export function firstFailingTurn(turns: readonly TurnRun[], thresholds: MetricThresholds): number {
  for (let i = 0; i < turns.length; i++) if (isFailingTurn(turns[i]!, thresholds)) return i;
  return -1;
}
