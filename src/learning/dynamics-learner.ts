/**
 * @module learning/dynamics-learner
 * SPEC §5, learned dynamics: the transition/value network Q(S, a) and its training.
 *
 * The MLP [inputDim, 256, 128, 2 + stateDim] (ReLU) maps the compact input of state-features.ts
 * to three heads: Q(S, a) (trained on Monte Carlo returns G_t of recorded trajectories), the
 * immediate reward r = r_task + λ·r_coherence, and the next state features (the transition
 * model). Experience goes to a 10,000-transition replay buffer; each step draws a mini-batch of
 * 32, clips the joint gradient at global norm 5.0 and applies Adam (lr 1e-4). `gradQ` is ∂Q/∂P_i
 * by tf.grad through the P sketch — the β∇Q term of the consensus update — and `estimate` is the
 * Monte Carlo estimate over 10 rollouts of the learned transition model (monte-carlo.ts). The
 * learned context projection of C_i is trained in the same step.
 *
 * Training runs off the request path (BackgroundTrainer); prediction methods are synchronous.
 * Everything is tidied: the tensor count stays constant across steps.
 */
import type { AdamOptimizer, Scalar, Tensor, Tensor2D } from "@tensorflow/tfjs";
import type { RapoConfig } from "../config/schema.js";
import { InputError } from "../errors.js";
import { DEFAULT_MODALITIES, DEFAULT_TASK_TYPES } from "../state/taxonomy.js";
import { createPrng, type Prng } from "../util/random.js";
import {
  decodeLearnerBytes,
  encodeLearnerBytes,
  type LearnerDims,
  type OptimizerWeights,
} from "./dynamics-codec.js";
import { clipByGlobalNorm } from "./gradient-clipping.js";
import { LearnedContextProjection } from "./learned-projection.js";
import { Mlp } from "./mlp.js";
import { type MonteCarloEstimate, monteCarloEstimate, monteCarloValueGradient } from "./monte-carlo.js";
import { type ReplayBatch, ReplayBuffer } from "./replay-buffer.js";
import { combinedReward, monteCarloReturns } from "./reward.js";
import { type ActionKind, type AgentStateInput, StateFeatureEncoder } from "./state-features.js";
import { loadTensorFlow, type TensorFlow } from "./tf-runtime.js";

export type { LearnerDims } from "./dynamics-codec.js";

/** Options: the `learning` config section plus the state dimensions. */
export interface DynamicsLearnerOptions extends LearnerDims {
  learning: RapoConfig["learning"];
  /** unit vectors for the first rows of the P sketch (see StateFeatureEncoder). */
  promptBasis?: readonly Float32Array[];
}

/** One step of a recorded trajectory (an agent's turn in a conversation). */
export interface TrajectoryStep {
  prompt: Float32Array;
  state: AgentStateInput;
  action: ActionKind;
  /** r_task, e.g. the turn's outcome in [0, 1]. */
  taskReward: number;
  /** r_coherence, e.g. {@link coherenceReward} of the context before and after the turn (≤ 0). */
  coherenceReward: number;
}

/** What a training step did. */
export interface TrainStepResult {
  /** dynamics loss before the step, null when the replay buffer holds less than a batch. */
  loss: number | null;
  /** global gradient norm before clipping. */
  gradientNorm: number | null;
  /** whether the gradient was scaled down to the clip norm. */
  clipped: boolean;
  /** the update was skipped because the loss or the gradient was not finite. */
  rejected: boolean;
  projectionLoss: number | null;
  durationMs: number;
}

/** Prediction of the network for one (S, a). */
export interface Prediction {
  q: number;
  reward: number;
  nextState: Float32Array;
}

/** An input of {@link DynamicsLearner.gradQBatch}. */
export interface GradientRequest {
  prompt: Float32Array;
  state: AgentStateInput;
  action: ActionKind;
}

