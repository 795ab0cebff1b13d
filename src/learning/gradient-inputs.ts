/**
 * @module learning/gradient-inputs
 * Remembers what a ∇Q batch was computed from, so an unchanged batch is not computed again. A
 * batch's gradients are a pure function of the learner's revision (weights, training-step seed
 * of the Monte Carlo noise, noise scale), of each row's inputs (P_i, C_i, M_i, the cell and the
 * action) and of each row's position in the batch (the noise is drawn row by row): when all of
 * those are what they were at the last refresh of the same agents, the cached gradients are
 * exactly what a refresh would compute. An idle service has such batches on every tick.
 */

import { FNV_OFFSET, FNV_PRIME, fnvStep } from "../util/hash.js";
import type { AgentGradientRequest } from "./gradient-cache.js";
import { ACTION_KINDS } from "./state-features.js";

/** Per-agent fingerprints of the inputs of their last computed gradient. */
export class GradientInputMemo {
  private readonly prints = new Map<string, number>();

  /**
   * True when every row of `batch` was last computed at this `revision`, at the same position in
   * a batch of the same length, from equal inputs; false otherwise (and after {@link forget}).
   */
  unchanged(batch: readonly AgentGradientRequest[], revision: number): boolean {
    if (batch.length === 0) return false;
    for (let row = 0; row < batch.length; row++) {
      const request = batch[row]!;
      if (this.prints.get(request.id) !== fingerprint(request, revision, row, batch.length)) return false;
    }
    return true;
  }

  /** Records `batch` as computed at `revision`. */
  remember(batch: readonly AgentGradientRequest[], revision: number): void {
    for (let row = 0; row < batch.length; row++) {
      const request = batch[row]!;
      this.prints.set(request.id, fingerprint(request, revision, row, batch.length));
    }
  }

  /** Forgets every fingerprint (the next batch is computed whatever its inputs). */
  forget(): void {
    this.prints.clear();
  }
}

/**
 * A 53-bit hash of a row (two 32-bit FNV-1a lanes over the floats' bits): a collision would keep
 * a stale gradient, with odds of about 2⁻⁵³ per changed row.
 */
function fingerprint(request: AgentGradientRequest, revision: number, row: number, length: number): number {
  const lanes = { a: FNV_OFFSET, b: FNV_PRIME ^ 0x9e3779b9 };
  mix(lanes, revision);
  mix(lanes, row);
  mix(lanes, length);
  mix(lanes, request.state.taskIndex);
  mix(lanes, request.state.modalityIndex);
  mix(lanes, ACTION_KINDS.indexOf(request.action));
  mixFloats(lanes, request.prompt);
  mixFloats(lanes, request.state.context);
  mixFloats(lanes, request.state.capability);
  return (lanes.a >>> 0) * 0x200000 + ((lanes.b >>> 0) & 0x1fffff);
}

function mixFloats(lanes: { a: number; b: number }, values: Float32Array): void {
  mix(lanes, values.length);
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  for (let i = 0; i < bits.length; i++) mix(lanes, bits[i]!);
}

function mix(lanes: { a: number; b: number }, word: number): void {
  lanes.a = fnvStep(lanes.a, word); // util/hash's FNV-1a step; lane b is a second, rotated one
  lanes.b = Math.imul(lanes.b ^ ((word << 7) | (word >>> 25)), 0x5bd1e995);
}
