/**
 * @module learning/component-bandit
 * Which prompt components a turn's prompt carries, learned from verified outcomes (issue 11
 * item 5): per agent, Thompson sampling over a Bayesian linear model of the outcome,
 *
 *     r = o − b_i = δ_i0 + Σ_k δ_ik·x_k + noise        x_k = 1 when the prompt carried component k
 *
 * with b_i the agent's slowly moving mean outcome (so agents' evidence can be pooled) and δ_ik the
 * benefit of component k for agent i. A regression, not per-component means: prompts carry at most
 * `topK` components, so leaving one out makes room for another and the per-component difference
 * of means would credit a component with its competitors' harm.
 *
 * Inclusion is drawn per turn by Thompson sampling, independently of the turn's task, so the
 * estimates are unbiased whatever else varies between turns. The posterior of δ_i combines,
 * precision-weighted (Gaussian, conjugate):
 * - the agent's consensus state P_i (the prior): mean `priorScale·(cos(P_i, c_k) − threshold)`,
 *   sd `priorSd` — before any evidence the agent renders roughly what P_i renders, and consensus
 *   on P_i (which the bandit's evidence moves through the β term) carries neighbours' beliefs into
 *   the agent's prior;
 * - every agent's pooled evidence, widened by `poolSd` (how far one agent's benefit may sit from
 *   the pool's: a hierarchical prior; the agent's own outcomes are in the pool too, which makes
 *   the posterior slightly over-confident for an agent that serves most of the traffic);
 * - the agent's own evidence.
 *
 * A turn's prompt carries the components whose sampled δ̃_ik is positive, the `topK` largest, in
 * bank order. Per turn: one triangular solve, O(K²); per outcome O(K²); the O(K³) posterior
 * factorisations run at most once per agent between outcome batches (control-loop ticks).
 */
import type { Prng } from "../util/random.js";
import { backSolveTransposed, cholesky, choleskyInverse, choleskySolve } from "./small-linear.js";

/** Tunables of the bandit (config `promptSpace.bandit`). */
export interface ComponentBanditOptions {
  /** components in the bank (K). */
  components: number;
  /** components a prompt carries at most. */
  topK: number;
  /** cosine threshold of the P_i prior: above it, the prior favours the component. */
  threshold: number;
  /** per-outcome discount of an agent's statistics (1 = never forget). */
  decay: number;
  /** prior mean of δ_ik per unit of cosine above `threshold`. */
  priorScale: number;
  /** prior sd of δ_ik around the P_i prior mean. */
  priorSd: number;
  /** sd of one agent's benefit around the pooled benefit. */
  poolSd: number;
}

/** Marginal posterior of one δ_ik: mean and variance. */
export interface Benefit {
  mean: number;
  variance: number;
}

/** Initial residual variance: a fair coin's (outcomes in [0, 1]). */
const INITIAL_VARIANCE = 0.25;
/** Rate of the running residual variance: ~50 outcomes. */
const RUNNING_RATE = 0.02;
/**
 * Slowest rate of an agent's baseline b_i: its mean over all outcomes, then over ~1,000. A fast
 * baseline would follow the components' own effect (periods that include a good component more
 * often raise b_i) and shrink every estimate toward 0; the intercept absorbs what b_i misses.
 */
const BASELINE_FLOOR_RATE = 0.001;
/** Prior sd of the intercept and of the pooled benefits: uninformative on a [0, 1] outcome. */
const WIDE_SD = 1;
/**
 * Agents without outcomes whose posterior (pooled prior and P_i prior only) is kept between
 * turns; past this the cache starts afresh (bounded memory at 10,000 agents).
 */
const PRIOR_ONLY_CACHE = 4_096;

/** One agent's sufficient statistics (discounted): G = Σ x xᵀ, h = Σ x r, x = [1, x_1…x_K]. */
interface AgentStats {
  gram: Float64Array;
  moment: Float64Array;
  baseline: number;
  outcomes: number;
  /** cached posterior (with the P_i prior), valid for `version` and `scores`. */
  posterior: Posterior | null;
}

interface Posterior {
  version: number;
  scores: ArrayLike<number>;
  mean: Float64Array;
  factor: Float64Array;
}

/** Serialised bandit (checkpoints). */
export interface ComponentBanditState {
  variance: number;
  agents: { index: number; baseline: number; outcomes: number; gram: number[]; moment: number[] }[];
}

/** Thompson sampling over prompt components, per agent, with pooled and P_i priors. */
export class ComponentBandit {
  private readonly agents = new Map<number, AgentStats>();
  /** D = K + 1 (intercept first). */
  private readonly dim: number;
  private readonly poolGram: Float64Array;
  private readonly poolMoment: Float64Array;
  private variance = INITIAL_VARIANCE;
  /** bumped on every outcome: cached posteriors older than this are recomputed. */
  private version = 0;
  private poolPrior: { version: number; precision: Float64Array; weighted: Float64Array } | null = null;
  private readonly order: number[] = [];
  private readonly draw: Float64Array;
  /**
   * cached posteriors of agents without statistics (no outcome yet): without it, every turn of
   * such an agent refactorised its posterior, O(K³), for the same result.
   */
  private readonly priorOnly = new Map<number, Posterior>();

