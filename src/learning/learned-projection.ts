/**
 * @module learning/learned-projection
 * The learned compression of C_i (SPEC §2: "compressed by a learned projection"), a drop-in
 * {@link ContextProjection}:
 *
 *     C = W₀ · (x + U·Vᵀ·x)
 *
 * W₀ is the seeded Johnson–Lindenstrauss matrix of the default RandomProjection (same seed, so
 * the learned projection starts out *identical* to the default one: U = 0). The learned part is a
 * rank-r correction of the attention-pooled window x in the input space, trained to make
 * z = x + U·Vᵀ·x predict (1) the embedding of the next turn and (2) the turn's outcome through a
 * logistic head. W₀ preserves distances, so a context that predicts the next turn in the input
 * space does so after projection too, and training costs O(batch·d·r) instead of O(batch·d·768).
 *
 * `project` is synchronous and allocation-free (mirrors of U and V in Float32Arrays, swapped
 * after each training step); training happens in `trainStep`, off the request path.
 */
import type { AdamOptimizer, Scalar, Tensor1D, Tensor2D, Variable } from "@tensorflow/tfjs";
import { InputError } from "../errors.js";
import type { ContextProjection } from "../state/context-vector.js";
import { RandomProjection } from "../state/random-projection.js";
import { createPrng, type Prng } from "../util/random.js";
import { clipByGlobalNorm } from "./gradient-clipping.js";
import type { TensorFlow } from "./tf-runtime.js";

/** Options of the projection. */
export interface LearnedProjectionOptions {
  inDim: number;
  outDim: number;
  /** rank r of the learned correction (config `learning.projectionRank`). */
  rank: number;
  /** seed of W₀ — use `state.seed` so W₀ equals the default RandomProjection. */
  seed: number;
  /** samples kept for training (config `learning.projectionCapacity`). */
  capacity: number;
  batchSize: number;
  learningRate: number;
  gradientClip: number;
}

/** The trainable weights, for serialisation. */
export interface ProjectionWeights {
  u: Float32Array;
  v: Float32Array;
  head: Float32Array;
  bias: Float32Array;
}

let instances = 0;

/** A ContextProjection whose correction is learned from (window, next turn, outcome) samples. */
export class LearnedContextProjection implements ContextProjection {
  readonly inDim: number;
  readonly outDim: number;
  readonly rank: number;
  private readonly base: RandomProjection;
  private readonly tf: TensorFlow;
  private readonly options: LearnedProjectionOptions;
  private readonly u: Variable;
  private readonly v: Variable;
  private readonly head: Variable;
  private readonly bias: Variable;
  private readonly optimizer: AdamOptimizer;
  private mirrorU: Float32Array;
  private mirrorV: Float32Array;
  private readonly corrected: Float32Array;
  private readonly low: Float32Array;
  private readonly samples: { pooled: Float32Array; next: Float32Array; outcome: Float32Array };
  private cursor = 0;
  private count = 0;
  private readonly random: Prng;

  constructor(tf: TensorFlow, options: LearnedProjectionOptions) {
    const { inDim, outDim, rank, seed, capacity } = options;
    this.tf = tf;
    this.options = options;
    this.inDim = inDim;
    this.outDim = outDim;
    this.rank = rank;
    this.base = new RandomProjection(inDim, outDim, seed);
    const random = createPrng((seed ^ 0x1ea7) >>> 0);
    const v0 = Float32Array.from({ length: inDim * rank }, () => random.gaussian() / Math.sqrt(inDim));
    const prefix = `projection#${++instances}`; // tfjs variable names are global
    this.u = tf.variable(tf.zeros([inDim, rank]), true, `${prefix}/u`);
    this.v = tf.variable(tf.tensor2d(v0, [inDim, rank]), true, `${prefix}/v`);
    this.head = tf.variable(tf.zeros([inDim, 1]), true, `${prefix}/head`);
    this.bias = tf.variable(tf.zeros([1]), true, `${prefix}/bias`);
    this.optimizer = tf.train.adam(options.learningRate);
    this.mirrorU = new Float32Array(inDim * rank);
    this.mirrorV = v0;
    this.corrected = new Float32Array(inDim);
    this.low = new Float32Array(rank);
    this.samples = {
      pooled: new Float32Array(capacity * inDim),
      next: new Float32Array(capacity * inDim),
      outcome: new Float32Array(capacity),
    };
    this.random = createPrng((seed ^ 0x5a3b1e) >>> 0);
  }

  /** out = W₀·(x + U·Vᵀ·x). Same contract as RandomProjection.project. */
  project(input: Float32Array, out: Float32Array): void {
    const { inDim, rank, corrected, low, mirrorU, mirrorV } = this;
    if (input.length !== inDim || out.length !== this.outDim) {
      throw new InputError(
        "dimension_mismatch",
        `projection ${inDim}→${this.outDim} got ${input.length}→${out.length}`,
      );
    }
    low.fill(0);
    for (let i = 0; i < inDim; i++) {
      const x = input[i]!;
      for (let r = 0; r < rank; r++) low[r] = low[r]! + mirrorV[i * rank + r]! * x;
    }
    for (let i = 0; i < inDim; i++) {
      let sum = input[i]!;
      for (let r = 0; r < rank; r++) sum += mirrorU[i * rank + r]! * low[r]!;
      corrected[i] = sum;
    }
    this.base.project(corrected, out);
  }

