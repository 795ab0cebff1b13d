/**
 * @module learning/monte-carlo
 * SPEC §5: "transition probabilities estimated by Monte Carlo over 10 trajectories". From one
 * (S, a), `trajectories` rollouts of `horizon` steps through the learned transition model: each
 * step adds Gaussian noise of the transition head's RMS error to the predicted next state (the
 * model's own uncertainty), keeps the action, and collects the predicted rewards. The value is
 * the mean over rollouts of Σ_h γ^h r̂_h + γ^H·Q̂(s_H, a); the transition estimate is the mean and
 * standard deviation of the sampled first next states. Seeded: the same inputs give the same estimate.
 */
import type { Scalar, Tensor, Tensor2D } from "@tensorflow/tfjs";
import type { Prng } from "../util/random.js";
import type { TensorFlow } from "./tf-runtime.js";

/** Result of {@link monteCarloEstimate}. */
export interface MonteCarloEstimate {
  value: number;
  /** standard deviation of the value across rollouts. */
  valueStd: number;
  /** mean of the sampled next-state features. */
  nextState: Float32Array;
  /** per-feature standard deviation of the sampled next states. */
  nextStateStd: Float32Array;
  trajectories: number;
}

/** Inputs of a rollout. */
export interface RolloutInput {
  /** encoded [state | action] of the start. */
  input: Float32Array;
  stateDim: number;
  trajectories: number;
  horizon: number;
  discount: number;
  /** σ of the transition noise. */
  noise: number;
  random: Prng;
}

/** Runs the rollouts (one batched forward pass per step). */
export function monteCarloEstimate(
  tf: TensorFlow,
  network: (x: Tensor2D) => Tensor2D,
  r: RolloutInput,
): MonteCarloEstimate {
  const width = r.input.length;
  const outWidth = 2 + r.stateDim;
  const x = new Float32Array(r.trajectories * width);
  for (let t = 0; t < r.trajectories; t++) x.set(r.input, t * width);
  const values = new Float64Array(r.trajectories);
  const first = new Float32Array(r.trajectories * r.stateDim);
  let weight = 1;
  for (let h = 0; h <= r.horizon; h++) {
    const out = tf.tidy(() => network(tf.tensor2d(x, [r.trajectories, width])).dataSync());
    for (let t = 0; t < r.trajectories; t++) {
      const row = t * outWidth;
      if (h === r.horizon) {
        values[t] = values[t]! + weight * out[row]!; // bootstrap with Q̂(s_H, a)
        continue;
      }
      values[t] = values[t]! + weight * out[row + 1]!;
      for (let d = 0; d < r.stateDim; d++) {
        const sampled = out[row + 2 + d]! + r.noise * r.random.gaussian();
        x[t * width + d] = sampled;
        if (h === 0) first[t * r.stateDim + d] = sampled;
      }
    }
    weight *= r.discount;
  }
  const { mean, std } = moments(first, r.trajectories, r.stateDim);
  const valueMoments = moments(Float32Array.from(values), r.trajectories, 1);
  return {
    value: valueMoments.mean[0]!,
    valueStd: valueMoments.std[0]!,
    nextState: mean,
    nextStateStd: std,
    trajectories: r.trajectories,
  };
}

function moments(rows: Float32Array, n: number, width: number): { mean: Float32Array; std: Float32Array } {
  const mean = new Float32Array(width);
  const std = new Float32Array(width);
  for (let d = 0; d < width; d++) {
    let sum = 0;
    for (let t = 0; t < n; t++) sum += rows[t * width + d]!;
    const m = sum / n;
    let squares = 0;
    for (let t = 0; t < n; t++) squares += (rows[t * width + d]! - m) ** 2;
    mean[d] = m;
    std[d] = Math.sqrt(squares / n);
  }
  return { mean, std };
}

/** Inputs of {@link monteCarloValueGradient}. */
export interface RolloutGradientInput {
  /** P_i per agent, row-major [agents × promptDim]. */
  prompts: Float32Array;
  /** the rest of each agent's encoded [state | action] after the prompt sketch, row-major. */
  others: Float32Array;
  agents: number;
  promptDim: number;
  /** R_Pᵀ [promptDim × sketchDim]: the prompt sketch that opens the encoded state. */
  sketchT: Tensor2D;
  stateDim: number;
  trajectories: number;
  horizon: number;
  discount: number;
  noise: number;
  random: Prng;
}

/**
 * ∂V_MC/∂P_i for a batch of agents, V_MC = the Monte Carlo value of {@link monteCarloEstimate}:
 * the mean over `trajectories` rollouts of Σ_h γ^h r̂_h + γ^H·Q̂(s_H, a), with the transition head
 * carrying each state to the next (plus its noise, drawn once and held fixed, so the rollout is
 * differentiable in P_i). One batched forward pass per step for every agent and trajectory, one
 * backward pass; returns [agents × promptDim].
 */
export function monteCarloValueGradient(
  tf: TensorFlow,
  network: (x: Tensor2D) => Tensor2D,
  r: RolloutGradientInput,
): Float32Array {
  const rows = r.agents * r.trajectories;
  const otherWidth = r.others.length / r.agents;
  const actionWidth = otherWidth - (r.stateDim - r.sketchT.shape[1]);
  const noise = new Float32Array(r.horizon * rows * r.stateDim);
  for (let i = 0; i < noise.length; i++) noise[i] = r.noise * r.random.gaussian();
  return tf.tidy(() => {
    // every agent's row repeated `trajectories` times (rows a·T … a·T + T − 1) by a 0/1 matrix:
    // a matMul, whose gradient every backend has (gather's needs UnsortedSegmentSum, not on wasm)
    const ones = new Float32Array(rows * r.agents);
    for (let i = 0; i < rows; i++) ones[i * r.agents + Math.floor(i / r.trajectories)] = 1;
    const repeat = tf.tensor2d(ones, [rows, r.agents]);
    const other = tf.matMul(repeat, tf.tensor2d(r.others, [r.agents, otherWidth]));
    const action = tf.slice(other, [0, otherWidth - actionWidth], [-1, actionWidth]);
    const value = (p: Tensor) => {
      let x = tf.concat([tf.matMul(repeat, tf.matMul(p as Tensor2D, r.sketchT)), other], 1) as Tensor2D;
      let total = tf.zeros([rows]);
      let weight = 1;
      for (let h = 0; h <= r.horizon; h++) {
        const out = network(x);
        const head = h === r.horizon ? 0 : 1; // bootstrap with Q̂(s_H, a), else the reward r̂_h
        total = tf.add(total, tf.mul(tf.reshape(tf.slice(out, [0, head], [-1, 1]), [rows]), weight));
        if (h < r.horizon) {
          const eps = tf.tensor2d(noise.subarray(h * rows * r.stateDim, (h + 1) * rows * r.stateDim), [
            rows,
            r.stateDim,
          ]);
          x = tf.concat([tf.add(tf.slice(out, [0, 2], [-1, r.stateDim]), eps), action], 1) as Tensor2D;
        }
        weight *= r.discount;
      }
      return tf.div(tf.sum(total), r.trajectories) as Scalar;
    };
    return tf
      .grad(value)(tf.tensor2d(r.prompts, [r.agents, r.promptDim]))
      .dataSync() as Float32Array;
  });
}
