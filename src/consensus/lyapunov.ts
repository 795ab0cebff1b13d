/**
 * @module consensus/lyapunov
 * The Lyapunov value of the consensus (SPEC §4), V = ½‖Φ − Φ*‖², made precise:
 *
 * - Φ is the global state read as the stack of the agents' prompt vectors weighted by π, the
 *   stationary distribution of the consensus chain (π_i = d_i/Σd, see consensus-graph), and
 *   Φ*_c = Σ_{i∈c} π_i P_i / Σ_{i∈c} π_i is the fixed point of connected component c: the update
 *   leaves πᵀP invariant and every agent of c converges to it. So
 *
 *       V = ½ Σ_i π_i ‖P_i − Φ*_{c(i)}‖²,
 *
 *   which never increases under the consensus step when α·λ_max < 1 (Jensen on a reversible
 *   chain) and is 0 exactly when every component agrees.
 * - SPEC §2's utilisation-weighted global state Φ_ω = Σ ω_i P_i (ω = utilisation, normalised) is
 *   reported as `utilisationDrift` = ½‖Σ_i ω_i (P_i − Φ*_{c(i)})‖²: how far Φ_ω sits from the
 *   fixed points. By Jensen it is ≤ max_i(ω_i/π_i)·V, so it vanishes with V but it is not itself
 *   monotone (ω is not a stationary distribution of the chain).
 * Isolated agents are not part of any consensus and do not count.
 */
import type { ConsensusGraph } from "./consensus-graph.js";

/** V and the utilisation drift of one configuration. */
export interface LyapunovValue {
  value: number;
  utilisationDrift: number;
}

/**
 * Computes V for `prompts` (rows of `graph`). `utilisation` may be unnormalised; non-finite or
 * negative entries count as 0, and all-zero utilisation means uniform weights. One pass per
 * component over deviations from a member of the component (the shifted-data form of the
 * variance), so V stays exact near consensus where Σπ‖P‖² − ‖ΣπP‖² would cancel.
 */
export function lyapunov(
  graph: ConsensusGraph,
  prompts: readonly Float32Array[],
  utilisation: ArrayLike<number>,
  dim: number,
): LyapunovValue {
  let degreeSum = 0;
  let utilisationSum = 0;
  let connected = 0;
  for (let i = 0; i < graph.size; i++) {
    if (graph.component[i]! < 0) continue;
    degreeSum += graph.degree[i]!;
    utilisationSum += usable(utilisation[i]);
    connected++;
  }
  if (connected === 0) return { value: 0, utilisationDrift: 0 };
  const omega = (i: number) => (utilisationSum > 0 ? usable(utilisation[i]) / utilisationSum : 1 / connected);
  const shiftedMean = new Float64Array(dim);
  const shiftedOmega = new Float64Array(dim);
  const drift = new Float64Array(dim);
  let value = 0;
  for (const rows of groupByComponent(graph)) {
    shiftedMean.fill(0);
    shiftedOmega.fill(0);
    const reference = prompts[rows[0]!]!;
    let mass = 0;
    let omegaMass = 0;
    let squares = 0;
    for (const i of rows) {
      const pi = graph.degree[i]! / degreeSum;
      const w = omega(i);
      squares += pi * accumulateDeviation(prompts[i]!, reference, pi, w, shiftedMean, shiftedOmega, dim);
      mass += pi;
      omegaMass += w;
    }
    // Φ* − reference = shiftedMean/mass; V_c = ½(Σπ‖δ‖² − mass·‖Φ* − reference‖²)
    let meanSquared = 0;
    for (let d = 0; d < dim; d++) {
      const m = shiftedMean[d]! / mass;
      meanSquared += m * m;
      drift[d] = drift[d]! + shiftedOmega[d]! - omegaMass * m;
    }
    value += Math.max(0, squares - mass * meanSquared);
  }
  let driftSquared = 0;
  for (let d = 0; d < dim; d++) driftSquared += drift[d]! * drift[d]!;
  return { value: value / 2, utilisationDrift: driftSquared / 2 };
}

/**
 * δ = p − reference: mean += π·δ, omega += ω·δ, returns ‖δ‖². Two independent partial sums
 * break the floating-point dependency chain (about twice as fast in V8).
 */
function accumulateDeviation(
  p: Float32Array,
  reference: Float32Array,
  pi: number,
  w: number,
  mean: Float64Array,
  omega: Float64Array,
  dim: number,
): number {
  let even = 0;
  let odd = 0;
  let d = 0;
  for (; d + 1 < dim; d += 2) {
    const x = p[d]! - reference[d]!;
    const y = p[d + 1]! - reference[d + 1]!;
    mean[d] = mean[d]! + pi * x;
    mean[d + 1] = mean[d + 1]! + pi * y;
    omega[d] = omega[d]! + w * x;
    omega[d + 1] = omega[d + 1]! + w * y;
    even += x * x;
    odd += y * y;
  }
  for (; d < dim; d++) {
    const x = p[d]! - reference[d]!;
    mean[d] = mean[d]! + pi * x;
    omega[d] = omega[d]! + w * x;
    even += x * x;
  }
  return even + odd;
}

function usable(x: number | undefined): number {
  return x !== undefined && x > 0 && Number.isFinite(x) ? x : 0;
}

function groupByComponent(graph: ConsensusGraph): Int32Array[] {
  const sizes = new Int32Array(graph.componentCount);
  for (let i = 0; i < graph.size; i++) if (graph.component[i]! >= 0) sizes[graph.component[i]!]!++;
  const groups = Array.from(sizes, (size) => new Int32Array(size));
  const fill = new Int32Array(graph.componentCount);
  for (let i = 0; i < graph.size; i++) {
    const c = graph.component[i]!;
    if (c >= 0) groups[c]![fill[c]!++] = i;
  }
  return groups;
}
