import { describe, expect, it } from "vitest";
import { configSchema } from "../config/schema.js";
import { createPrng } from "../util/random.js";
import { BackgroundTrainer, type Trainable } from "./background-trainer.js";
import { DynamicsLearner } from "./dynamics-learner.js";
import { QGradientCache } from "./gradient-cache.js";

/** A trainable whose steps take `ms` of busy CPU and record when they ran. */
function busy(ms: number, log: string[]): Trainable<number> {
  let n = 0;
  return {
    trainStep: async () => {
      const until = performance.now() + ms;
      while (performance.now() < until) {
        /* spin: a synchronous tfjs step blocks like this */
      }
      log.push(`step${++n}`);
      return n;
    },
  };
}

describe("BackgroundTrainer", () => {
  it("runs requested steps in slices and yields to the event loop between them", async () => {
    const log: string[] = [];
    const results: number[] = [];
    const trainer = new BackgroundTrainer(busy(3, log), { sliceMs: 5, onStep: (r) => results.push(r) });
    trainer.request(6);
    setImmediate(() => log.push("request-path"));
    await trainer.idle();
    expect(results).toEqual([1, 2, 3, 4, 5, 6]);
    expect(trainer.stats).toMatchObject({ stepsDone: 6, pending: 0, running: false });
    const request = log.indexOf("request-path");
    expect(request).toBeGreaterThanOrEqual(0);
    expect(request).toBeLessThan(log.length - 1); // the event loop ran before training finished
  });

  it("stop() drops queued steps and awaits the one in flight", async () => {
    const log: string[] = [];
    const trainer = new BackgroundTrainer(busy(2, log), { sliceMs: 1 });
    trainer.request(100);
    await new Promise((resolve) => setImmediate(resolve));
    await trainer.stop();
    const done = trainer.stats.stepsDone;
    expect(done).toBeLessThan(100);
    expect(log).toHaveLength(done);
    trainer.request(5);
    await trainer.idle();
    expect(trainer.stats.stepsDone).toBe(done);
  });

  it("reports failing steps and carries on", async () => {
    let calls = 0;
    const errors: unknown[] = [];
    const trainer = new BackgroundTrainer(
      {
        trainStep: async () => {
          calls++;
          if (calls === 2) throw new Error("boom");
          return calls;
        },
      },
      { onError: (e) => errors.push(e) },
    );
    trainer.request(3);
    await trainer.idle();
    expect(trainer.stats).toMatchObject({ stepsDone: 2, failedSteps: 1 });
    expect(errors).toHaveLength(1);
  });

  it("trains a real learner in the background and feeds a gradient cache", async () => {
    const config = configSchema.parse({});
    const learner = (await DynamicsLearner.fromConfig(config))!;
    const random = createPrng(1);
    const vec = (dim: number) => Float32Array.from({ length: dim }, () => random.gaussian() / Math.sqrt(dim));
    const state = {
      context: vec(768),
      capability: new Float32Array(50).fill(0.5),
      taskIndex: 2,
      modalityIndex: 1,
    };
    learner.recordTrajectory(
      Array.from({ length: 40 }, () => ({
        prompt: vec(512),
        state,
        action: "answer" as const,
        taskReward: 1,
        coherenceReward: -0.1,
      })),
    );
    const trainer = new BackgroundTrainer(learner);
    trainer.request(3);
    await trainer.idle();
    expect(learner.trainedSteps).toBe(3);
    const cache = new QGradientCache(learner, 2);
    const requests = ["a", "b", "c"].map((id) => ({
      id,
      prompt: vec(512),
      state,
      action: "answer" as const,
    }));
    expect(cache.refresh(requests, 0)).toBe(2); // the budget stops after the first batch
    expect(cache.gradQ("a")).toHaveLength(512);
    expect(cache.gradQ("c")).toBeNull();
    expect(cache.refresh(requests)).toBe(3);
    expect(cache.size).toBe(3);
    learner.dispose();
  });
});
