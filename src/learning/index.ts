/**
 * @module learning
 * Learned dynamics (SPEC §5): the transition/value network Q(S, a) on TensorFlow.js, its replay
 * buffer and background training, ∇Q for the consensus step, Monte Carlo estimates, and the
 * learned projection of the context vector C_i.
 */
export {
  BackgroundTrainer,
  type BackgroundTrainerOptions,
  type Trainable,
  type TrainerStats,
} from "./background-trainer.js";
export {
  DynamicsLearner,
  type DynamicsLearnerOptions,
  type GradientRequest,
  type LearnerDims,
  type Prediction,
  type TrainStepResult,
  type TrajectoryStep,
} from "./dynamics-learner.js";
export { type AgentGradientRequest, type GradientProvider, QGradientCache } from "./gradient-cache.js";
export { clipByGlobalNorm } from "./gradient-clipping.js";
export { GradientLipschitzProbe } from "./gradient-lipschitz.js";
export {
  LearnedContextProjection,
  type LearnedProjectionOptions,
  type ProjectionWeights,
} from "./learned-projection.js";
export { Mlp } from "./mlp.js";
export type { MonteCarloEstimate } from "./monte-carlo.js";
export { type ReplayBatch, ReplayBuffer, type Transition } from "./replay-buffer.js";
export { coherenceReward, combinedReward, monteCarloReturns } from "./reward.js";
export {
  ACTION_KINDS,
  type ActionKind,
  type AgentStateInput,
  StateFeatureEncoder,
} from "./state-features.js";
export { loadTensorFlow, type TensorFlow } from "./tf-runtime.js";