  /** Records a training sample: the pooled window, the next turn's embedding, the outcome in [0, 1]. */
  observe(pooled: Float32Array, nextEmbedding: Float32Array, outcome: number): void {
    if (pooled.length !== this.inDim || nextEmbedding.length !== this.inDim) {
      throw new InputError("dimension_mismatch", `projection samples need dimension ${this.inDim}`);
    }
    if (!(outcome >= 0 && outcome <= 1) || !allFinite(pooled) || !allFinite(nextEmbedding)) {
      throw new InputError("invalid_sample", "projection samples must be finite with an outcome in [0, 1]", {
        outcome,
      });
    }
    const slot = this.cursor;
    this.samples.pooled.set(pooled, slot * this.inDim);
    this.samples.next.set(nextEmbedding, slot * this.inDim);
    this.samples.outcome[slot] = outcome;
    this.cursor = (slot + 1) % this.options.capacity;
    if (this.count < this.options.capacity) this.count++;
  }

  /** Samples held. */
  get sampleCount(): number {
    return this.count;
  }

  /**
   * One Adam step on a mini-batch (clipped at the global norm); returns the loss before the step,
   * or null while fewer than a batch of samples is held.
   */
  trainStep(): number | null {
    const { batchSize, gradientClip } = this.options;
    if (this.count < batchSize) return null;
    const { x, next, outcome } = this.sampleBatch(batchSize);
    const tf = this.tf;
    const loss = tf.tidy(() => {
      const xs = tf.tensor2d(x, [batchSize, this.inDim]);
      const ys = tf.tensor2d(next, [batchSize, this.inDim]);
      const os = tf.tensor2d(outcome, [batchSize, 1]);
      const { value, grads } = tf.variableGrads(
        () => this.loss(xs, ys, os),
        [this.u, this.v, this.head, this.bias],
      );
      const names = [this.u.name, this.v.name, this.head.name, this.bias.name];
      const { clipped } = clipByGlobalNorm(
        tf,
        names.map((n) => grads[n]!),
        gradientClip,
      );
      this.optimizer.applyGradients(names.map((name, i) => ({ name, tensor: clipped[i]! })));
      return value.dataSync()[0]!;
    });
    this.refreshMirrors();
    return loss;
  }

  /** Mean squared next-turn error + squared outcome error of the current weights on samples. */
  evaluate(pooled: Float32Array, next: Float32Array, outcome: Float32Array): number {
    const n = outcome.length;
    const tf = this.tf;
    return tf.tidy(
      () =>
        this.loss(
          tf.tensor2d(pooled, [n, this.inDim]),
          tf.tensor2d(next, [n, this.inDim]),
          tf.tensor2d(outcome, [n, 1]),
        ).dataSync()[0]!,
    );
  }

  /** Copies of the trainable weights. */
  exportWeights(): ProjectionWeights {
    const copy = (v: Variable) => Float32Array.from(v.dataSync() as Float32Array);
    return { u: copy(this.u), v: copy(this.v), head: copy(this.head), bias: copy(this.bias) };
  }

  /** Replaces the trainable weights. Throws InputError on a size mismatch. */
  importWeights(weights: ProjectionWeights): void {
    const pairs: [Variable, Float32Array][] = [
      [this.u, weights.u],
      [this.v, weights.v],
      [this.head, weights.head],
      [this.bias, weights.bias],
    ];
    for (const [variable, values] of pairs) {
      if (values.length !== variable.size)
        throw new InputError("invalid_weights", `${variable.name} needs ${variable.size} values`);
    }
    for (const [variable, values] of pairs)
      this.tf.tidy(() => variable.assign(this.tf.tensor(values, variable.shape)));
    this.refreshMirrors();
  }

  /** Frees tensors. */
  dispose(): void {
    for (const v of [this.u, this.v, this.head, this.bias]) v.dispose();
    this.optimizer.dispose();
  }

  private loss(x: Tensor2D, next: Tensor2D, outcome: Tensor2D): Scalar {
    const tf = this.tf;
    const z = tf.add(x, tf.matMul(tf.matMul(x, this.v as Tensor2D), this.u as Tensor2D, false, true));
    const drift = tf.mean(tf.sum(tf.square(tf.sub(z, next)), 1));
    const predicted = tf.sigmoid(tf.add(tf.matMul(z, this.head as Tensor2D), this.bias as Tensor1D));
    return tf.add(drift, tf.mean(tf.square(tf.sub(predicted, outcome)))) as Scalar;
  }

  private sampleBatch(size: number) {
    const x = new Float32Array(size * this.inDim);
    const next = new Float32Array(size * this.inDim);
    const outcome = new Float32Array(size);
    for (let row = 0; row < size; row++) {
      const slot = Math.floor(this.random.next() * this.count);
      x.set(this.samples.pooled.subarray(slot * this.inDim, (slot + 1) * this.inDim), row * this.inDim);
      next.set(this.samples.next.subarray(slot * this.inDim, (slot + 1) * this.inDim), row * this.inDim);
      outcome[row] = this.samples.outcome[slot]!;
    }
    return { x, next, outcome };
  }

  private refreshMirrors(): void {
    // new arrays, swapped in whole: a concurrent project() never sees half-updated weights
    this.mirrorU = Float32Array.from(this.u.dataSync() as Float32Array);
    this.mirrorV = Float32Array.from(this.v.dataSync() as Float32Array);
  }
}

function allFinite(v: Float32Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) return false;
  return true;
}
