import type * as tfTypes from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { configSchema } from "../config/schema.js";
import { InputError } from "../errors.js";
import { createPrng } from "../util/random.js";
import { DynamicsLearner, type TrajectoryStep } from "./dynamics-learner.js";
import { clipByGlobalNorm } from "./gradient-clipping.js";
import { combinedReward, monteCarloReturns } from "./reward.js";
import type { AgentStateInput } from "./state-features.js";
import { loadTensorFlow } from "./tf-runtime.js";

const config = configSchema.parse({});
let tf: typeof tfTypes;

beforeAll(async () => {
  tf = await loadTensorFlow();
});

function unit(dim: number, random: ReturnType<typeof createPrng>): Float32Array {
  const v = Float32Array.from({ length: dim }, () => random.gaussian());
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

function randomState(random: ReturnType<typeof createPrng>): AgentStateInput {
  return {
    context: unit(768, random),
    capability: Float32Array.from({ length: 50 }, () => random.next()),
    taskIndex: Math.floor(random.next() * 10),
    modalityIndex: Math.floor(random.next() * 5),
  };
}

/** One-step trajectories whose reward is the capability cell of the turn: learnable from the input. */
function syntheticSteps(n: number, seed: number): TrajectoryStep[] {
  const random = createPrng(seed);
  return Array.from({ length: n }, () => {
    const state = randomState(random);
    return {
      prompt: unit(512, random),
      state,
      action: "answer" as const,
      taskReward: state.capability[state.taskIndex * 5 + state.modalityIndex]!,
      coherenceReward: 0,
    };
  });
}

describe("DynamicsLearner", () => {
  it("is null when learning is switched off", async () => {
    expect(await DynamicsLearner.fromConfig(configSchema.parse({ learning: { enabled: false } }))).toBeNull();
  });

  it("reduces the loss on a learnable synthetic target without leaking tensors", async () => {
    const learner = (await DynamicsLearner.fromConfig(config))!;
    for (const step of syntheticSteps(512, 1)) learner.recordTrajectory([step]);
    expect(learner.bufferSize).toBe(512);
    const first = (await learner.trainStep()).loss!;
    const tensors = tf.memory().numTensors;
    const losses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const result = await learner.trainStep();
      expect(result.rejected).toBe(false);
      losses.push(result.loss!);
      expect(tf.memory().numTensors).toBe(tensors);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(losses.slice(-10))).toBeLessThan(first * 0.7);
    expect(mean(losses.slice(-10))).toBeLessThan(mean(losses.slice(0, 10)));
    const random = createPrng(9);
    const prompt = unit(512, random);
    const state = randomState(random);
    learner.predict(prompt, state, "answer");
    learner.gradQ(prompt, state, "answer");
    learner.estimate(prompt, state, "handoff_send");
    expect(tf.memory().numTensors).toBe(tensors);
    learner.dispose();
  });

  it("computes ∂Q/∂P with tf.grad: right shape, finite, matching finite differences", async () => {
    const learner = (await DynamicsLearner.fromConfig(config))!;
    const random = createPrng(4);
    const prompt = unit(512, random);
    const state = randomState(random);
    const gradient = learner.gradQ(prompt, state, "handoff_receive");
    expect(gradient).toHaveLength(512);
    expect(gradient.every(Number.isFinite)).toBe(true);
    expect(Math.hypot(...gradient)).toBeGreaterThan(0);
    const direction = unit(512, random);
    const h = 2e-3;
    const q = (sign: number) =>
      learner.predict(
        prompt.map((x, d) => x + sign * h * direction[d]!),
        state,
        "handoff_receive",
      ).q;
    const numeric = (q(1) - q(-1)) / (2 * h);
    const analytic = gradient.reduce((s, g, d) => s + g * direction[d]!, 0);
    expect(Math.abs(analytic - numeric)).toBeLessThan(0.02 * Math.abs(numeric) + 1e-3);
    const batch = learner.gradQBatch([
      { prompt, state, action: "handoff_receive" },
      { prompt: direction, state, action: "answer" },
    ]);
    expect(batch[0]).toEqual(gradient);
    expect(batch[1]).toEqual(learner.gradQ(direction, state, "answer"));
    learner.dispose();
  });

  it("rejects NaN rewards and non-finite inputs without recording anything", async () => {
    const learner = (await DynamicsLearner.fromConfig(config))!;
    const steps = syntheticSteps(3, 2);
    expect(() => learner.recordTrajectory([steps[0]!, { ...steps[1]!, taskReward: Number.NaN }])).toThrow(
      InputError,
    );
    expect(() =>
      learner.recordTrajectory([{ ...steps[0]!, coherenceReward: Number.POSITIVE_INFINITY }]),
    ).toThrow(/finite/);
    const badPrompt = Float32Array.from(steps[2]!.prompt);
    badPrompt[7] = Number.NaN;
    expect(() => learner.recordTrajectory([{ ...steps[2]!, prompt: badPrompt }])).toThrow(
      /prompt contains NaN/,
    );
    expect(learner.bufferSize).toBe(0);
    expect(learner.recordTrajectory(steps)).toBe(3);
    learner.dispose();
  });

  it("clips huge gradients, reports the norm, and keeps the weights finite", async () => {
    const learner = (await DynamicsLearner.fromConfig(config))!;
    const steps = syntheticSteps(64, 3).map((s) => ({ ...s, taskReward: 1e6 }));
    for (const step of steps) learner.recordTrajectory([step]);
    const result = await learner.trainStep();
    expect(result.gradientNorm!).toBeGreaterThan(config.learning.gradientClip);
    expect(result.clipped).toBe(true);
    const random = createPrng(5);
    expect(Number.isFinite(learner.predict(unit(512, random), randomState(random), "answer").q)).toBe(true);
    learner.dispose();
  });

  it("serialises to bytes and restores identical predictions; corrupted bytes are refused", async () => {
    const learner = (await DynamicsLearner.fromConfig(config))!;
    for (const step of syntheticSteps(64, 6)) learner.recordTrajectory([step]);
    await learner.trainStep();
    const bytes = learner.serialize();
    const restored = await DynamicsLearner.deserialize(bytes);
    expect(restored.trainedSteps).toBe(1);
    expect(restored.serialize()).toEqual(bytes);
    const random = createPrng(8);
    const prompt = unit(512, random);
    const state = randomState(random);
    expect(restored.predict(prompt, state, "clarify")).toEqual(learner.predict(prompt, state, "clarify"));
    expect(restored.gradQ(prompt, state, "clarify")).toEqual(learner.gradQ(prompt, state, "clarify"));
    const pooled = unit(256, random);
    const a = new Float32Array(768);
    const b = new Float32Array(768);
    learner.projection.project(pooled, a);
    restored.projection.project(pooled, b);
    expect(b).toEqual(a);
    const corrupted = Uint8Array.from(bytes);
    corrupted[20] = corrupted[20]! ^ 0xff;
    await expect(DynamicsLearner.deserialize(corrupted)).rejects.toThrow(
      /cannot restore the learned dynamics/,
    );
    await expect(DynamicsLearner.deserialize(bytes.subarray(0, 100))).rejects.toThrow(InputError);
    learner.dispose();
    restored.dispose();
  });

  it("estimates value and transition by Monte Carlo over 10 seeded rollouts", async () => {
    const learner = (await DynamicsLearner.fromConfig(config))!;
    const random = createPrng(10);
    const steps = syntheticSteps(40, 11);
    learner.recordTrajectory(steps); // one 40-step trajectory: transitions with next states
    for (let i = 0; i < 5; i++) await learner.trainStep();
    const prompt = unit(512, random);
    const state = randomState(random);
    const estimate = learner.estimate(prompt, state, "answer");
    expect(estimate.trajectories).toBe(10);
    expect(Number.isFinite(estimate.value)).toBe(true);
    expect(estimate.valueStd).toBeGreaterThan(0); // the learned transition noise spreads the rollouts
    expect(estimate.nextState).toHaveLength(learner.encoder.stateDim);
    expect(learner.estimate(prompt, state, "answer")).toEqual(estimate);
    learner.dispose();
  });
});

