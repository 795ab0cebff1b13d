/**
 * @module learning/mlp
 * The transition/value network of SPEC §5: an MLP [input, 256, 128, output] with ReLU hidden
 * layers, as plain tfjs variables (no Layers API: fewer tensors per step, exact control of
 * serialisation). Weights start He-normal from a seeded generator, so a given seed gives the same
 * network in every process.
 */
import type { Tensor2D, Variable } from "@tensorflow/tfjs";
import { InputError } from "../errors.js";
import { createPrng } from "../util/random.js";
import type { TensorFlow } from "./tf-runtime.js";

// tfjs variable names are global to the engine: every network gets its own prefix.
let instances = 0;

/** A dense ReLU MLP; the last layer is linear. */
export class Mlp {
  readonly sizes: readonly number[];
  /** [W0, b0, W1, b1, …]; Wk is sizes[k] × sizes[k+1]. */
  readonly variables: Variable[];
  private readonly tf: TensorFlow;

  constructor(tf: TensorFlow, sizes: readonly number[], seed: number, name = "mlp") {
    if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s <= 0)) {
      throw new InputError("invalid_architecture", `invalid layer sizes [${sizes.join(", ")}]`);
    }
    this.tf = tf;
    this.sizes = sizes;
    const random = createPrng(seed);
    const prefix = `${name}#${++instances}`;
    this.variables = [];
    for (let k = 0; k + 1 < sizes.length; k++) {
      const fanIn = sizes[k]!;
      const fanOut = sizes[k + 1]!;
      const scale = Math.sqrt(2 / fanIn);
      const weights = Float32Array.from({ length: fanIn * fanOut }, () => random.gaussian() * scale);
      this.variables.push(tf.variable(tf.tensor2d(weights, [fanIn, fanOut]), true, `${prefix}/w${k}`));
      this.variables.push(tf.variable(tf.zeros([fanOut]), true, `${prefix}/b${k}`));
    }
  }

  /** Forward pass; call inside `tf.tidy`. */
  apply(x: Tensor2D): Tensor2D {
    const tf = this.tf;
    let h = x;
    const layers = this.variables.length / 2;
    for (let k = 0; k < layers; k++) {
      const z = tf.add(
        tf.matMul(h, this.variables[2 * k] as Tensor2D),
        this.variables[2 * k + 1]!,
      ) as Tensor2D;
      h = k + 1 < layers ? tf.relu(z) : z;
    }
    return h;
  }

  /** Copies of every variable's values, in `variables` order. */
  exportWeights(): Float32Array[] {
    return this.variables.map((v) => Float32Array.from(v.dataSync() as Float32Array));
  }

  /** Replaces every variable's values. Throws InputError on a shape mismatch. */
  importWeights(weights: readonly Float32Array[]): void {
    if (weights.length !== this.variables.length) {
      throw new InputError(
        "invalid_weights",
        `expected ${this.variables.length} weight arrays, got ${weights.length}`,
      );
    }
    this.variables.forEach((v, i) => {
      const w = weights[i]!;
      if (w.length !== v.size)
        throw new InputError(
          "invalid_weights",
          `weight ${v.name} has ${w.length} values, expected ${v.size}`,
        );
      this.tf.tidy(() => v.assign(this.tf.tensor(w, v.shape)));
    });
  }

  /** Frees the variables. */
  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}
