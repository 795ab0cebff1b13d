/**
 * @module routing/contextual-model
 * A contextual model of P(success | agent, turn) (issue 11). The classifier gives a distribution
 * s over task types; agent a succeeds on a turn of type t with probability σ(w_{a,t}), so
 *
 *   P(success | a, turn) = Σ_t s_t · σ(w_{a,t})
 *
 * Each w_{a,t} has a Gaussian posterior (mean, precision) in logit space. An outcome is shared
 * among the task types by their responsibility r_t ∝ s_t · P(outcome | w_{a,t}) — Bayes' rule
 * on "which type was this turn, given that this agent succeeded (or failed) on it" — and each
 * weight takes a Laplace (extended Kalman) step weighted by r_t. A turn the classifier was unsure
 * about therefore teaches the type the outcome points to: a specialist that fails on a turn the
 * classifier half-confused with its type is blamed for the confusion only as much as the
 * evidence says, and its success elsewhere is not forgotten.
 *
 * Priors come from the declared capabilities: w_{a,t} starts at logit(declared capability) with
 * precision `declaredPrecision`; an undeclared type starts at logit(`capabilityPrior`) with the
 * lower `undeclaredPrecision`, so an undeclared agent is still discovered. Routing draws from the
 * posterior (Thompson sampling on the delta-method spread of the mixture), so exploration
 * shrinks as evidence accumulates. Evidence is forgotten on the types observed again (precision
 * relaxes towards the prior by `forgetting`), so a drifting agent is noticed. The prior of
 * undeclared cells is itself learned across agents (empirical Bayes): if the agents tried on
 * types they did not declare mostly fail, untried agents stop looking like a 50 % bet.
 *
 * C_i, the agent's context vector, is a feature too (issue 17): with a {@link ContextAffinity},
 * x_a(t) = the similarity of the turn to C_a shifts every logit of the agent by θ·(x_a − x̄),
 *
 *   P(success | a, turn) = Σ_t s_t · σ(w_{a,t} + θ·(x_a(t) − x̄))
 *
 * with one weight θ shared by all agents (Gaussian posterior, prior mean 0 with precision
 * `routing.contextPrecision`, so C_i changes nothing until outcomes show that being close to an
 * agent's recent context predicts success, or failure) and x̄ the running mean of x over the
 * outcomes, so θ reads how much *closer than usual* matters, not a bias the w's already hold. The
 * x of an outcome is the one routing saw (`TurnSignal.contextSimilarity`), not a later C_a that
 * already holds the turn.
 *
 * Memory: 2·m floats per agent (and the affinity's r); a prediction is O(m + r) with no
 * allocation. Taxonomies larger than {@link MAX_FEATURES} task types fold onto shared slots.
 */
import { createPrng, type Prng } from "../util/random.js";
import type { ContextAffinity } from "./context-affinity.js";

/** The routing settings the model reads. */
export interface ContextualSettings {
  /** prior precision of a declared task type's weight. */
  declaredPrecision: number;
  /** prior precision of an undeclared task type's weight. */
  undeclaredPrecision: number;
  /** capability assumed for an undeclared task type. */
  capabilityPrior: number;
  /** per-observation retention of precision above the prior, in (0, 1]. */
  forgetting: number;
  /**
   * exponent k the classifier's task distribution is sharpened by (s_t^k, renormalised) before
   * the model reads it: the classifier's softmax over keyword and prototype logits is flatter
   * than its accuracy warrants. 1 reads it as is.
   */
  taskSharpness: number;
  /** prior precision of θ, the weight of the C_i similarity feature (prior mean 0). */
  contextPrecision: number;
  /**
   * change detection (a Bernoulli CUSUM per cell): the drop in success rate, from the posterior
   * mean p₀ to p₀ − changeDrop, that the test looks for; 0 turns it off.
   */
  changeDrop: number;
  /** CUSUM threshold h (log-likelihood ratio) above which a cell's drop is declared. */
  changeThreshold: number;
  /**
   * outcomes on a task type after a declared change during which routing draws every agent's
   * P(success) on that type with the full posterior spread (scale ≥ 1), so the agents that may now
   * be best get tried.
   */
  changeExploration: number;
}

/** What the model needs of a turn (the classifier's output). */
export interface TurnSignal {
  taskScores: ArrayLike<number>;
  modalityScores: ArrayLike<number>;
  /** classifier confidence in [0, 1] (1 when unknown). */
  confidence: number;
  /** x_a(t), the turn's similarity to the routed agent's C_i when routing saw one (issue 17). */
  contextSimilarity?: number | undefined;
}

