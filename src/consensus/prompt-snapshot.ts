/**
 * @module consensus/prompt-snapshot
 * A copy of every agent's P_i by id: the stable configuration a consensus rollback restores,
 * byte for byte, and the P^t a tick iterates from (rows in the tick's agent order).
 *
 * Capturing is one pass per vector that copies, computes ‖P_i‖ and screens for NaN/Infinity at
 * once (the tick needs all three). Two buffers alternate, so while a new snapshot is written the
 * previous one is still there to repair a non-finite vector from its last stable value.
 */
import type { ConsensusAgent, RejectedAgent } from "./types.js";

/** What {@link PromptSnapshot.capture} found. */
export interface CaptureResult {
  /** rows × dim, the captured vectors (views into the snapshot). */
  data: Float32Array;
  /** ‖P_i‖ per row (NaN for excluded rows). */
  norms: Float64Array;
  /** 1 for rows that must not take part: wrong dimension, or non-finite without a stable value. */
  excluded: Uint8Array;
}

/** Prompt vectors of a set of agents in one flat Float32Array. */
export class PromptSnapshot {
  readonly dim: number;
  private ids: string[] = [];
  private index = new Map<string, number>();
  private buffer = new Float32Array(0);
  private spare = new Float32Array(0);
  private norms = new Float64Array(0);
  private spareNorms = new Float64Array(0);

  constructor(dim: number) {
    this.dim = dim;
  }

  /** Agents held. */
  get size(): number {
    return this.ids.length;
  }

  /** Rows × dim, in the order of the last {@link capture}. */
  get data(): Float32Array {
    return this.buffer.subarray(0, this.ids.length * this.dim);
  }

  /**
   * Copies every agent's prompt (rows in `agents` order). A prompt with the wrong dimension is
   * stored as zeros and excluded. A non-finite prompt is repaired — in the agent's own array too —
   * from the previous snapshot when that holds a finite value for the agent, else excluded; both
   * are reported in `rejected`.
   */
  capture(
    agents: readonly Pick<ConsensusAgent, "id" | "prompt">[],
    rejected: RejectedAgent[] = [],
  ): CaptureResult {
    const { dim } = this;
    const n = agents.length;
    if (this.spare.length < n * dim) this.spare = new Float32Array(n * dim);
    if (this.spareNorms.length < n) this.spareNorms = new Float64Array(n);
    const out = this.spare;
    const norms = this.spareNorms;
    const excluded = new Uint8Array(n);
    for (let row = 0; row < n; row++) {
      const { id, prompt } = agents[row]!;
      const offset = row * dim;
      if (prompt.length !== dim) {
        out.fill(0, offset, offset + dim);
        norms[row] = Number.NaN; // NaN marks "no stable value" for later repairs
        excluded[row] = 1;
        rejected.push({ id, reason: "dimension_mismatch" });
        continue;
      }
      out.set(prompt, offset);
      const squared = squaredNorm(prompt);
      if (Number.isFinite(squared)) {
        norms[row] = Math.sqrt(squared);
        continue;
      }
      const restored = this.repair(id, prompt, out, offset);
      norms[row] = restored ? this.norms[this.index.get(id)!]! : Number.NaN;
      if (!restored) excluded[row] = 1;
      rejected.push({ id, reason: "non_finite_prompt", restored });
    }
    this.swap(agents, n);
    return { data: this.data, norms: this.norms.subarray(0, n), excluded };
  }

  /** The stored vector of `id` (a view), or null when not held. */
  get(id: string): Float32Array | null {
    const row = this.index.get(id);
    return row === undefined ? null : this.buffer.subarray(row * this.dim, (row + 1) * this.dim);
  }

  /** Writes the stored vectors back into the agents held; returns how many were restored. */
  restoreInto(agents: readonly Pick<ConsensusAgent, "id" | "prompt">[]): number {
    let restored = 0;
    for (const agent of agents) {
      const stored = this.get(agent.id);
      if (stored && agent.prompt.length === this.dim) {
        agent.prompt.set(stored);
        restored++;
      }
    }
    return restored;
  }

  /** Forgets everything. */
  clear(): void {
    this.ids = [];
    this.index = new Map();
  }

  /** Copies the previous stable value of `id` into the agent and the new snapshot, if finite. */
  private repair(id: string, prompt: Float32Array, out: Float32Array, offset: number): boolean {
    const row = this.index.get(id);
    if (row === undefined || !Number.isFinite(this.norms[row]!)) return false;
    const previous = this.buffer.subarray(row * this.dim, (row + 1) * this.dim);
    prompt.set(previous);
    out.set(previous, offset);
    return true;
  }

  private swap(agents: readonly { id: string }[], n: number): void {
    [this.buffer, this.spare] = [this.spare, this.buffer];
    [this.norms, this.spareNorms] = [this.spareNorms, this.norms];
    if (sameIds(this.ids, agents)) return;
    this.ids = agents.map((a) => a.id);
    this.index = new Map();
    for (let row = 0; row < n; row++) this.index.set(this.ids[row]!, row);
  }
}

/** ‖v‖², with four partial sums (a single running sum is latency-bound in V8); NaN/∞ propagate. */
export function squaredNorm(v: Float32Array): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let d = 0;
  for (; d + 3 < v.length; d += 4) {
    s0 += v[d]! * v[d]!;
    s1 += v[d + 1]! * v[d + 1]!;
    s2 += v[d + 2]! * v[d + 2]!;
    s3 += v[d + 3]! * v[d + 3]!;
  }
  for (; d < v.length; d++) s0 += v[d]! * v[d]!;
  return s0 + s1 + s2 + s3;
}

/** Whether `agents` lists exactly `ids`, in order. */
export function sameIds(ids: readonly string[], agents: readonly { id: string }[]): boolean {
  if (ids.length !== agents.length) return false;
  for (let i = 0; i < ids.length; i++) if (ids[i] !== agents[i]!.id) return false;
  return true;
}
