/**
 * @module learning/state-features
 * The compact input of the transition/value network (SPEC §5). A full state (P_i 512 + C_i 768 +
 * M_i 50) would make every training step ~10× slower, so the network sees seeded sketches:
 *
 *   state  = [ R_P·P  (sketchDim) | R_C·C/‖C‖ (sketchDim) | M (m·l) | task one-hot (m) | modality one-hot (l) ]
 *   input  = [ state | action one-hot (ACTION_KINDS) ]
 *
 * R_P, R_C have N(0, 1) entries (fixed by the seed, never trained), so a unit P gives sketch
 * entries of unit variance. The P sketch is linear, so ∂Q/∂P = R_Pᵀ·∂Q/∂(R_P·P) flows through it.
 * With the defaults (sketch 32, 10 × 5 taxonomy) stateDim = 129 and inputDim = 134.
 */
import { InputError } from "../errors.js";
import { createPrng } from "../util/random.js";

/** What an agent did at a step: the `a` of Q(S, a). */
export const ACTION_KINDS = ["answer", "handoff_send", "handoff_receive", "failover", "clarify"] as const;
/** One of {@link ACTION_KINDS}. */
export type ActionKind = (typeof ACTION_KINDS)[number];

/** The parts of S_i besides P_i, plus the turn's task type and modality. */
export interface AgentStateInput {
  /** C_i (contextDim). */
  context: Float32Array;
  /** M_i, row-major task × modality (taskCount·modalityCount). */
  capability: Float32Array;
  taskIndex: number;
  modalityIndex: number;
}

/** Dimensions of the encoder. */
export interface FeatureDims {
  promptDim: number;
  contextDim: number;
  taskCount: number;
  modalityCount: number;
  sketchDim: number;
}

/** Encodes states and actions into the network's input layout (see the module comment). */
export class StateFeatureEncoder {
  readonly dims: FeatureDims;
  readonly stateDim: number;
  readonly actionDim = ACTION_KINDS.length;
  readonly inputDim: number;
  /** R_P, sketchDim × promptDim, row-major. */
  readonly promptSketch: Float32Array;
  private readonly contextSketch: Float32Array;

  /**
   * @param promptBasis optional unit vectors used as the first rows of the P sketch (e.g. the
   *   prompt-component vectors): the sketch then holds cos(P, c_k), so the network values the
   *   components themselves and ∂Q/∂P points along them. Remaining rows stay random.
   */
  constructor(dims: FeatureDims, seed: number, promptBasis: readonly Float32Array[] = []) {
    for (const [name, value] of Object.entries(dims)) {
      if (!Number.isInteger(value) || value <= 0)
        throw new InputError("invalid_dimension", `${name} must be a positive integer`);
    }
    this.dims = dims;
    this.stateDim =
      2 * dims.sketchDim + dims.taskCount * dims.modalityCount + dims.taskCount + dims.modalityCount;
    this.inputDim = this.stateDim + this.actionDim;
    const random = createPrng((seed ^ 0x5e7c) >>> 0);
    this.promptSketch = Float32Array.from({ length: dims.sketchDim * dims.promptDim }, () =>
      random.gaussian(),
    );
    this.contextSketch = Float32Array.from({ length: dims.sketchDim * dims.contextDim }, () =>
      random.gaussian(),
    );
    promptBasis.slice(0, dims.sketchDim).forEach((row, k) => {
      if (row.length !== dims.promptDim) {
        throw new InputError(
          "invalid_dimension",
          `prompt basis row ${k} has ${row.length} values, not ${dims.promptDim}`,
        );
      }
      this.promptSketch.set(row, k * dims.promptDim);
    });
  }

  /** Offset of the non-prompt part of the state (everything after the P sketch). */
  get otherOffset(): number {
    return this.dims.sketchDim;
  }

  /** Writes the state features into `out` (length stateDim). Throws InputError on bad input. */
  encodeState(
    prompt: Float32Array,
    state: AgentStateInput,
    out: Float32Array = new Float32Array(this.stateDim),
  ): Float32Array {
    const { sketchDim, promptDim } = this.dims;
    checkVector("prompt", prompt, promptDim);
    sketch(this.promptSketch, prompt, sketchDim, 1, out, 0);
    this.encodeOther(state, out, sketchDim);
    return out;
  }

  /** Writes everything but the P sketch, starting at `offset` of `out`. */
  encodeOther(state: AgentStateInput, out: Float32Array, offset: number): void {
    const { sketchDim, contextDim, taskCount, modalityCount } = this.dims;
    checkVector("context", state.context, contextDim);
    checkVector("capability", state.capability, taskCount * modalityCount);
    if (!isIndex(state.taskIndex, taskCount) || !isIndex(state.modalityIndex, modalityCount)) {
      throw new InputError(
        "invalid_state",
        `task ${state.taskIndex} / modality ${state.modalityIndex} out of range`,
      );
    }
    let norm = 0;
    for (let i = 0; i < contextDim; i++) norm += state.context[i]! * state.context[i]!;
    sketch(this.contextSketch, state.context, sketchDim, norm > 0 ? 1 / Math.sqrt(norm) : 0, out, offset);
    let at = offset + sketchDim;
    out.set(state.capability, at);
    at += taskCount * modalityCount;
    out.fill(0, at, at + taskCount + modalityCount);
    out[at + state.taskIndex] = 1;
    out[at + taskCount + state.modalityIndex] = 1;
  }

  /** Writes the one-hot of `action` into `out` at `offset`. */
  encodeAction(
    action: ActionKind,
    out: Float32Array = new Float32Array(this.actionDim),
    offset = 0,
  ): Float32Array {
    const index = ACTION_KINDS.indexOf(action);
    if (index < 0) throw new InputError("invalid_action", `unknown action kind '${action}'`);
    out.fill(0, offset, offset + this.actionDim);
    out[offset + index] = 1;
    return out;
  }
}

function sketch(
  matrix: Float32Array,
  v: Float32Array,
  rows: number,
  scale: number,
  out: Float32Array,
  offset: number,
) {
  const cols = v.length;
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    const row = r * cols;
    for (let c = 0; c < cols; c++) sum += matrix[row + c]! * v[c]!;
    out[offset + r] = sum * scale;
  }
}

function checkVector(name: string, v: Float32Array, dim: number): void {
  if (v.length !== dim) {
    throw new InputError("dimension_mismatch", `${name} has dimension ${v.length}, expected ${dim}`, {
      expected: dim,
      got: v.length,
    });
  }
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i]!))
      throw new InputError("non_finite_input", `${name} contains ${v[i]} at index ${i}`);
  }
}

function isIndex(i: number, n: number): boolean {
  return Number.isInteger(i) && i >= 0 && i < n;
}
