/**
 * @module consensus/global-lyapunov
 * The paper's Lyapunov function over the whole state (SPEC §4, paper §3.2 eq. 1 and §3.5):
 *
 *     Φ(t) = Σ_i ω_i S_i(t),   S_i = (P_i, C_i, vec M_i),   V(Φ) = ½‖Φ − Φ*‖²
 *
 * with ω_i the agents' utilisation normalised to sum to 1. Every part of the triple the control
 * loop moves counts: P_i (consensus and β∇Q), C_i (the context stage) and M_i (capability
 * learning). The paper does not say how Φ* is known; the dynamics of C and M have no closed-form
 * fixed point (they follow the traffic), so Φ* is estimated online as the bias-corrected
 * exponential mean of Φ over the last `horizon` ticks, and V(t) = ½‖Φ(t) − Φ*(t−1)‖² measures how
 * far the global state sits from where it has been settling. It is reported per block (prompt,
 * context, capability) and in total. (consensus/lyapunov gives the exact consensus V of P alone,
 * whose fixed point is known.) Cost: O(Σ_{ω_i > 0} (p + c + m·l)) per update, no allocation.
 */

/** What V reads of one agent. */
export interface TripleSource {
  prompt: ArrayLike<number>;
  /** C_i; null when the agent has none yet (reads as zeros). */
  context: ArrayLike<number> | null;
  /** M_i, row-major. */
  capability: ArrayLike<number>;
  /** any non-negative scale; normalised into ω. */
  utilisation: number;
}

/** V and its blocks. */
export interface GlobalLyapunovValue {
  total: number;
  prompt: number;
  context: number;
  capability: number;
}

/** Online V(Φ) = ½‖Φ − Φ*‖² over the triple, Φ* the running mean of Φ. */
export class GlobalLyapunov {
  private readonly phi: Float64Array;
  private readonly mean: Float64Array;
  private meanWeight = 0;
  private readonly rate: number;

  constructor(
    private readonly dims: { prompt: number; context: number; capability: number },
    /** ticks the estimate of Φ* averages over (≥ 1). */
    horizon: number,
  ) {
    const size = dims.prompt + dims.context + dims.capability;
    this.phi = new Float64Array(size);
    this.mean = new Float64Array(size);
    this.rate = 1 / Math.max(1, horizon);
  }

  /** Φ of the last update (prompt block, then context, then capability). */
  get state(): Float64Array {
    return this.phi;
  }

  /** Computes Φ(t), returns V against the previous Φ* estimate, then folds Φ(t) into Φ*. */
  update(agents: readonly TripleSource[]): GlobalLyapunovValue {
    this.assemble(agents);
    const { prompt, context } = this.dims;
    const value = { total: 0, prompt: 0, context: 0, capability: 0 };
    if (this.meanWeight > 0) {
      value.prompt = this.half(0, prompt);
      value.context = this.half(prompt, prompt + context);
      value.capability = this.half(prompt + context, this.phi.length);
      value.total = value.prompt + value.context + value.capability;
    }
    const r = this.rate;
    for (let d = 0; d < this.phi.length; d++) this.mean[d] = (1 - r) * this.mean[d]! + r * this.phi[d]!;
    this.meanWeight = (1 - r) * this.meanWeight + r;
    return value;
  }

  /** Forgets Φ* (after a rollback the state jumped on purpose). */
  reset(): void {
    this.mean.fill(0);
    this.meanWeight = 0;
  }

  /** ½‖Φ − Φ*‖² over [from, to), Φ* the bias-corrected mean. */
  private half(from: number, to: number): number {
    let sum = 0;
    for (let d = from; d < to; d++) {
      const x = this.phi[d]! - this.mean[d]! / this.meanWeight;
      sum += x * x;
    }
    return sum / 2;
  }

  private assemble(agents: readonly TripleSource[]): void {
    const { prompt, context, capability } = this.dims;
    const phi = this.phi;
    phi.fill(0);
    let total = 0;
    for (const a of agents) total += usable(a.utilisation);
    const uniform = total > 0 ? 0 : 1 / Math.max(1, agents.length);
    for (const a of agents) {
      const w = total > 0 ? usable(a.utilisation) / total : uniform;
      if (w === 0) continue;
      for (let d = 0; d < prompt; d++) phi[d] = phi[d]! + w * (a.prompt[d] ?? 0);
      if (a.context)
        for (let d = 0; d < context; d++) phi[prompt + d] = phi[prompt + d]! + w * (a.context[d] ?? 0);
      const at = prompt + context;
      for (let d = 0; d < capability; d++) phi[at + d] = phi[at + d]! + w * (a.capability[d] ?? 0);
    }
  }
}

function usable(x: number): number {
  return x > 0 && Number.isFinite(x) ? x : 0;
}
