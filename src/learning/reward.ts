/**
 * @module learning/reward
 * SPEC §5 rewards: r = r_task + λ·r_coherence, where r_coherence penalises context drift, and
 * the Monte Carlo returns the value head is trained on.
 */
import { InputError } from "../errors.js";
import { cosine } from "../state/vector-math.js";

/** r = r_task + λ·r_coherence. Throws InputError on a non-finite component (NaN rewards are rejected). */
export function combinedReward(taskReward: number, coherenceReward: number, lambda: number): number {
  if (!Number.isFinite(taskReward) || !Number.isFinite(coherenceReward) || !Number.isFinite(lambda)) {
    throw new InputError(
      "invalid_reward",
      `rewards must be finite, got task=${taskReward}, coherence=${coherenceReward}`,
      {
        taskReward,
        coherenceReward,
      },
    );
  }
  return taskReward + lambda * coherenceReward;
}

/**
 * The coherence penalty for context drift between two consecutive context vectors:
 * cos(C_t, C_{t+1}) − 1 ∈ [−2, 0], 0 when the context did not drift (or one side is empty).
 */
export function coherenceReward(previousContext: Float32Array, nextContext: Float32Array): number {
  return cosine(previousContext, nextContext) - 1;
}

/** G_t = r_t + γ·G_{t+1}, computed backwards over one trajectory. */
export function monteCarloReturns(rewards: readonly number[], discount: number): Float64Array {
  const out = new Float64Array(rewards.length);
  let running = 0;
  for (let t = rewards.length - 1; t >= 0; t--) {
    running = rewards[t]! + discount * running;
    out[t] = running;
  }
  return out;
}
