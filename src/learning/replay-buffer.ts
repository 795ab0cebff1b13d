/**
 * @module learning/replay-buffer
 * Experience replay (SPEC §5: 10,000 transitions, mini-batches of 32): a ring of transitions in
 * preallocated Float32Arrays, overwritten oldest first, sampled uniformly with a seeded generator
 * into caller-owned batch buffers (no allocation per step).
 */
import { InputError } from "../errors.js";
import type { Prng } from "../util/random.js";

/** One transition (s, a, r, s′) with its Monte Carlo return G. */
export interface Transition {
  state: Float32Array;
  action: Float32Array;
  reward: number;
  /** G_t = Σ_k γ^k r_{t+k} over the rest of the trajectory. */
  return: number;
  /** s′, or null at the end of a trajectory. */
  nextState: Float32Array | null;
}

/** A sampled mini-batch, row-major. */
export interface ReplayBatch {
  size: number;
  /** [size × (stateDim + actionDim)]: state then action. */
  inputs: Float32Array<ArrayBuffer>;
  /** [size × (2 + stateDim)]: return, reward, next state. */
  targets: Float32Array<ArrayBuffer>;
  /** [size]: 1 when the next state is known. */
  nextMask: Float32Array<ArrayBuffer>;
}

/** Ring buffer of transitions. */
export class ReplayBuffer {
  readonly capacity: number;
  readonly stateDim: number;
  readonly actionDim: number;
  private readonly states: Float32Array;
  private readonly actions: Float32Array;
  private readonly nextStates: Float32Array;
  private readonly scalars: Float32Array; // reward, return, hasNext
  private head = 0;
  private count = 0;

  constructor(capacity: number, stateDim: number, actionDim: number) {
    if (!Number.isInteger(capacity) || capacity <= 0)
      throw new InputError("invalid_capacity", `capacity ${capacity}`);
    this.capacity = capacity;
    this.stateDim = stateDim;
    this.actionDim = actionDim;
    this.states = new Float32Array(capacity * stateDim);
    this.actions = new Float32Array(capacity * actionDim);
    this.nextStates = new Float32Array(capacity * stateDim);
    this.scalars = new Float32Array(capacity * 3);
  }

  /** Transitions held. */
  get size(): number {
    return this.count;
  }

  /** Adds a transition, overwriting the oldest when full. The caller validated it. */
  push(t: Transition): void {
    const slot = this.head;
    this.states.set(t.state, slot * this.stateDim);
    this.actions.set(t.action, slot * this.actionDim);
    if (t.nextState) this.nextStates.set(t.nextState, slot * this.stateDim);
    else this.nextStates.fill(0, slot * this.stateDim, (slot + 1) * this.stateDim);
    this.scalars[slot * 3] = t.reward;
    this.scalars[slot * 3 + 1] = t.return;
    this.scalars[slot * 3 + 2] = t.nextState ? 1 : 0;
    this.head = (this.head + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  /** A batch buffer of `size` rows for {@link sample}. */
  allocateBatch(size: number): ReplayBatch {
    return {
      size,
      inputs: new Float32Array(size * (this.stateDim + this.actionDim)),
      targets: new Float32Array(size * (2 + this.stateDim)),
      nextMask: new Float32Array(size),
    };
  }

  /** Fills `batch` with transitions drawn uniformly with replacement. Needs a non-empty buffer. */
  sample(random: Prng, batch: ReplayBatch): ReplayBatch {
    if (this.count === 0) throw new InputError("empty_buffer", "cannot sample an empty replay buffer");
    const { stateDim, actionDim } = this;
    const inputWidth = stateDim + actionDim;
    const targetWidth = 2 + stateDim;
    for (let row = 0; row < batch.size; row++) {
      const slot = Math.floor(random.next() * this.count);
      batch.inputs.set(this.states.subarray(slot * stateDim, (slot + 1) * stateDim), row * inputWidth);
      batch.inputs.set(
        this.actions.subarray(slot * actionDim, (slot + 1) * actionDim),
        row * inputWidth + stateDim,
      );
      batch.targets[row * targetWidth] = this.scalars[slot * 3 + 1]!;
      batch.targets[row * targetWidth + 1] = this.scalars[slot * 3]!;
      batch.targets.set(
        this.nextStates.subarray(slot * stateDim, (slot + 1) * stateDim),
        row * targetWidth + 2,
      );
      batch.nextMask[row] = this.scalars[slot * 3 + 2]!;
    }
    return batch;
  }
}