/** The transition/value network, its replay buffer and the learned context projection. */
export class DynamicsLearner {
  readonly options: DynamicsLearnerOptions;
  readonly encoder: StateFeatureEncoder;
  readonly projection: LearnedContextProjection;
  private readonly tf: TensorFlow;
  private readonly network: Mlp;
  private readonly optimizer: AdamOptimizer;
  private readonly buffer: ReplayBuffer;
  private readonly batch: ReplayBatch;
  private readonly random: Prng;
  /** R_Pᵀ as a constant tensor [promptDim, sketchDim], for ∂Q/∂P. */
  private readonly sketchT: Tensor2D;
  private steps = 0;
  /** bumped whenever anything a gradient reads may have changed (a training step, a load). */
  private revisions = 0;
  /** RMS of the transition head's error, the noise scale of Monte Carlo rollouts. */
  private transitionNoise = 0;

  private constructor(tf: TensorFlow, options: DynamicsLearnerOptions) {
    const { learning, seed } = options;
    this.tf = tf;
    this.options = options;
    const { promptDim, contextDim, taskCount, modalityCount } = options;
    this.encoder = new StateFeatureEncoder(
      { promptDim, contextDim, taskCount, modalityCount, sketchDim: learning.sketchDim },
      seed,
      options.promptBasis,
    );
    const outputDim = 2 + this.encoder.stateDim;
    this.network = new Mlp(
      tf,
      [this.encoder.inputDim, ...learning.hiddenLayers, outputDim],
      seed,
      "dynamics",
    );
    this.optimizer = tf.train.adam(learning.learningRate);
    this.buffer = new ReplayBuffer(learning.replayCapacity, this.encoder.stateDim, this.encoder.actionDim);
    this.batch = this.buffer.allocateBatch(learning.batchSize);
    this.random = createPrng((seed ^ 0x7ea1) >>> 0);
    this.sketchT = tf.tidy(() =>
      tf.transpose(tf.tensor2d(this.encoder.promptSketch, [learning.sketchDim, options.promptDim])),
    ) as Tensor2D;
    this.projection = new LearnedContextProjection(tf, {
      inDim: options.embeddingDim,
      outDim: options.contextDim,
      rank: learning.projectionRank,
      seed,
      capacity: learning.projectionCapacity,
      batchSize: learning.batchSize,
      learningRate: learning.learningRate,
      gradientClip: learning.gradientClip,
    });
  }

  /** A learner (loads the tfjs CPU backend). */
  static async create(options: DynamicsLearnerOptions): Promise<DynamicsLearner> {
    return new DynamicsLearner(await loadTensorFlow(), options);
  }

  /**
   * The learner for a configuration, or null when `learning.enabled` is false (the ablation:
   * no tfjs is loaded at all). Defaults to the 10 × 5 taxonomy.
   */
  static async fromConfig(
    config: Pick<RapoConfig, "learning" | "state">,
    taxonomy = { taskCount: DEFAULT_TASK_TYPES.length, modalityCount: DEFAULT_MODALITIES.length },
    promptBasis?: readonly Float32Array[],
  ): Promise<DynamicsLearner | null> {
    if (!config.learning.enabled) return null;
    const { promptDim, contextDim, embeddingDim, seed } = config.state;
    return DynamicsLearner.create({
      learning: config.learning,
      promptDim,
      contextDim,
      embeddingDim,
      seed,
      ...taxonomy,
      ...(promptBasis ? { promptBasis } : {}),
    });
  }

  /**
   * Restores a learner from {@link serialize} bytes; `learning` overrides the stored settings.
   * Pass the same `promptBasis` the learner was created with (it is derived, not stored).
   */
  static async deserialize(
    bytes: Uint8Array,
    learning?: RapoConfig["learning"],
    promptBasis?: readonly Float32Array[],
  ): Promise<DynamicsLearner> {
    const decoded = decodeLearnerBytes(bytes);
    const learner = await DynamicsLearner.create({
      ...decoded.dims,
      learning: learning ?? decoded.learning,
      ...(promptBasis ? { promptBasis } : {}),
    });
    await learner.apply(decoded);
    return learner;
  }