/** Largest number of task-type slots; bigger taxonomies fold task types onto shared slots. */
export const MAX_FEATURES = 64;

/** Serialised header: 8 numbers (4 before the C_i feature). */
const HEADER = 8;
const LEGACY_HEADER = 4;

/** Task-score mass below which a type is skipped in predictions and updates. */
const NEGLIGIBLE = 1e-3;

/** Per-agent Bayesian model of success over the classifier's task distribution. */
export class ContextualModel {
  /** task-type slots d (= task types unless folded). */
  readonly dim: number;
  /** posterior means of w, mean[agent·d + slot]. */
  readonly mean: Float64Array;
  /** posterior precisions of w. */
  readonly precision: Float64Array;
  private readonly priorMean: Float64Array;
  private readonly priorPrecision: Float64Array;
  /** 1 where the agent declared the task type (its prior is the user's word, not learned). */
  private readonly declared: Uint8Array;
  /**
   * empirical-Bayes prior of undeclared cells, learned across agents (logit mean, precision):
   * when tried agents turn out poor (or good) at types they did not declare, untried ones are
   * expected to be too, instead of keeping an optimistic `capabilityPrior` forever.
   */
  private undeclaredMean: number;
  private undeclaredPrecision = 1;
  private readonly undeclaredStart: number;
  /** the loaded turn's task mass per slot. */
  private readonly s: Float64Array;
  /** CUSUM statistic per cell: evidence that the cell's success rate dropped (see `changeDrop`). */
  readonly cusum: Float64Array;
  /** per slot: outcome budget left of the exploration that follows a declared change. */
  readonly doubt: Float64Array;
  /** per cell: the same budget, on the cell whose change was declared (its agent is in doubt). */
  readonly cellDoubt: Float64Array;
  /** changes declared so far (cells reset), for gauges and tests. */
  changes = 0;
  private readonly rng: Prng;
  /** θ, the weight of the C_i similarity (logit per unit of similarity above x̄), and its precision. */
  private contextWeight = 0;
  private contextWeightPrecision: number;
  /** x̄, running mean of the similarities of applied outcomes, and how many it averages (capped). */
  private contextMean = 0;
  private contextCount = 0;
  /** outcomes applied since the last save (see the persist stage). */
  changed = 0;

  constructor(
    readonly agents: number,
    readonly taskCount: number,
    private readonly settings: ContextualSettings,
    seed = 0,
    /** C_i similarity per agent (issue 17); null: routing reads the task distribution only. */
    readonly affinity: ContextAffinity | null = null,
  ) {
    this.dim = Math.max(1, Math.min(taskCount, MAX_FEATURES));
    const size = agents * this.dim;
    this.mean = new Float64Array(size).fill(logit(settings.capabilityPrior));
    this.precision = new Float64Array(size).fill(settings.undeclaredPrecision);
    this.priorMean = this.mean.slice();
    this.priorPrecision = this.precision.slice();
    this.s = new Float64Array(this.dim);
    this.cusum = new Float64Array(size);
    this.doubt = new Float64Array(this.dim);
    this.cellDoubt = new Float64Array(size);
    this.declared = new Uint8Array(size);
    this.undeclaredStart = logit(settings.capabilityPrior);
    this.undeclaredMean = this.undeclaredStart;
    this.rng = createPrng(seed ^ 0x5eedc0de);
    this.contextWeightPrecision = settings.contextPrecision;
  }

  /**
   * Sets an agent's prior from its declared capability per task type (`declared[t]` false →
   * `capabilityPrior` with the undeclared precision) and resets its posterior to it.
   */
  setPrior(agent: number, taskCapability: ArrayLike<number>, declared: ArrayLike<boolean>): void {
    const d = this.dim;
    const at = agent * d;
    const sum = new Float64Array(d);
    const weight = new Float64Array(d);
    const count = new Float64Array(d);
    const stated = new Uint8Array(d);
    for (let t = 0; t < this.taskCount; t++) {
      const slot = t % d;
      if (declared[t]) stated[slot] = 1;
      const p = declared[t] ? taskCapability[t]! : this.settings.capabilityPrior;
      sum[slot]! += logit(p);
      count[slot]! += 1;
      weight[slot]! += declared[t] ? this.settings.declaredPrecision : this.settings.undeclaredPrecision;
    }
    for (let j = 0; j < d; j++) {
      this.priorMean[at + j] = sum[j]! / count[j]!;
      this.priorPrecision[at + j] = weight[j]! / count[j]!;
      this.mean[at + j] = this.priorMean[at + j]!;
      this.precision[at + j] = this.priorPrecision[at + j]!;
      this.declared[at + j] = stated[j]!;
    }
  }

