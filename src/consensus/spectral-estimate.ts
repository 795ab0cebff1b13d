/**
 * @module consensus/spectral-estimate
 * Online estimate of L, the Lipschitz constant of the consensus transition (SPEC §4).
 *
 * The consensus field is f(P)_i = Σ_j w_ij (P_j − P_i) = −(𝓛P)_i with 𝓛 = I − D⁻¹A. Because A
 * is symmetric, 𝓛 is self-adjoint in the π-weighted inner product and similar to the normalised
 * Laplacian 𝓛ₛ = I − D^{-1/2} A D^{-1/2}; its Lipschitz constant in that norm is λ_max(𝓛ₛ) ∈ [1, 2]
 * (Gershgorin bounds it by 2; the mean eigenvalue of a graph without isolated nodes is 1).
 * We track λ_max by power iteration on 𝓛ₛ — a few steps per tick on n-vectors, warm-started from
 * the previous tick's vector, so its cost is O(edges) and it follows the graph as it changes. The
 * Rayleigh quotient is a lower bound that converges to λ_max; the α clamp keeps a safety margin.
 */
import { createPrng } from "../util/random.js";
import type { ConsensusGraph } from "./consensus-graph.js";

/** Upper bound of λ_max(𝓛ₛ) for any graph (Gershgorin). */
export const LAPLACIAN_BOUND = 2;

/** Power iteration for λ_max of the normalised Laplacian, warm-started across ticks. */
export class SpectralEstimate {
  private vector: Float64Array | null = null;
  /** off-diagonal entries w_ij·√(d_i/d_j) of 𝓛ₛ for the graph they were computed for. */
  private symmetric: { graph: ConsensusGraph; values: Float64Array } | null = null;
  private scratch: Float64Array = new Float64Array(0);
  private value = 0;

  constructor(private readonly seed: number) {}

  /** Last estimate (0 before the first graph with edges). */
  get lambdaMax(): number {
    return this.value;
  }

  /** Forgets the warm start (the rows changed meaning). */
  reset(): void {
    this.vector = null;
  }

  /**
   * Runs `steps` power iterations on `graph` (more on a cold start) and returns the Rayleigh
   * quotient, in [0, 2]. 0 when the graph has no edge.
   */
  update(graph: ConsensusGraph, steps: number): number {
    const n = graph.size;
    if (graph.edges === 0) {
      this.value = 0;
      return 0;
    }
    let x = this.vector;
    let budget = steps;
    if (!x || x.length !== n) {
      x = this.randomStart(graph);
      budget = steps * 4; // a cold start needs the extra steps to leave the bulk of the spectrum
    }
    if (this.scratch.length !== n) this.scratch = new Float64Array(n);
    let y = this.scratch;
    let lambda = 0;
    const symmetric = this.symmetricWeights(graph);
    for (let s = 0; s < budget; s++) {
      const { quotient, norm } = applyLaplacian(graph, symmetric, x, y);
      lambda = quotient;
      if (!(norm > 0)) {
        x = this.randomStart(graph);
        continue;
      }
      for (let i = 0; i < n; i++) y[i] = y[i]! / norm;
      [x, y] = [y, x];
    }
    this.vector = x;
    this.scratch = y;
    this.value = Math.min(LAPLACIAN_BOUND, Math.max(0, lambda));
    return this.value;
  }

  private symmetricWeights(graph: ConsensusGraph): Float64Array {
    if (this.symmetric?.graph === graph) return this.symmetric.values;
    const { offsets, neighbours, weights, degree } = graph;
    const values = new Float64Array(weights.length);
    for (let i = 0; i < graph.size; i++) {
      for (let q = offsets[i]!; q < offsets[i + 1]!; q++)
        values[q] = weights[q]! * Math.sqrt(degree[i]! / degree[neighbours[q]!]!);
    }
    this.symmetric = { graph, values };
    return values;
  }

  private randomStart(graph: ConsensusGraph): Float64Array {
    const random = createPrng(this.seed);
    const x = new Float64Array(graph.size);
    let sum = 0;
    for (let i = 0; i < graph.size; i++) {
      if (graph.component[i]! < 0) continue;
      x[i] = random.gaussian();
      sum += x[i]! * x[i]!;
    }
    const inv = sum > 0 ? 1 / Math.sqrt(sum) : 0;
    for (let i = 0; i < graph.size; i++) x[i] = x[i]! * inv;
    return x;
  }
}

/** y = 𝓛ₛx; returns xᵀy/xᵀx and ‖y‖. `symmetric` holds (𝓛ₛ)_ij = −symmetric[q] off the diagonal. */
function applyLaplacian(
  graph: ConsensusGraph,
  symmetric: Float64Array,
  x: Float64Array,
  y: Float64Array,
): { quotient: number; norm: number } {
  const { offsets, neighbours } = graph;
  let xy = 0;
  let xx = 0;
  let yy = 0;
  for (let i = 0; i < graph.size; i++) {
    const start = offsets[i]!;
    const end = offsets[i + 1]!;
    if (start === end) {
      y[i] = 0;
      continue;
    }
    let sum = 0;
    for (let q = start; q < end; q++) sum += symmetric[q]! * x[neighbours[q]!]!;
    const value = x[i]! - sum;
    y[i] = value;
    xy += x[i]! * value;
    xx += x[i]! * x[i]!;
    yy += value * value;
  }
  return { quotient: xx > 0 ? xy / xx : 0, norm: Math.sqrt(yy) };
}
