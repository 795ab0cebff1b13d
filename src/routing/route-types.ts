/**
 * @module routing/route-types
 * What a routing call knows about a turn and what it decides: shared by every routing policy
 * (the per-cell router, the contextual router, the evaluation's baselines).
 */
import type { TurnFeatures } from "../state/types.js";

/** One routing decision. */
export interface RouteDecision {
  agentIndex: number;
  /** C_a·h_a of the chosen agent (without bonuses). */
  score: number;
  capability: number;
  /** 1 − h_a of the chosen agent (the paper model: L_a, less this conversation when continuing). */
  load: number;
  /**
   * the turn's similarity to the chosen agent's C_i as the contextual model read it (issue 17);
   * NaN or absent when the policy does not read C_i or the agent has no context yet.
   */
  contextSimilarity?: number;
}

/** What a routing call knows about the turn. */
export interface RouteQuery {
  /** capability cell of the turn: taskIndex·modalities + modalityIndex. */
  cell: number;
  /** agent that served the previous turn, or -1. */
  previous: number;
  /** agents excluded (e.g. already failed on this turn). */
  exclude?: ReadonlySet<number>;
  conversationId?: string;
  /** classifier output, for policies that use more than the cell. */
  features?: TurnFeatures;
  /** embedding of the turn, for similarity-based policies. */
  embedding?: Float32Array;
  /** time left for this turn's answer in ms (the `deadline` load model). */
  deadlineMs?: number;
  /** the orchestrator's clock now (rate-limit back-offs). */
  now?: number;
  /**
   * the conversation's outcome log-likelihood per task-type slot (`routing.outcomeEvidence`): the
   * contextual model reads the turn's task distribution corrected by it.
   */
  taskEvidence?: ArrayLike<number> | null;
}
