/**
 * @module consensus/types
 * Public types of the consensus layer: what a tick takes and what it reports.
 */

/** One agent as the consensus tick sees it. `prompt` is mutated in place when a tick commits. */
export interface ConsensusAgent {
  id: string;
  /** P_i ∈ R^promptDim; the engine writes the committed update into this very array. */
  prompt: Float32Array;
  /** resource utilisation, any non-negative scale (normalised into ω for the report). */
  utilisation: number;
}

/**
 * ∇Q(S_i, a_i) with respect to P_i for an agent, or null when none is known (the β term is then
 * 0 for that agent). Called at most once per agent per tick.
 */
export type GradientSource = (id: string) => Float32Array | null | undefined;

/** Why a tick did not simply converge and commit. */
export type ConsensusReason =
  /** consensus is switched off (`consensus.enabled = false`). */
  | "disabled"
  /** no agent has a neighbour with positive handoff effectiveness yet. */
  | "no_neighbours"
  /** the CPU budget ran out; the last complete iterate (or the swept rows) was committed. */
  | "budget"
  /** no convergence within `maxIterations`: reverted to the previous stable configuration. */
  | "not_converged"
  /** E fell below E_min after the last update: that update was rolled back. */
  | "effectiveness"
  /** after an effectiveness rollback, waiting for fresh evidence before updating again. */
  | "hold";

/** An agent whose update was refused this tick. */
export interface RejectedAgent {
  id: string;
  reason: "non_finite_prompt" | "non_finite_gradient" | "dimension_mismatch";
  /** for a non-finite prompt: whether its last stable value was restored. */
  restored?: boolean;
}

/** What one consensus tick did (SPEC §4). */
export interface ConsensusReport {
  /** 1-based tick counter of the engine. */
  tick: number;
  /** complete negotiation iterations run. */
  iterations: number;
  converged: boolean;
  rolledBack: boolean;
  reason?: ConsensusReason;
  /** V = ½ Σ π_i‖P_i − Φ*‖² after the tick (see lyapunov.ts). */
  lyapunov: number;
  /** ½‖Φ_ω − Φ*‖² with Φ_ω the utilisation-weighted global state (SPEC §2). */
  utilisationDrift: number;
  /**
   * the Lipschitz estimate L of the whole update used for the clamp: λ + β_used·L_Q/α_used
   * (consensus field plus β∇Q term, see tick-inputs `stepSizes`).
   */
  lipschitz: number;
  /** λ: the consensus field's Lipschitz constant (spectral estimate, observed contraction). */
  consensusLipschitz: number;
  /** L_Q: the observed Lipschitz constant of ∇Q w.r.t. P given to the tick (0 without a β term). */
  gradientLipschitz: number;
  /** α actually used: α_used ≤ s/(2L). */
  alphaUsed: number;
  /** β actually used: min(β, s/(4 L_Q)). */
  betaUsed: number;
  /** E over the rolling window, null while too few conversations were seen. */
  effectiveness: number | null;
  durationMs: number;
  /** agents whose P_i changed. */
  updatedAgents: number;
  /** agents without neighbours (not part of any consensus this tick). */
  skippedAgents: number;
  rejected: RejectedAgent[];
  /** updates scaled down by the step clamp ‖ΔP_i‖ ≤ ratio·‖P_i‖ in the committed iterate. */
  clampedSteps: number;
  /** gradients scaled down to the clip norm. */
  clippedGradients: number;
  /** set on the tick that first found α above the stability bound. */
  warning?: string;
}