  /**
   * Loads {@link serializeWithOptimizer} (or {@link serialize}) bytes into this learner in place:
   * weights, counters and, when the bytes hold it, Adam's state (a rollback or a restart resumes
   * training where the checkpoint left it). Validates before writing anything.
   * @throws InputError on corrupted bytes or other dimensions.
   */
  async load(bytes: Uint8Array): Promise<void> {
    const decoded = decodeLearnerBytes(bytes);
    const mine = this.options as unknown as Record<string, unknown>;
    const stored = decoded.dims as unknown as Record<string, unknown>;
    for (const key of ["promptDim", "contextDim", "embeddingDim", "taskCount", "modalityCount", "seed"]) {
      if (stored[key] !== mine[key])
        throw new InputError(
          "invalid_weights",
          `stored learner has ${key} ${String(stored[key])}, this one ${String(mine[key])}`,
        );
    }
    await this.apply(decoded);
  }

  /**
   * {@link serialize} plus Adam's state (iteration count and first/second moments): what a
   * checkpoint holds. Async because tfjs reads optimiser weights asynchronously.
   */
  async serializeWithOptimizer(): Promise<Uint8Array> {
    const named = await this.optimizer.getWeights();
    const optimizer = {
      names: named.map((w) => w.name),
      values: named.map((w) => Float32Array.from(w.tensor.dataSync() as Float32Array)),
    };
    // getWeights creates the iteration scalar; the moments are the optimiser's own variables
    named[0]?.tensor.dispose();
    return this.encode(optimizer);
  }

  private async apply(decoded: ReturnType<typeof decodeLearnerBytes>): Promise<void> {
    this.revisions++;
    this.network.importWeights(decoded.network);
    this.projection.importWeights(decoded.projection);
    this.steps = decoded.steps;
    this.transitionNoise = decoded.transitionNoise;
    if (decoded.optimizer) {
      const tf = this.tf;
      const { names, values } = decoded.optimizer;
      const byName = new Map(this.network.variables.map((v) => [v.name, v.shape]));
      const tensors = values.map((v, i) =>
        // moments are named after their variable plus "/m" or "/v"
        i === 0 ? tf.scalar(v[0]!) : tf.tensor(v, byName.get(names[i]!.replace(/\/[mv]$/, "")) ?? [v.length]),
      );
      await this.optimizer.setWeights(names.map((name, i) => ({ name, tensor: tensors[i]! })));
      tf.dispose(tensors);
    }
  }

  /** Transitions in the replay buffer. */
  get bufferSize(): number {
    return this.buffer.size;
  }

  /** Training steps applied so far. */
  get trainedSteps(): number {
    return this.steps;
  }

  /**
   * Changes when the weights, counters or noise scale may have changed (every training step,
   * every load): equal revisions and equal inputs give equal {@link gradValueBatch} results.
   */
  get revision(): number {
    return this.revisions;
  }

  /**
   * Records a finished trajectory: rewards r_t = r_task + λ·r_coherence, Monte Carlo returns
   * G_t, transitions (s_t, a_t, r_t, s_{t+1}) into the replay buffer. All-or-nothing: any
   * non-finite reward or input throws InputError and records nothing. Returns transitions added.
   */
  recordTrajectory(steps: readonly TrajectoryStep[]): number {
    const { coherenceWeight, discount } = this.options.learning;
    const rewards = steps.map((s) => combinedReward(s.taskReward, s.coherenceReward, coherenceWeight));
    const states = steps.map((s) => this.encoder.encodeState(s.prompt, s.state));
    const actions = steps.map((s) => this.encoder.encodeAction(s.action));
    const returns = monteCarloReturns(rewards, discount);
    steps.forEach((_, t) => {
      this.buffer.push({
        state: states[t]!,
        action: actions[t]!,
        reward: rewards[t]!,
        return: returns[t]!,
        nextState: states[t + 1] ?? null,
      });
    });
    return steps.length;
  }

  /** One training step of the dynamics network and of the context projection. */
  async trainStep(): Promise<TrainStepResult> {
    const started = performance.now();
    this.revisions++;
    const result: TrainStepResult = {
      loss: null,
      gradientNorm: null,
      clipped: false,
      rejected: false,
      projectionLoss: this.projection.trainStep(),
      durationMs: 0,
    };
    if (this.buffer.size >= this.options.learning.batchSize) this.dynamicsStep(result);
    result.durationMs = performance.now() - started;
    return result;
  }

