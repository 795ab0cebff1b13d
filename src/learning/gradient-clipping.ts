/**
 * @module learning/gradient-clipping
 * Clipping by global norm (SPEC §5: 5.0). tfjs has no `clipByGlobalNorm`, so this is the usual
 * definition in tf ops: g_k ← g_k · c / max(‖g‖, c) with ‖g‖ = √Σ_k ‖g_k‖², which keeps the
 * direction of the joint gradient and bounds its norm by c.
 */
import type { Scalar, Tensor } from "@tensorflow/tfjs";
import type { TensorFlow } from "./tf-runtime.js";

/** Clipped gradients and the global norm before clipping. Call inside `tf.tidy`. */
export function clipByGlobalNorm<T extends Tensor>(
  tf: TensorFlow,
  gradients: readonly T[],
  clipNorm: number,
): { clipped: T[]; globalNorm: Scalar } {
  const squares = gradients.map((g) => tf.sum(tf.square(g)));
  const globalNorm = tf.sqrt(squares.length > 0 ? tf.addN(squares) : tf.scalar(0)) as Scalar;
  const scale = tf.div(clipNorm, tf.maximum(globalNorm, clipNorm));
  return { clipped: gradients.map((g) => tf.mul(g, scale) as T), globalNorm };
}
