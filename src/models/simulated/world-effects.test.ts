import { APICallError } from "@ai-sdk/provider";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { retryAfterMs } from "../resilience/retry.js";
import { SlidingWindowLimiter } from "./rate-limiter.js";
import { createSimClock } from "./scheduler.js";
import { simulatedModel } from "./simulated-model.js";

const prompt = (text: string) => [{ role: "user" as const, content: [{ type: "text" as const, text }] }];

describe("simulated world effects", () => {
  it("refuses calls beyond the rate limit with an AI SDK 429 whose Retry-After says when to come back", async () => {
    const model = simulatedModel({ id: "r", rateLimit: { requests: 2, perMs: 1000 } });
    await model.doGenerate({ prompt: prompt("Hello") });
    await model.doGenerate({ prompt: prompt("Hello again") });
    const error = await model.doGenerate({ prompt: prompt("Third") }).catch((e: unknown) => e);
    expect(APICallError.isInstance(error)).toBe(true);
    const e = error as APICallError;
    expect(e.statusCode).toBe(429);
    expect(e.isRetryable).toBe(true);
    expect(retryAfterMs(e)).toBeGreaterThan(0);
    expect(retryAfterMs(e)).toBeLessThanOrEqual(1000);
    expect(model.lastLatencyMs).toBe(20);
  });

  it("admits at most `requests` calls in any window (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 10, max: 1000 }),
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 60 }),
        (requests, perMs, gaps) => {
          const limiter = new SlidingWindowLimiter(requests, perMs);
          const admitted: number[] = [];
          let t = 0;
          for (const gap of gaps) {
            t += gap;
            const inWindow = admitted.filter((x) => x > t - perMs);
            const wait = limiter.admit(t);
            if (inWindow.length < requests) {
              expect(wait).toBe(0);
              admitted.push(t);
            } else {
              // refused: the window is full, and the wait is until its oldest call leaves it
              expect(wait).toBe(Math.max(1, inWindow[0]! + perMs - t));
            }
          }
        },
      ),
      { seed: 9, numRuns: 100 },
    );
  });

  it("slows service as slots fill, and counts queued calls in its occupancy", async () => {
    const clock = createSimClock();
    const make = (slowdown: number) =>
      simulatedModel(
        { id: "s", capacity: 2, latency: { baseMs: 100, perTokenMs: 0, jitterMs: 0, slowdown } },
        { clock },
      );
    const flat = make(0);
    const slowed = make(1);
    const calls = (m: typeof flat) => [1, 2, 3].map((i) => m.doGenerate({ prompt: prompt(`Hi ${i}`) }));
    const a = calls(flat);
    expect(flat.occupancy()).toBe(1.5);
    await Promise.all(a);
    const b = calls(slowed);
    await Promise.all(b);
    // second call starts while the first holds one of two slots: 100 × (1 + 0.5)
    expect(slowed.lastLatencyMs).toBeGreaterThan(flat.lastLatencyMs);
  });

  it("drifts a skill at the configured point of the run", () => {
    let progress = 0;
    const model = simulatedModel(
      { id: "d", skills: { retrieval: 0.95 }, drift: [{ taskType: "retrieval", to: 0.6, at: 0.5 }] },
      { progress: () => progress },
    );
    expect(model.skillNow("retrieval")).toBe(0.95);
    progress = 0.49;
    expect(model.skillNow("retrieval")).toBe(0.95);
    progress = 0.5;
    expect(model.skillNow("retrieval")).toBe(0.6);
    expect(model.skillNow("creative")).toBe(model.profile.defaultSkill);
  });
});