  /**
   * Share of the loaded turn's task mass on types where `agent`'s own record was overturned by a
   * declared change still being explored (see `changeExploration`): routing then compares draws,
   * not means, when deciding whether to hand the conversation off from it.
   */
  doubtedMass(agent: number): number {
    const at = agent * this.dim;
    let mass = 0;
    for (let j = 0; j < this.dim; j++) if (this.cellDoubt[at + j]! > 0) mass += this.s[j]!;
    return mass;
  }

  /** Posterior logit mean of a cell, with the learned prior of undeclared cells. */
  private cellMean(k: number): number {
    if (this.declared[k] === 1) return this.mean[k]!;
    return (
      this.mean[k]! +
      ((this.undeclaredMean - this.undeclaredStart) * this.priorPrecision[k]!) / this.precision[k]!
    );
  }

  /**
   * Loads a turn's task distribution (sharpened, folded onto the slots) and, for the C_i feature,
   * its embedding, for {@link score}. With `evidence` (the conversation's outcome log-likelihood per
   * slot, see {@link addOutcomeEvidence}) the distribution is the posterior s_t ∝ (p_t·e^{evidence_t})^k:
   * what the classifier read, corrected by how the conversation's agents fared.
   */
  load(signal: TurnSignal, embedding?: Float32Array, evidence?: ArrayLike<number> | null): void {
    this.affinity?.loadTurn(embedding);
    const s = this.s;
    s.fill(0);
    const tasks = signal.taskScores;
    const n = Math.min(tasks.length, this.taskCount);
    const k = this.settings.taskSharpness;
    if (evidence != null && evidence.length === this.dim) {
      // in log space, shifted by the largest term so the exponentials stay finite
      let top = Number.NEGATIVE_INFINITY;
      for (let t = 0; t < n; t++) {
        const v = k * (Math.log(Math.max(tasks[t]!, 1e-300)) + evidence[t % this.dim]!);
        if (v > top) top = v;
      }
      let total = 0;
      for (let t = 0; t < n; t++) {
        const slot = t % this.dim;
        const v = Math.exp(k * (Math.log(Math.max(tasks[t]!, 1e-300)) + evidence[slot]!) - top);
        s[slot] = s[slot]! + v;
        total += v;
      }
      if (total > 0) for (let j = 0; j < this.dim; j++) s[j] = s[j]! / total;
      return;
    }
    let total = 0;
    for (let t = 0; t < n; t++) {
      const slot = t % this.dim;
      const v = k === 1 ? tasks[t]! : tasks[t]! ** k;
      s[slot] = s[slot]! + v;
      total += v;
    }
    if (total > 0 && k !== 1) for (let j = 0; j < this.dim; j++) s[j] = s[j]! / total;
  }

  /**
   * Adds to `evidence` (one number per slot) the log-likelihood of `outcome` of `agent` under each
   * task type: y·log σ(w_{a,t}) + (1 − y)·log(1 − σ(w_{a,t})) on the posterior means. A
   * conversation's sum says which task types its agents' successes and failures point to: a
   * failure of a strong specialist makes its own types unlikely, a success makes them likely.
   */
  addOutcomeEvidence(agent: number, outcome: number, evidence: Float64Array): void {
    const d = this.dim;
    const at = agent * d;
    const y = Math.min(1, Math.max(0, outcome));
    for (let j = 0; j < d; j++) {
      const p = Math.min(1 - 1e-3, Math.max(1e-3, sigmoid(this.cellMean(at + j))));
      evidence[j] = evidence[j]! + y * Math.log(p) + (1 - y) * Math.log(1 - p);
    }
  }

