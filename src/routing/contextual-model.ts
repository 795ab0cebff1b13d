/**
 * @module routing/contextual-model
 * A contextual model of P(success | agent, turn): per agent, an online Bayesian logistic
 * regression with a diagonal Gaussian posterior (Laplace approximation, one Newton step per
 * outcome) over a compact feature vector of the turn:
 *
 *   x = [1, task scores s_1..s_m, modality scores r_1..r_l, confidence c, continuing, continuing·(1−c)]
 *
 * where the task and modality scores are the classifier's distributions, c its confidence and
 * `continuing` is 1 for the agent already serving the conversation. Feedback therefore teaches
 * which agent succeeds on turns that look like this one (including the classifier's habitual
 * confusions), instead of blaming the agent of a mis-classified cell.
 *
 * Priors come from the declared capabilities: the weight of a task type starts at
 * logit(declared capability) with precision `declaredPrecision`; an undeclared task type starts at
 * logit(`capabilityPrior`) with the lower `undeclaredPrecision`, so an undeclared agent is still
 * discovered. Routing draws from the posterior (Thompson sampling), so exploration shrinks as the
 * posterior tightens. Old evidence is forgotten on the features that are observed again
 * (precision relaxes towards the prior by `forgetting`), so a drifting agent is noticed.
 *
 * Memory: 2·d floats per agent; a prediction is O(d) with no allocation.
 */
import { type SeededRandom, seededRandom } from "../state/seeded-random.js";

/** The routing settings the model reads. */
export interface ContextualSettings {
  /** prior precision of a declared task type's weight. */
  declaredPrecision: number;
  /** prior precision of an undeclared task type's weight (and of the other weights). */
  undeclaredPrecision: number;
  /** capability assumed for an undeclared task type. */
  capabilityPrior: number;
  /** per-observation retention of precision above the prior, in (0, 1]. */
  forgetting: number;
}

/** What the model needs of a turn (the classifier's output). */
export interface TurnSignal {
  taskScores: ArrayLike<number>;
  modalityScores: ArrayLike<number>;
  /** classifier confidence in [0, 1] (1 when unknown). */
  confidence: number;
}

/** Largest feature dimension; bigger taxonomies fold task types onto shared slots. */
export const MAX_FEATURES = 64;

const FIXED = 4; // bias, confidence, continuing, continuing·(1−c)

/** Per-agent diagonal Bayesian logistic regression over turn features. */
export class ContextualModel {
  /** feature dimension d. */
  readonly dim: number;
  /** task-score slots (= task types unless folded). */
  readonly taskSlots: number;
  /** posterior means, mean[agent·d + j]. */
  readonly mean: Float64Array;
  /** posterior precisions (diagonal). */
  readonly precision: Float64Array;
  private readonly priorMean: Float64Array;
  private readonly priorPrecision: Float64Array;
  private readonly x: Float64Array;
  private readonly rng: SeededRandom;
  private readonly modalityOffset: number;
  /** observations applied since construction or the last {@link markSaved}. */
  changed = 0;

  constructor(
    readonly agents: number,
    readonly taskCount: number,
    readonly modalityCount: number,
    private readonly settings: ContextualSettings,
    seed = 0,
  ) {
    this.taskSlots = Math.max(1, Math.min(taskCount, MAX_FEATURES - FIXED - modalityCount));
    this.modalityOffset = 1 + this.taskSlots;
    this.dim = FIXED + this.taskSlots + modalityCount;
    const size = agents * this.dim;
    this.mean = new Float64Array(size);
    this.precision = new Float64Array(size);
    this.priorMean = new Float64Array(size);
    this.priorPrecision = new Float64Array(size).fill(settings.undeclaredPrecision);
    this.x = new Float64Array(this.dim);
    this.rng = seededRandom(seed ^ 0x5eed_c0de);
    const base = logit(settings.capabilityPrior);
    for (let a = 0; a < agents; a++) {
      for (let t = 0; t < this.taskSlots; t++) this.priorMean[a * this.dim + 1 + t] = base;
    }
    this.mean.set(this.priorMean);
    this.precision.set(this.priorPrecision);
  }

  /**
   * Sets an agent's prior from its declared capability per task type (`declared[t]` false →
   * `capabilityPrior` with the undeclared precision). Resets the agent's posterior to it.
   */
  setPrior(agent: number, taskCapability: ArrayLike<number>, declared: ArrayLike<boolean>): void {
    const d = this.dim;
    const at = agent * d;
    const sum = new Float64Array(this.taskSlots);
    const weight = new Float64Array(this.taskSlots);
    const count = new Float64Array(this.taskSlots);
    for (let t = 0; t < this.taskCount; t++) {
      const slot = t % this.taskSlots;
      const p = declared[t] ? taskCapability[t]! : this.settings.capabilityPrior;
      sum[slot]! += logit(p);
      count[slot]! += 1;
      weight[slot]! += declared[t] ? this.settings.declaredPrecision : this.settings.undeclaredPrecision;
    }
    for (let s = 0; s < this.taskSlots; s++) {
      this.priorMean[at + 1 + s] = sum[s]! / count[s]!;
      this.priorPrecision[at + 1 + s] = weight[s]! / count[s]!;
    }
    for (let j = 0; j < d; j++) {
      this.mean[at + j] = this.priorMean[at + j]!;
      this.precision[at + j] = this.priorPrecision[at + j]!;
    }
  }