  constructor(private readonly options: ComponentBanditOptions) {
    this.dim = options.components + 1;
    this.poolGram = new Float64Array(this.dim * this.dim);
    this.poolMoment = new Float64Array(this.dim);
    this.draw = new Float64Array(this.dim);
  }

  /** Components in the bank. */
  get size(): number {
    return this.options.components;
  }

  /**
   * Marginal posterior of δ_ik for every component. `scores` are cos(P_i, c_k) in bank order;
   * `evidenceOnly` leaves the P_i prior out (what the β term uses, so P_i is not pushed by itself).
   */
  posterior(agentIndex: number, scores: ArrayLike<number>, evidenceOnly = false): Benefit[] {
    const { mean, factor } = evidenceOnly
      ? this.compute(agentIndex, scores, false)
      : this.cached(agentIndex, scores);
    const covariance = choleskyInverse(factor, this.dim);
    const out: Benefit[] = [];
    for (let k = 1; k < this.dim; k++) out.push({ mean: mean[k]!, variance: covariance[k * this.dim + k]! });
    return out;
  }

  /**
   * Components for one turn: a Thompson sample δ̃_i ~ N(m, A⁻¹) (one triangular solve), the
   * positive benefits, the `topK` largest, in bank order. Draws K + 1 normals from `random`.
   */
  sample(agentIndex: number, scores: ArrayLike<number>, random: Prng): number[] {
    const { mean, factor } = this.cached(agentIndex, scores);
    const z = this.draw;
    for (let d = 0; d < this.dim; d++) z[d] = random.gaussian();
    backSolveTransposed(factor, this.dim, z);
    for (let d = 0; d < this.dim; d++) z[d] = z[d]! + mean[d]!;
    return this.top(z);
  }

  /** Components the posterior means favour (no sampling): what the agent currently settles on. */
  greedy(agentIndex: number, scores: ArrayLike<number>): number[] {
    return this.top(this.cached(agentIndex, scores).mean);
  }

  /**
   * Records a verified outcome in [0, 1] of a turn of agent `agentIndex` whose prompt carried
   * exactly the components in `included` (bank indices, ascending).
   */
  record(agentIndex: number, included: readonly number[], outcome: number): void {
    const stats = this.stats(agentIndex);
    const residual = outcome - stats.baseline;
    stats.outcomes++;
    stats.baseline += Math.max(1 / stats.outcomes, BASELINE_FLOOR_RATE) * (outcome - stats.baseline);
    if (stats.outcomes > 1) this.variance += RUNNING_RATE * (residual * residual - this.variance);
    const decay = this.options.decay;
    const { gram, moment } = stats;
    const pg = this.poolGram;
    const pm = this.poolMoment;
    for (let j = 0; j < gram.length; j++) {
      const before = gram[j]!;
      gram[j] = before * decay;
      pg[j] = pg[j]! - before + gram[j]!;
    }
    for (let j = 0; j < moment.length; j++) {
      const before = moment[j]!;
      moment[j] = before * decay;
      pm[j] = pm[j]! - before + moment[j]!;
    }
    // x = [1, indicators]: the active coordinates are 0 and 1 + each included index
    const active = [0, ...included.map((k) => k + 1)];
    for (const a of active) {
      moment[a] = moment[a]! + residual;
      pm[a] = pm[a]! + residual;
      for (const b of active) {
        gram[a * this.dim + b] = gram[a * this.dim + b]! + 1;
        pg[a * this.dim + b] = pg[a * this.dim + b]! + 1;
      }
    }
    this.version++;
  }

  /** Outcomes recorded for an agent. */
  outcomes(agentIndex: number): number {
    return this.agents.get(agentIndex)?.outcomes ?? 0;
  }

  /** Agents with statistics (allocated on their first outcome). */
  get trackedAgents(): number {
    return this.agents.size;
  }

  /** A plain copy of the state (checkpoints). */
  snapshot(): ComponentBanditState {
    return {
      variance: this.variance,
      agents: [...this.agents].map(([index, a]) => ({
        index,
        baseline: a.baseline,
        outcomes: a.outcomes,
        gram: Array.from(a.gram),
        moment: Array.from(a.moment),
      })),
    };
  }

  /** Replaces the state with a snapshot; statistics of another bank size are ignored. */
  restore(state: ComponentBanditState): void {
    this.agents.clear();
    this.priorOnly.clear();
    this.poolGram.fill(0);
    this.poolMoment.fill(0);
    this.variance = Number.isFinite(state.variance) && state.variance > 0 ? state.variance : INITIAL_VARIANCE;
    for (const a of state.agents) {
      if (a.gram.length !== this.poolGram.length || a.moment.length !== this.dim) continue;
      const gram = Float64Array.from(a.gram);
      const moment = Float64Array.from(a.moment);
      this.agents.set(a.index, { gram, moment, baseline: a.baseline, outcomes: a.outcomes, posterior: null });
      for (let j = 0; j < gram.length; j++) this.poolGram[j] = this.poolGram[j]! + gram[j]!;
      for (let j = 0; j < moment.length; j++) this.poolMoment[j] = this.poolMoment[j]! + moment[j]!;
    }
    this.version++;
  }