  /**
   * P(success) of `agent` on the loaded turn: the posterior mean when `scale` is 0, else a
   * Thompson draw mean + scale·sd·g, g ~ N(0, 1), with sd the delta-method spread of
   * Σ_t s_t·σ(w_t) under the independent posteriors of the w_t.
   */
  score(agent: number, scale: number): number {
    const d = this.dim;
    const at = agent * d;
    const s = this.s;
    const x = this.centred(this.similarity(agent));
    const offset = this.contextWeight * x;
    let p = 0;
    let variance = 0;
    let slopes = 0;
    for (let j = 0; j < d; j++) {
      const sj = s[j]!;
      if (sj < NEGLIGIBLE) continue;
      const pj = sigmoid(this.cellMean(at + j) + offset);
      p += sj * pj;
      if (scale !== 0) {
        const slope = sj * pj * (1 - pj);
        // after a declared change on this type, the full posterior spread: draw scale ≥ 1
        const boost = this.doubt[j]! > 0 && scale < 1 ? 1 / (scale * scale) : 1;
        variance += (boost * slope * slope) / this.precision[at + j]!;
        slopes += slope;
      }
    }
    if (scale === 0) return p;
    // θ's spread: ∂P/∂θ = x·Σ_t slope_t
    variance += (slopes * x) ** 2 / this.contextWeightPrecision;
    return p + scale * Math.sqrt(variance) * this.rng.gaussian();
  }

  /** x_agent of the loaded turn (NaN without the feature): what routing records with the outcome. */
  similarity(agent: number): number {
    return this.affinity === null ? Number.NaN : this.affinity.similarity(agent);
  }

  /** x − x̄, or 0 when x is unknown. */
  private centred(x: number | undefined): number {
    return x === undefined || Number.isNaN(x) ? 0 : x - this.contextMean;
  }

  /**
   * Applies an outcome in [0, 1] of `agent` on a turn: responsibilities r_t ∝ s_t·P(outcome | t),
   * then per type a Laplace step weighted by r_t after relaxing its precision towards the prior.
   */
  update(agent: number, signal: TurnSignal, outcome: number): void {
    this.load(signal);
    const d = this.dim;
    const at = agent * d;
    const s = this.s;
    const y = Math.min(1, Math.max(0, outcome));
    const mean = this.mean;
    const precision = this.precision;
    const x = this.centred(signal.contextSimilarity);
    const offset = this.contextWeight * x;
    let total = 0;
    // responsibilities, written over s (s is not needed afterwards)
    for (let j = 0; j < d; j++) {
      const sj = s[j]!;
      if (sj < NEGLIGIBLE) {
        s[j] = 0;
        continue;
      }
      const p = sigmoid(this.cellMean(at + j) + offset);
      const likelihood = y * p + (1 - y) * (1 - p);
      s[j] = sj * likelihood;
      total += s[j]!;
    }
    if (total <= 0) return;
    const forget = 1 - this.settings.forgetting;
    let gradient = 0;
    let curvature = 0;
    for (let j = 0; j < d; j++) {
      const r = s[j]! / total;
      if (r === 0) continue;
      const k = at + j;
      if (this.doubt[j]! > 0) this.doubt[j] = Math.max(0, this.doubt[j]! - r);
      if (this.cellDoubt[k]! > 0) this.cellDoubt[k] = Math.max(0, this.cellDoubt[k]! - r);
      if (this.detectDrop(k, j, r, y)) continue;
      const prior = this.priorPrecision[k]!;
      const retained = prior + (precision[k]! - prior) * (1 - forget * r);
      const p = sigmoid(this.cellMean(k) + offset);
      const q = retained + r * Math.max(p * (1 - p), 1e-3);
      precision[k] = q;
      mean[k] = mean[k]! + (r * (y - p)) / q;
      gradient += r * (y - p) * x;
      curvature += r * Math.max(p * (1 - p), 1e-3) * x * x;
      if (this.declared[k] === 0) this.learnUndeclared(r, y);
    }
    if (x !== 0) this.learnContextWeight(gradient, curvature);
    this.observeSimilarity(signal.contextSimilarity);
    this.changed++;
  }

  /** One Laplace step of θ (forgetting like the cells, so a change in what C_i predicts is followed). */
  private learnContextWeight(gradient: number, curvature: number): void {
    const prior = this.settings.contextPrecision;
    const forget = 1 - this.settings.forgetting;
    const q = prior + (this.contextWeightPrecision - prior) * (1 - forget) + curvature;
    this.contextWeightPrecision = q;
    this.contextWeight += gradient / q;
  }

  /** x̄ ← running mean of the similarities seen, over at most the forgetting horizon 1/(1 − forgetting). */
  private observeSimilarity(x: number | undefined): void {
    if (x === undefined || Number.isNaN(x)) return;
    const horizon = 1 / Math.max(1e-9, 1 - this.settings.forgetting);
    this.contextCount = Math.min(this.contextCount + 1, horizon);
    this.contextMean += (x - this.contextMean) / this.contextCount;
  }

  /** θ, the learned weight of the C_i similarity (logit per unit of similarity above the mean). */
  contextEffect(): number {
    return this.contextWeight;
  }