  /** Q, reward and next state predicted for one (S, a). */
  predict(prompt: Float32Array, state: AgentStateInput, action: ActionKind): Prediction {
    const input = this.encodeInput(prompt, state, action);
    const out = this.tf.tidy(() => this.network.apply(this.tf.tensor2d(input, [1, input.length])).dataSync());
    return { q: out[0]!, reward: out[1]!, nextState: Float32Array.from(out.subarray(2)) };
  }

  /** ∂Q(S, a)/∂P ∈ R^promptDim for one agent (see {@link gradQBatch}). */
  gradQ(prompt: Float32Array, state: AgentStateInput, action: ActionKind): Float32Array {
    return this.gradQBatch([{ prompt, state, action }])[0]!;
  }

  /** ∂Q/∂P for many agents in one tf.grad call (one forward and backward pass of the batch). */
  gradQBatch(requests: readonly GradientRequest[]): Float32Array[] {
    const n = requests.length;
    if (n === 0) return [];
    const { promptDim } = this.options;
    const { prompts, others, otherWidth } = this.packBatch(requests);
    const tf = this.tf;
    const flat = tf.tidy(() => {
      const other = tf.tensor2d(others, [n, otherWidth]);
      const q = (p: Tensor): Scalar => {
        const input = tf.concat([tf.matMul(p as Tensor2D, this.sketchT), other], 1) as Tensor2D;
        return tf.sum(tf.slice(this.network.apply(input), [0, 0], [n, 1]));
      };
      return tf
        .grad(q)(tf.tensor2d(prompts, [n, promptDim]))
        .dataSync() as Float32Array;
    });
    return requests.map((_, row) => Float32Array.from(flat.subarray(row * promptDim, (row + 1) * promptDim)));
  }

  /** The batch's prompts (n × promptDim) and the rest of each encoded input, row by row. */
  private packBatch(requests: readonly GradientRequest[]): {
    prompts: Float32Array;
    others: Float32Array;
    otherWidth: number;
  } {
    const { promptDim, learning } = this.options;
    const otherWidth = this.encoder.inputDim - learning.sketchDim;
    const prompts = new Float32Array(requests.length * promptDim);
    const others = new Float32Array(requests.length * otherWidth);
    const scratch = new Float32Array(this.encoder.inputDim);
    requests.forEach((r, row) => {
      this.encodeInput(r.prompt, r.state, r.action, scratch);
      prompts.set(r.prompt, row * promptDim);
      others.set(scratch.subarray(learning.sketchDim), row * otherWidth);
    });
    return { prompts, others, otherWidth };
  }

  /**
   * ∂V_MC/∂P for many agents: the gradient of the Monte Carlo value over
   * `learning.monteCarloTrajectories` rollouts of `learning.rolloutHorizon` steps through the
   * transition head (see monte-carlo.ts). What the runtime's β term uses: unlike the one-step
   * {@link gradQBatch}, it reads the transition head, so what a prompt does to later states counts.
   */
  gradValueBatch(requests: readonly GradientRequest[]): Float32Array[] {
    const n = requests.length;
    if (n === 0) return [];
    const { promptDim, learning } = this.options;
    const { prompts, others } = this.packBatch(requests);
    const flat = monteCarloValueGradient(this.tf, (x) => this.network.apply(x), {
      prompts,
      others,
      agents: n,
      promptDim,
      sketchT: this.sketchT,
      stateDim: this.encoder.stateDim,
      trajectories: learning.monteCarloTrajectories,
      horizon: learning.rolloutHorizon,
      discount: learning.discount,
      noise: this.transitionNoise,
      random: createPrng((this.options.seed ^ (this.steps * 0x9e37) ^ 0x6d63) >>> 0),
    });
    return requests.map((_, row) => Float32Array.from(flat.subarray(row * promptDim, (row + 1) * promptDim)));
  }