  private stats(agentIndex: number): AgentStats {
    let stats = this.agents.get(agentIndex);
    if (!stats) {
      stats = {
        gram: new Float64Array(this.dim * this.dim),
        moment: new Float64Array(this.dim),
        baseline: 0,
        outcomes: 0,
        posterior: null,
      };
      this.agents.set(agentIndex, stats);
      this.priorOnly.delete(agentIndex);
    }
    return stats;
  }

  /** The posterior with the P_i prior, recomputed only after new outcomes or a moved P_i. */
  private cached(agentIndex: number, scores: ArrayLike<number>): Posterior {
    const stats = this.agents.get(agentIndex);
    const hit = stats === undefined ? this.priorOnly.get(agentIndex) : stats.posterior;
    if (hit && hit.version === this.version && hit.scores === scores) return hit;
    const fresh = { version: this.version, scores, ...this.compute(agentIndex, scores, true) };
    if (stats) stats.posterior = fresh;
    else {
      if (this.priorOnly.size >= PRIOR_ONLY_CACHE && !this.priorOnly.has(agentIndex)) this.priorOnly.clear();
      this.priorOnly.set(agentIndex, fresh);
    }
    return fresh;
  }

  /**
   * A_i = Q + D + G_i/σ², A_i m = q + D μ_P + h_i/σ², with (Q, q) the pooled prior (below), D the
   * P_i prior's precision (0 on the intercept) and μ_P its mean.
   */
  private compute(agentIndex: number, scores: ArrayLike<number>, withPrior: boolean) {
    const n = this.dim;
    const o = this.options;
    const pool = this.pooledPrior();
    const precision = pool.precision.slice();
    const mean = pool.weighted.slice();
    const own = this.agents.get(agentIndex);
    if (own) {
      for (let j = 0; j < n * n; j++) precision[j] = precision[j]! + own.gram[j]! / this.variance;
      for (let j = 0; j < n; j++) mean[j] = mean[j]! + own.moment[j]! / this.variance;
    }
    if (withPrior) {
      const d = 1 / (o.priorSd * o.priorSd);
      for (let k = 1; k < n; k++) {
        precision[k * n + k] = precision[k * n + k]! + d;
        mean[k] = mean[k]! + d * o.priorScale * ((scores[k - 1] ?? 0) - o.threshold);
      }
    }
    const factor = cholesky(precision, n);
    choleskySolve(factor, n, mean);
    return { mean, factor };
  }

  /**
   * The pooled prior of an agent's δ: N(m_p, C_p + τ²I) with C_p = (G/σ² + I/s²)⁻¹ and
   * m_p = C_p h/σ² over every agent's statistics, returned as its precision Q and Q m_p. The
   * intercept is agent-specific: its pooled variance is widened by s², not τ².
   */
  private pooledPrior() {
    const cached = this.poolPrior;
    if (cached && cached.version === this.version) return cached;
    const n = this.dim;
    const wide = 1 / (WIDE_SD * WIDE_SD);
    const a = new Float64Array(n * n);
    for (let j = 0; j < n * n; j++) a[j] = this.poolGram[j]! / this.variance;
    for (let k = 0; k < n; k++) a[k * n + k] = a[k * n + k]! + wide;
    const factor = cholesky(a, n);
    const poolMean = new Float64Array(n);
    for (let k = 0; k < n; k++) poolMean[k] = this.poolMoment[k]! / this.variance;
    choleskySolve(factor, n, poolMean);
    const widened = choleskyInverse(factor, n);
    const tau = this.options.poolSd * this.options.poolSd;
    for (let k = 0; k < n; k++)
      widened[k * n + k] = widened[k * n + k]! + (k === 0 ? WIDE_SD * WIDE_SD : tau);
    const precision = choleskyInverse(cholesky(widened, n), n);
    const weighted = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 0; j < n; j++) sum += precision[i * n + j]! * poolMean[j]!;
      weighted[i] = sum;
    }
    this.poolPrior = { version: this.version, precision, weighted };
    return this.poolPrior;
  }

  /** Bank indices of the positive benefits (coordinates 1…K of `values`), topK largest, bank order. */
  private top(values: Float64Array): number[] {
    const order = this.order;
    order.length = 0;
    for (let k = 1; k < this.dim; k++) if (values[k]! > 0) order.push(k - 1);
    // collected in bank order: only a truncated selection needs sorting back
    if (order.length > this.options.topK) {
      order.sort((a, b) => values[b + 1]! - values[a + 1]! || a - b);
      order.length = this.options.topK;
      order.sort((a, b) => a - b);
    }
    return order.slice();
  }
}