  /** Writes the shared part of the feature vector of a turn into the scratch vector. */
  load(signal: TurnSignal): void {
    const x = this.x;
    x.fill(0);
    x[0] = 1;
    const tasks = signal.taskScores;
    for (let t = 0; t < tasks.length && t < this.taskCount; t++) {
      const slot = 1 + (t % this.taskSlots);
      x[slot] = x[slot]! + tasks[t]!;
    }
    const modalities = signal.modalityScores;
    for (let k = 0; k < modalities.length && k < this.modalityCount; k++)
      x[this.modalityOffset + k] = modalities[k]!;
    const c = clamp01(signal.confidence);
    x[this.dim - 3] = c;
  }

  /**
   * Posterior logit mean and variance of `agent` on the loaded turn, written to `out` ([mean,
   * variance]); `continuing` adds the agent-specific features of the agent already serving it.
   */
  predict(agent: number, continuing: boolean, out: Float64Array): void {
    const d = this.dim;
    const at = agent * d;
    const x = this.x;
    const mean = this.mean;
    const precision = this.precision;
    let z = 0;
    let v = 0;
    const shared = d - 2;
    for (let j = 0; j < shared; j++) {
      const xj = x[j]!;
      if (xj === 0) continue;
      z += mean[at + j]! * xj;
      v += (xj * xj) / precision[at + j]!;
    }
    if (continuing) {
      const uncertain = 1 - x[d - 3]!;
      z += mean[at + d - 2]! + mean[at + d - 1]! * uncertain;
      v += 1 / precision[at + d - 2]! + (uncertain * uncertain) / precision[at + d - 1]!;
    }
    out[0] = z;
    out[1] = v;
  }

  /** σ(mean + scale·√variance·N(0,1)): a Thompson draw of P(success) (the mean when scale is 0). */
  draw(prediction: Float64Array, scale: number): number {
    const z = prediction[0]!;
    if (scale === 0) return sigmoid(z);
    return sigmoid(z + scale * Math.sqrt(prediction[1]!) * this.rng.gaussian());
  }

  /**
   * Applies an outcome in [0, 1] of `agent` on a turn: one Newton step of the Laplace-approximated
   * posterior, after relaxing the precision of the observed features towards the prior.
   */
  update(agent: number, signal: TurnSignal, continuing: boolean, outcome: number): void {
    this.load(signal);
    const x = this.x;
    const d = this.dim;
    if (continuing) {
      x[d - 2] = 1;
      x[d - 1] = 1 - x[d - 3]!;
    }
    const at = agent * d;
    const mean = this.mean;
    const precision = this.precision;
    let z = 0;
    for (let j = 0; j < d; j++) z += mean[at + j]! * x[j]!;
    const p = sigmoid(z);
    const curvature = Math.max(p * (1 - p), 1e-3);
    const residual = clamp01(outcome) - p;
    const forget = 1 - this.settings.forgetting;
    for (let j = 0; j < d; j++) {
      const xj = x[j]!;
      if (xj === 0) continue;
      const k = at + j;
      const prior = this.priorPrecision[k]!;
      const retained = prior + (precision[k]! - prior) * (1 - forget * xj * xj);
      const q = retained + curvature * xj * xj;
      precision[k] = q;
      mean[k] = mean[k]! + (residual * xj) / q;
    }
    this.changed++;
  }

  /** Posterior mean P(success) of `agent` on a turn (no exploration). */
  expected(agent: number, signal: TurnSignal, continuing = false): number {
    const out = new Float64Array(2);
    this.load(signal);
    this.predict(agent, continuing, out);
    return sigmoid(out[0]!);
  }

  /** Serialises the posterior (means then precisions) for the store. */
  serialize(): Uint8Array {
    const out = new Float64Array(2 + 2 * this.mean.length);
    out[0] = this.agents;
    out[1] = this.dim;
    out.set(this.mean, 2);
    out.set(this.precision, 2 + this.mean.length);
    return new Uint8Array(out.buffer);
  }

  /** Restores a posterior written by {@link serialize}; false (nothing changed) on a shape mismatch. */
  restore(bytes: Uint8Array): boolean {
    if (bytes.byteLength % 8 !== 0) return false;
    const data = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    if (data[0] !== this.agents || data[1] !== this.dim || data.length !== 2 + 2 * this.mean.length)
      return false;
    this.mean.set(data.subarray(2, 2 + this.mean.length));
    this.precision.set(data.subarray(2 + this.mean.length));
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

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v));
}
