/**
 * @module state/context-vector
 * C_i, the context vector (SPEC §2): attention over the embeddings of the last k turns, with the
 * latest turn as the query and the window as keys and values, pooled and projected to
 * `state.contextDim`. The window is a ring buffer in one Float32Array, so pushing a turn and
 * recomputing the context allocate nothing.
 */
import type { RapoConfig } from "../config/schema.js";
import { InputError } from "../errors.js";

/** A linear map R^inDim → R^outDim: the compression of the pooled context (SPEC §2). */
export interface ContextProjection {
  readonly inDim: number;
  readonly outDim: number;
  /** Writes the projection of `input` (length inDim) into `out` (length outDim). */
  project(input: Float32Array, out: Float32Array): void;
}

/** The last `capacity` turn embeddings of one agent (or conversation), oldest first. */
export class ContextWindow {
  readonly capacity: number;
  readonly dim: number;
  /** attention temperature τ (config `state.attentionTemperature`). */
  readonly temperature: number;
  private readonly buffer: Float32Array;
  // ‖k_j‖ per slot, computed on push so attention needs one dot product per key.
  private readonly slotNorms: Float32Array;
  private head = 0; // slot of the next push
  private count = 0;
  /** scratch for {@link computeContext}: pooled vector and attention weights. */
  readonly pooled: Float32Array;
  readonly weights: Float32Array;

  constructor(capacity: number, dim: number, temperature: number) {
    if (
      !Number.isInteger(capacity) ||
      capacity <= 0 ||
      !Number.isInteger(dim) ||
      dim <= 0 ||
      !(temperature > 0)
    ) {
      throw new InputError(
        "invalid_window",
        `context window needs positive sizes, got k=${capacity}, dim=${dim}, τ=${temperature}`,
        {
          capacity,
          dim,
          temperature,
        },
      );
    }
    this.capacity = capacity;
    this.dim = dim;
    this.temperature = temperature;
    this.buffer = new Float32Array(capacity * dim);
    this.slotNorms = new Float32Array(capacity);
    this.pooled = new Float32Array(dim);
    this.weights = new Float32Array(capacity);
  }

  /** Window of `state.contextWindow` turns of `state.embeddingDim` with the configured τ. */
  static fromConfig(config: Pick<RapoConfig, "state">): ContextWindow {
    const { contextWindow, embeddingDim, attentionTemperature } = config.state;
    return new ContextWindow(contextWindow, embeddingDim, attentionTemperature);
  }

  /** Turns currently held (≤ capacity). */
  get size(): number {
    return this.count;
  }

  /** Appends a turn embedding (copied); the oldest turn is dropped once the window is full. */
  push(embedding: Float32Array): void {
    if (embedding.length !== this.dim) {
      throw new InputError(
        "dimension_mismatch",
        `turn embedding has dimension ${embedding.length}, expected ${this.dim}`,
        {
          expected: this.dim,
          got: embedding.length,
        },
      );
    }
    this.buffer.set(embedding, this.head * this.dim);
    let squares = 0;
    for (let d = 0; d < embedding.length; d++) squares += embedding[d]! * embedding[d]!;
    this.slotNorms[this.head] = Math.sqrt(squares);
    this.head = (this.head + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  /** Buffer offset of the i-th held turn, 0 = oldest. */
  offsetOf(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.count) {
      throw new InputError("out_of_range", `turn ${i} not in a window of ${this.count}`, {
        index: i,
        size: this.count,
      });
    }
    const slot = (this.head - this.count + i + this.capacity) % this.capacity;
    return slot * this.dim;
  }

  /** A view (no copy) of the i-th held turn, 0 = oldest; valid until the slot is overwritten. */
  at(i: number): Float32Array {
    const offset = this.offsetOf(i);
    return this.buffer.subarray(offset, offset + this.dim);
  }

  /** The latest turn (view), or null when empty. */
  latest(): Float32Array | null {
    return this.count === 0 ? null : this.at(this.count - 1);
  }

  /** ‖turn i‖₂, 0 = oldest. */
  normAt(i: number): number {
    return this.slotNorms[this.offsetOf(i) / this.dim]!;
  }

  /** Raw ring storage, for attention loops that walk offsets themselves. */
  get data(): Float32Array {
    return this.buffer;
  }

  /** Forgets every turn. */
  clear(): void {
    this.head = 0;
    this.count = 0;
  }

  /** Held turns, oldest first, as one contiguous copy (size·dim): for persistence. */
  snapshot(): Float32Array {
    const out = new Float32Array(this.count * this.dim);
    for (let i = 0; i < this.count; i++) out.set(this.at(i), i * this.dim);
    return out;
  }

  /** Replaces the content with a {@link snapshot} (keeps the last `capacity` turns of it). */
  restore(snapshot: Float32Array): void {
    if (snapshot.length % this.dim !== 0) {
      throw new InputError(
        "dimension_mismatch",
        `snapshot length ${snapshot.length} is not a multiple of ${this.dim}`,
      );
    }
    this.clear();
    const turns = snapshot.length / this.dim;
    for (let i = Math.max(0, turns - this.capacity); i < turns; i++) {
      this.push(snapshot.subarray(i * this.dim, (i + 1) * this.dim));
    }
  }
}

/**
 * Attention of the latest turn over the window: weights_j = softmax_j(cos(q, k_j)/τ), pooled =
 * Σ_j weights_j·v_j (keys = values = turn embeddings). Writes the weights, oldest first, into
 * `window.weights` and the pooled vector into `window.pooled`; returns the number of turns.
 * Cosine over τ is scaled dot-product attention for unit-norm embeddings (see config
 * `state.attentionTemperature`).
 */
export function attend(window: ContextWindow): number {
  const n = window.size;
  const { data, dim, weights, pooled, temperature } = window;
  pooled.fill(0);
  if (n === 0) return 0;
  const query = window.offsetOf(n - 1);
  const queryNorm = window.normAt(n - 1);
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < n; j++) {
    const key = window.offsetOf(j);
    const denominator = queryNorm * window.normAt(j);
    const score = denominator === 0 ? 0 : dotAt(data, query, data, key, dim) / denominator / temperature;
    weights[j] = score;
    if (score > max) max = score;
  }
  let sum = 0;
  for (let j = 0; j < n; j++) {
    const e = Math.exp(weights[j]! - max);
    weights[j] = e;
    sum += e;
  }
  for (let j = 0; j < n; j++) {
    const w = weights[j]! / sum;
    weights[j] = w;
    const value = window.offsetOf(j);
    for (let d = 0; d < dim; d++) pooled[d] = pooled[d]! + w * data[value + d]!;
  }
  return n;
}

/**
 * C_i = projection(attention-pooled window), written into `out` (length projection.outDim).
 * An empty window gives the zero vector. Returns `out`.
 */
export function computeContext(
  window: ContextWindow,
  projection: ContextProjection,
  out: Float32Array,
): Float32Array {
  if (projection.inDim !== window.dim || out.length !== projection.outDim) {
    throw new InputError("dimension_mismatch", "context projection does not fit the window or the output", {
      windowDim: window.dim,
      inDim: projection.inDim,
      outDim: projection.outDim,
      outLength: out.length,
    });
  }
  if (attend(window) === 0) return out.fill(0);
  projection.project(window.pooled, out);
  return out;
}

function dotAt(a: Float32Array, aOffset: number, b: Float32Array, bOffset: number, length: number): number {
  let sum = 0;
  for (let d = 0; d < length; d++) sum += a[aOffset + d]! * b[bOffset + d]!;
  return sum;
}
