import { beforeAll, describe, expect, it } from "vitest";
import { configSchema } from "../config/schema.js";
import { InputError } from "../errors.js";
import { RandomProjection } from "../state/random-projection.js";
import { createPrng } from "../util/random.js";
import { LearnedContextProjection } from "./learned-projection.js";
import { loadTensorFlow, type TensorFlow } from "./tf-runtime.js";

const config = configSchema.parse({});
let tf: TensorFlow;
beforeAll(async () => {
  tf = await loadTensorFlow();
});

function projection(seed = config.state.seed): LearnedContextProjection {
  const { learning, state } = config;
  return new LearnedContextProjection(tf, {
    inDim: state.embeddingDim,
    outDim: state.contextDim,
    rank: learning.projectionRank,
    seed,
    capacity: 256,
    batchSize: learning.batchSize,
    learningRate: 1e-2,
    gradientClip: learning.gradientClip,
  });
}

function unit(dim: number, random: ReturnType<typeof createPrng>): Float32Array {
  const v = Float32Array.from({ length: dim }, () => random.gaussian());
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

describe("LearnedContextProjection", () => {
  it("starts identical to the default random projection with the same seed", () => {
    const learned = projection();
    const fixed = RandomProjection.fromConfig(config);
    const x = unit(256, createPrng(1));
    const a = new Float32Array(768);
    const b = new Float32Array(768);
    learned.project(x, a);
    fixed.project(x, b);
    expect(a).toEqual(b);
    learned.dispose();
  });

  it("learns to predict the next turn and the outcome (loss decreases) and changes C", () => {
    const learned = projection();
    const random = createPrng(2);
    // next turn = a fixed rotation-like mix of the window; outcome = sign of one coordinate
    const samples = Array.from({ length: 256 }, () => {
      const x = unit(256, random);
      const next = x.map((v, i) => 0.5 * v + 0.5 * x[(i + 1) % 256]!);
      return { x, next, outcome: x[0]! > 0 ? 1 : 0 };
    });
    for (const s of samples) learned.observe(s.x, s.next, s.outcome);
    const pooled = Float32Array.from(samples.flatMap((s) => Array.from(s.x)));
    const next = Float32Array.from(samples.flatMap((s) => Array.from(s.next)));
    const outcome = Float32Array.from(samples, (s) => s.outcome);
    const before = learned.evaluate(pooled, next, outcome);
    const out0 = new Float32Array(768);
    learned.project(samples[0]!.x, out0);
    const tensors = tf.memory().numTensors;
    learned.trainStep(); // creates Adam's slots
    const steady = tf.memory().numTensors;
    expect(steady).toBeGreaterThan(tensors);
    for (let i = 0; i < 60; i++) learned.trainStep();
    expect(tf.memory().numTensors).toBe(steady);
    expect(learned.evaluate(pooled, next, outcome)).toBeLessThan(before * 0.9);
    const out1 = new Float32Array(768);
    learned.project(samples[0]!.x, out1);
    expect(out1).not.toEqual(out0);
    expect(out1.every(Number.isFinite)).toBe(true);
    learned.dispose();
  });

  it("needs a batch before training and rejects bad samples", () => {
    const learned = projection();
    expect(learned.trainStep()).toBeNull();
    const x = new Float32Array(256);
    expect(() => learned.observe(x, x, 2)).toThrow(InputError);
    expect(() =>
      learned.observe(
        x.map(() => Number.NaN),
        x,
        1,
      ),
    ).toThrow(/finite/);
    expect(() => learned.observe(new Float32Array(3), x, 1)).toThrow(/dimension/);
    expect(() => learned.project(new Float32Array(3), new Float32Array(768))).toThrow(InputError);
    expect(learned.sampleCount).toBe(0);
    learned.dispose();
  });

  it("exports and imports its weights", () => {
    const a = projection();
    const random = createPrng(3);
    for (let i = 0; i < 40; i++) a.observe(unit(256, random), unit(256, random), random.next());
    a.trainStep();
    const b = projection();
    b.importWeights(a.exportWeights());
    const x = unit(256, random);
    const ya = new Float32Array(768);
    const yb = new Float32Array(768);
    a.project(x, ya);
    b.project(x, yb);
    expect(yb).toEqual(ya);
    expect(() => b.importWeights({ ...a.exportWeights(), u: new Float32Array(2) })).toThrow(InputError);
    a.dispose();
    b.dispose();
  });
});