  /** Monte Carlo estimate of value and transition over `learning.monteCarloTrajectories` rollouts. */
  estimate(prompt: Float32Array, state: AgentStateInput, action: ActionKind): MonteCarloEstimate {
    const { monteCarloTrajectories, rolloutHorizon, discount } = this.options.learning;
    return monteCarloEstimate(this.tf, (x) => this.network.apply(x), {
      input: this.encodeInput(prompt, state, action),
      stateDim: this.encoder.stateDim,
      trajectories: monteCarloTrajectories,
      horizon: rolloutHorizon,
      discount,
      noise: this.transitionNoise,
      random: createPrng((this.options.seed ^ (this.steps * 0x9e37)) >>> 0),
    });
  }

  /** Network and projection weights with the dimensions, as canonical bytes. */
  serialize(): Uint8Array {
    return this.encode(null);
  }

  private encode(optimizer: OptimizerWeights | null): Uint8Array {
    const { learning, ...dims } = this.options;
    return encodeLearnerBytes({
      dims,
      learning,
      steps: this.steps,
      transitionNoise: this.transitionNoise,
      network: this.network.exportWeights(),
      projection: this.projection.exportWeights(),
      optimizer,
    });
  }

  /** Frees every tensor of the learner. */
  dispose(): void {
    this.network.dispose();
    this.optimizer.dispose();
    this.sketchT.dispose();
    this.projection.dispose();
  }

  private encodeInput(
    prompt: Float32Array,
    state: AgentStateInput,
    action: ActionKind,
    out?: Float32Array,
  ): Float32Array {
    const input = out ?? new Float32Array(this.encoder.inputDim);
    this.encoder.encodeState(prompt, state, input.subarray(0, this.encoder.stateDim));
    this.encoder.encodeAction(action, input, this.encoder.stateDim);
    return input;
  }

  private dynamicsStep(result: TrainStepResult): void {
    const tf = this.tf;
    const { batchSize, gradientClip } = this.options.learning;
    const batch = this.buffer.sample(this.random, this.batch);
    const stateDim = this.encoder.stateDim;
    const [loss, norm, transition] = tf.tidy(() => {
      const x = tf.tensor2d(batch.inputs, [batchSize, this.encoder.inputDim]);
      const y = tf.tensor2d(batch.targets, [batchSize, 2 + stateDim]);
      const mask = tf.tensor2d(batch.nextMask, [batchSize, 1]);
      let transitionError: Scalar | null = null;
      const { value, grads } = tf.variableGrads(() => {
        const out = this.network.apply(x);
        const heads = tf.mean(
          tf.square(tf.sub(tf.slice(out, [0, 0], [-1, 2]), tf.slice(y, [0, 0], [-1, 2]))),
        );
        const nextError = tf.mean(
          tf.square(tf.sub(tf.slice(out, [0, 2], [-1, stateDim]), tf.slice(y, [0, 2], [-1, stateDim]))),
          1,
          true,
        );
        const masked = tf.div(tf.sum(tf.mul(nextError, mask)), tf.maximum(tf.sum(mask), 1)) as Scalar;
        transitionError = tf.keep(masked);
        return tf.add(heads, masked) as Scalar;
      }, this.network.variables);
      const names = this.network.variables.map((v) => v.name);
      const { clipped, globalNorm } = clipByGlobalNorm(
        tf,
        names.map((n) => grads[n]!),
        gradientClip,
      );
      const values = [value.dataSync()[0]!, globalNorm.dataSync()[0]!, transitionError!.dataSync()[0]!];
      tf.dispose(transitionError!);
      if (values.every(Number.isFinite))
        this.optimizer.applyGradients(names.map((name, i) => ({ name, tensor: clipped[i]! })));
      return values as [number, number, number];
    });
    result.loss = loss;
    result.gradientNorm = norm;
    result.clipped = norm > gradientClip;
    if (!Number.isFinite(loss) || !Number.isFinite(norm)) {
      result.rejected = true;
      return;
    }
    this.steps++;
    this.transitionNoise = Math.sqrt(0.99 * this.transitionNoise ** 2 + 0.01 * transition);
  }
}
