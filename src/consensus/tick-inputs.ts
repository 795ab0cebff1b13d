/**
 * @module consensus/tick-inputs
 * Validation of what a consensus tick is given besides the prompts (screened while they are
 * snapshotted, see prompt-snapshot): unique ids, the gradients ∇Q (finite, right dimension,
 * clipped to the gradient norm), and the α clamp.
 */
import { InputError } from "../errors.js";
import type { IterationBuffers } from "./consensus-iteration.js";
import type { ConsensusAgent, GradientSource, RejectedAgent } from "./types.js";

/** Throws InputError when two agents share an id: the caller's list is inconsistent. */
export function checkUniqueIds(agents: readonly ConsensusAgent[]): void {
  const seen = new Set<string>();
  for (const agent of agents) {
    if (seen.has(agent.id))
      throw new InputError("duplicate_agent", `agent '${agent.id}' appears twice in a consensus tick`);
    seen.add(agent.id);
  }
}

/**
 * Loads β·clip(∇Q_i) into `buffers.forcing` for active rows. A gradient with the wrong dimension
 * or a non-finite entry deactivates its row (the agent keeps its P_i this tick but still serves
 * as a neighbour). Returns how many gradients were clipped.
 */
export function loadGradients(
  agents: readonly ConsensusAgent[],
  gradQ: GradientSource | undefined,
  buffers: IterationBuffers,
  beta: number,
  clipNorm: number,
  rejected: RejectedAgent[],
): number {
  buffers.hasForcing.fill(0, 0, agents.length);
  if (!gradQ || beta === 0) return 0;
  const { dim, forcing } = buffers;
  let clipped = 0;
  for (let row = 0; row < agents.length; row++) {
    if (!buffers.active[row]) continue;
    const id = agents[row]!.id;
    const gradient = gradQ(id);
    if (!gradient) continue;
    if (gradient.length !== dim) {
      buffers.active[row] = 0;
      rejected.push({ id, reason: "dimension_mismatch" });
      continue;
    }
    let squared = 0;
    for (let d = 0; d < dim; d++) squared += gradient[d]! * gradient[d]!;
    if (!Number.isFinite(squared)) {
      buffers.active[row] = 0;
      rejected.push({ id, reason: "non_finite_gradient" });
      continue;
    }
    const norm = Math.sqrt(squared);
    let scale = beta;
    if (norm > clipNorm) {
      scale = (beta * clipNorm) / norm;
      clipped++;
    }
    for (let d = 0; d < dim; d++) forcing[row * dim + d] = scale * gradient[d]!;
    buffers.hasForcing[row] = 1;
  }
  return clipped;
}

/** α actually used: min(α, safety/(2L)); L = 0 (no edges) leaves α alone. */
export function clampAlpha(alpha: number, lipschitz: number, safety: number): number {
  if (!(lipschitz > 0)) return alpha;
  return Math.min(alpha, safety / (2 * lipschitz));
}

/**
 * Scale for the P-dependent part of the β term when a caller can separate it from P-independent
 * forcing (the component bandit's direction, Lipschitz 0): min(1, s/(4·β·L_Q)). Scaling ∇Q by it
 * leaves β·(scaled L_Q) within the β term's half of the budget, so {@link stepSizes} keeps β and
 * the P-independent forcing is not shrunk with it.
 */
export function gradientScale(beta: number, gradientLipschitz: number, safety: number): number {
  const stiffness = beta * gradientLipschitz;
  return stiffness > 0 && Number.isFinite(stiffness) ? Math.min(1, safety / (4 * stiffness)) : 1;
}

/** Step sizes of a tick and the Lipschitz constant of the whole update they were chosen for. */
export interface StepSizes {
  alpha: number;
  beta: number;
  /** L = λ + β_used·L_Q/α_used: the Lipschitz constant of F in P⁺ = P + α_used·F(P). */
  lipschitz: number;
}

/**
 * The stability clamp over the whole update P⁺ = P + α Σ_j w_ij (P_j − P_i) + β∇Q(P) (SPEC §4).
 * Written as P⁺ = P + α·F(P) with F = −𝓛P + (β/α)∇Q, the map's Lipschitz constant is
 * L ≤ λ + (β/α)·L_Q (λ: the consensus field's, L_Q: ∇Q's), and α < s/(2L) reads
 * α·λ + β·L_Q < s/2. The β term may use at most half of that budget (β_used ≤ s/(4 L_Q)), α takes
 * what remains: α_used = min(α, (s/2 − β_used·L_Q)/λ). With L_Q = 0 this is min(α, s/(2λ)).
 */
export function stepSizes(
  alpha: number,
  beta: number,
  consensusLipschitz: number,
  gradientLipschitz: number,
  safety: number,
): StepSizes {
  const lq = gradientLipschitz > 0 && Number.isFinite(gradientLipschitz) ? gradientLipschitz : 0;
  const usedBeta = lq > 0 ? Math.min(beta, safety / (4 * lq)) : beta;
  const room = safety / 2 - usedBeta * lq;
  const usedAlpha = consensusLipschitz > 0 ? Math.min(alpha, room / consensusLipschitz) : alpha;
  const lipschitz = consensusLipschitz + (usedAlpha > 0 ? (usedBeta * lq) / usedAlpha : 0);
  return { alpha: usedAlpha, beta: usedBeta, lipschitz };
}
