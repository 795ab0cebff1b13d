/**
 * @module routing/context-affinity
 * C_i as a routing feature (issue 17): how close a turn is to what an agent has recently been
 * working on. C_i = W₀·z lives in R^contextDim (W₀ the seeded projection of `state/random-projection`,
 * z the attention-pooled window of the agent's turn embeddings); projecting every turn through W₀
 * on the request path would cost embeddingDim·contextDim operations. Instead both sides go
 * through one fixed Gaussian sketch S ∈ R^{r×contextDim} (`routing.contextSketchDim`):
 *
 *   key_i  = S·C_i / ‖S·C_i‖           (in the control loop, when C_i is recomputed)
 *   key(t) = (S·W₀)·e_t / ‖(S·W₀)·e_t‖  (once per turn: r·embeddingDim operations)
 *   x_i(t) = key_i · key(t)            (per candidate: r operations)
 *
 * x_i(t) estimates cos(W₀·e_t, C_i) (Johnson–Lindenstrauss on the sketch). The contextual model
 * learns how much it predicts success (contextual-model.ts). An agent without a context yet (no
 * turn routed to it) has no key, and so no feature.
 */
import { InputError } from "../errors.js";
import { createPrng } from "../util/random.js";

/** A projection matrix W₀ ∈ R^{contextDim×embeddingDim}, row-major (the default RandomProjection's). */
export interface ProjectionMatrix {
  readonly inDim: number;
  readonly outDim: number;
  readonly weights: Float32Array;
}

/** Salt of the sketch's stream, so it never shares a stream with W₀. */
const SKETCH_SALT = 0x5c0e7c;

/** Sketched C_i per agent and the loaded turn's sketch, for the similarity feature. */
export class ContextAffinity {
  /** r, the sketch dimension. */
  readonly dim: number;
  private readonly contextSketch: Float32Array;
  private readonly turnSketch: Float32Array;
  private readonly embeddingDim: number;
  /** unit keys, keys[agent·r + k]; all zero while the agent has no context. */
  private readonly keys: Float32Array;
  private readonly hasKey: Uint8Array;
  private readonly turnKey: Float32Array;
  private turnLoaded = false;

  constructor(agents: number, projection: ProjectionMatrix, dim: number, seed: number) {
    if (!Number.isInteger(dim) || dim <= 0)
      throw new InputError("invalid_dimension", `context sketch needs a positive dimension, got ${dim}`);
    this.dim = dim;
    const { inDim, outDim, weights } = projection;
    this.embeddingDim = inDim;
    const random = createPrng((seed ^ SKETCH_SALT) >>> 0);
    this.contextSketch = Float32Array.from({ length: dim * outDim }, () => random.gaussian());
    // S·W₀, so a turn is sketched without being projected to contextDim first
    this.turnSketch = new Float32Array(dim * inDim);
    for (let k = 0; k < dim; k++) {
      const row = this.turnSketch.subarray(k * inDim, (k + 1) * inDim);
      for (let c = 0; c < outDim; c++) {
        const s = this.contextSketch[k * outDim + c]!;
        const w = c * inDim;
        for (let i = 0; i < inDim; i++) row[i] = row[i]! + s * weights[w + i]!;
      }
    }
    this.keys = new Float32Array(agents * dim);
    this.hasKey = new Uint8Array(agents);
    this.turnKey = new Float32Array(dim);
  }

  /** Re-sketches an agent's C_i (control loop); a zero C_i leaves the agent without a key. */
  setContext(agent: number, context: Float32Array): void {
    const r = this.dim;
    const n = context.length;
    if (n * r !== this.contextSketch.length)
      throw new InputError(
        "dimension_mismatch",
        `C_i has dimension ${n}, the sketch expects ${this.contextSketch.length / r}`,
      );
    const key = this.keys.subarray(agent * r, (agent + 1) * r);
    this.hasKey[agent] = sketchUnit(this.contextSketch, context, key) ? 1 : 0;
  }

  /** Loads a turn's embedding for {@link similarity}; without one (or of another size) no agent has the feature. */
  loadTurn(embedding: Float32Array | undefined): void {
    this.turnLoaded =
      embedding !== undefined &&
      embedding.length === this.embeddingDim &&
      sketchUnit(this.turnSketch, embedding, this.turnKey);
  }

  /** x_agent(t) for the loaded turn, in [−1, 1]; NaN when the turn or the agent has no sketch. */
  similarity(agent: number): number {
    if (!this.turnLoaded || this.hasKey[agent] === 0) return Number.NaN;
    const r = this.dim;
    const at = agent * r;
    let sum = 0;
    for (let k = 0; k < r; k++) sum += this.keys[at + k]! * this.turnKey[k]!;
    return sum;
  }
}

/** out = normalize(M·x) for M with out.length rows; false (out zeroed) when M·x is zero. */
function sketchUnit(matrix: Float32Array, x: Float32Array, out: Float32Array): boolean {
  const n = x.length;
  let squares = 0;
  for (let k = 0; k < out.length; k++) {
    let sum = 0;
    const row = k * n;
    for (let i = 0; i < n; i++) sum += matrix[row + i]! * x[i]!;
    out[k] = sum;
    squares += sum * sum;
  }
  if (!(squares > 0)) {
    out.fill(0);
    return false;
  }
  const inv = 1 / Math.sqrt(squares);
  for (let k = 0; k < out.length; k++) out[k] = out[k]! * inv;
  return true;
}