describe("gradient clipping and rewards", () => {
  it("clipByGlobalNorm bounds the joint norm and keeps the direction", () => {
    const [clipped, norm, small] = tf.tidy(() => {
      const { clipped, globalNorm } = clipByGlobalNorm(tf, [tf.tensor([3, 4]), tf.tensor([12])], 5);
      const untouched = clipByGlobalNorm(tf, [tf.tensor([0.3, 0.4])], 5).clipped[0]!.arraySync();
      return [clipped.map((t) => t.arraySync() as number[]), globalNorm.arraySync(), untouched];
    });
    expect(norm).toBeCloseTo(13, 5);
    expect(Math.hypot(...clipped.flat())).toBeCloseTo(5, 5);
    expect(clipped[0]![0]! / clipped[0]![1]!).toBeCloseTo(0.75, 6);
    expect(small).toEqual([expect.closeTo(0.3, 6), expect.closeTo(0.4, 6)]);
  });

  it("combines rewards and computes discounted returns", () => {
    expect(combinedReward(1, -0.4, 0.5)).toBeCloseTo(0.8, 10);
    expect(() => combinedReward(Number.NaN, 0, 0.5)).toThrow(InputError);
    expect(Array.from(monteCarloReturns([1, 0, 1], 0.5))).toEqual([1.25, 0.5, 1]);
  });
});