  /**
   * Bernoulli CUSUM of cell k (slot j): g ← max(0, g + r·log(P(y | p₁)/P(y | p₀))) with p₀ the
   * posterior mean and p₁ = p₀ − changeDrop. Above the threshold the cell's success rate has
   * dropped: its evidence (and the declaration behind it) is no longer trusted — the cell restarts
   * at p₁ with the undeclared prior's precision — and the task type is explored for
   * `changeExploration` outcomes. True when the cell was reset (the outcome is then spent).
   */
  private detectDrop(k: number, j: number, r: number, y: number): boolean {
    const drop = this.settings.changeDrop;
    if (drop <= 0) return false;
    const p0 = Math.min(0.999, Math.max(0.001, sigmoid(this.cellMean(k))));
    const p1 = Math.max(0.001, p0 - drop);
    if (p1 >= p0) return false;
    const llr = y * Math.log(p1 / p0) + (1 - y) * Math.log((1 - p1) / (1 - p0));
    const g = Math.max(0, this.cusum[k]! + r * llr);
    if (g < this.settings.changeThreshold) {
      this.cusum[k] = g;
      return false;
    }
    this.cusum[k] = 0;
    this.changes++;
    const restart = Math.min(this.precision[k]!, this.settings.undeclaredPrecision);
    // the restarted cell keeps no learned-prior shift: its mean is p₁ as read through cellMean
    this.precision[k] = restart;
    this.mean[k] =
      this.declared[k] === 1
        ? logit(p1)
        : logit(p1) - ((this.undeclaredMean - this.undeclaredStart) * this.priorPrecision[k]!) / restart;
    this.doubt[j] = Math.max(this.doubt[j]!, this.settings.changeExploration);
    this.cellDoubt[k] = this.settings.changeExploration;
    return true;
  }

  /** One outcome (weight r) into the shared prior of undeclared cells (forgetting like the cells). */
  private learnUndeclared(r: number, y: number): void {
    const p = sigmoid(this.undeclaredMean);
    const forget = 1 - this.settings.forgetting;
    this.undeclaredPrecision = 1 + (this.undeclaredPrecision - 1) * (1 - forget * r);
    this.undeclaredPrecision += r * Math.max(p * (1 - p), 1e-3);
    this.undeclaredMean += (r * (y - p)) / this.undeclaredPrecision;
  }

  /** The learned success rate of agents on task types they did not declare. */
  undeclaredRate(): number {
    return sigmoid(this.undeclaredMean);
  }

  /** Posterior mean P(success) of `agent` on a turn (with its embedding, for the C_i feature). */
  expected(agent: number, signal: TurnSignal, embedding?: Float32Array): number {
    this.load(signal, embedding);
    return this.score(agent, 0);
  }

  /**
   * Serialises the posterior for the store: agents, slots, the undeclared prior, θ with its
   * precision, x̄ with its count, then the means and precisions.
   */
  serialize(): Uint8Array {
    const out = new Float64Array(HEADER + 2 * this.mean.length);
    out.set([
      this.agents,
      this.dim,
      this.undeclaredMean,
      this.undeclaredPrecision,
      this.contextWeight,
      this.contextWeightPrecision,
      this.contextMean,
      this.contextCount,
    ]);
    out.set(this.mean, HEADER);
    out.set(this.precision, HEADER + this.mean.length);
    return new Uint8Array(out.buffer);
  }

  /**
   * Restores a posterior written by {@link serialize} (or by the version before the C_i feature,
   * whose θ starts at its prior); false (nothing changed) on a shape mismatch.
   */
  restore(bytes: Uint8Array): boolean {
    if (bytes.byteLength % 8 !== 0) return false;
    const data = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const cells = 2 * this.mean.length;
    const header = data.length - cells;
    if (data[0] !== this.agents || data[1] !== this.dim || (header !== HEADER && header !== LEGACY_HEADER))
      return false;
    this.undeclaredMean = data[2]!;
    this.undeclaredPrecision = data[3]!;
    if (header === HEADER) {
      this.contextWeight = data[4]!;
      this.contextWeightPrecision = data[5]!;
      this.contextMean = data[6]!;
      this.contextCount = data[7]!;
    }
    this.mean.set(data.subarray(header, header + this.mean.length));
    this.precision.set(data.subarray(header + this.mean.length));
    return true;
  }
}

/** Logistic function. */
export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Inverse logistic, clamped away from ±∞. */
export function logit(p: number): number {
  const q = Math.min(0.995, Math.max(0.005, p));
  return Math.log(q / (1 - q));
}