describe("DynamicsLearner checkpoints with the optimiser (issue 17)", () => {
  it("load() restores weights and Adam's state byte for byte, so training continues identically", async () => {
    const trained = (await DynamicsLearner.fromConfig(config))!;
    for (const step of syntheticSteps(256, 7)) trained.recordTrajectory([step]);
    for (let i = 0; i < 5; i++) await trained.trainStep();
    const bytes = await trained.serializeWithOptimizer();
    const copy = (await DynamicsLearner.fromConfig(config))!;
    for (const step of syntheticSteps(256, 7)) copy.recordTrajectory([step]);
    await copy.load(bytes);
    expect(Buffer.from(await copy.serializeWithOptimizer()).equals(Buffer.from(bytes))).toBe(true);
    // without the moments a restored learner would take a different (bias-corrected) first step
    const withoutOptimizer = (await DynamicsLearner.fromConfig(config))!;
    await withoutOptimizer.load(trained.serialize());
    expect(Buffer.from(await withoutOptimizer.serializeWithOptimizer()).equals(Buffer.from(bytes))).toBe(
      false,
    );
    for (const l of [trained, copy, withoutOptimizer]) l.dispose();
  });

  it("load() refuses bytes of another shape before writing anything", async () => {
    const learner = (await DynamicsLearner.fromConfig(config))!;
    const other = (await DynamicsLearner.fromConfig(configSchema.parse({ state: { seed: 99 } })))!;
    const before = learner.serialize();
    await expect(learner.load(other.serialize())).rejects.toBeInstanceOf(InputError);
    expect(Buffer.from(learner.serialize()).equals(Buffer.from(before))).toBe(true);
    learner.dispose();
    other.dispose();
  });
});

describe("DynamicsLearner Monte Carlo value gradient (issue 17)", () => {
  it("is the gradient of the Monte Carlo value through the transition head (finite difference)", async () => {
    // an untrained learner has no transition noise yet: the rollouts are deterministic in P
    const learner = (await DynamicsLearner.fromConfig(config))!;
    const random = createPrng(21);
    const prompt = unit(512, random);
    const state = randomState(random);
    const [g] = learner.gradValueBatch([{ prompt, state, action: "answer" }]);
    const norm = Math.hypot(...g!);
    expect(norm).toBeGreaterThan(0);
    const h = 1e-3;
    const step = h / norm;
    const shifted = (sign: number) =>
      learner.estimate(
        prompt.map((p, d) => p + sign * step * g![d]!),
        state,
        "answer",
      ).value;
    const slope = (shifted(1) - shifted(-1)) / (2 * h);
    expect(Math.abs(slope - norm) / norm).toBeLessThan(0.03);
    // not the one-step ∂Q/∂P: the rollout reads the reward and transition heads too
    const [q] = learner.gradQBatch([{ prompt, state, action: "answer" }]);
    expect(Math.hypot(...q!.map((x, d) => x - g![d]!))).toBeGreaterThan(1e-3 * norm);
    learner.dispose();
  });
});
