import { describe, expect, it } from "vitest";
import { InputError } from "../../errors.js";
import { aggregateMetrics } from "./aggregate.js";
import { byTransitions, contextByLength, successInTransitionRange } from "./by-transitions.js";
import { type ConversationMetrics, measureConversation } from "./conversation-metrics.js";
import { evaluateMethod } from "./evaluate-method.js";
import { conversation, syntheticMethod } from "./run-builders.spec-suite.js";
import { slidingWindows } from "./windows.js";

/** A measured conversation with `handoffs` transitions, a response time and an outcome. */
function measured(id: number, handoffs: number, responseTimeMs: number, ok = true): ConversationMetrics {
  const turns = Array.from({ length: handoffs + 1 }, (_, i) => ({
    agentId: `a${i}`,
    answer: i % 2 === 0 ? "x y z w" : "x y q r",
    correct: ok || i < handoffs,
  }));
  return measureConversation(conversation(turns, { conversationId: `c${id}`, responseTimeMs }));
}

describe("aggregateMetrics", () => {
  it("computes mean and type-7 p95 response time, per-conversation handoff success and success rate", () => {
    // response times 1..20: mean 10.5, p95 = 19 + 0.05·(20 − 19) = 19.05
    const convs = Array.from({ length: 20 }, (_, i) => measured(i, i % 3, i + 1, i % 4 !== 0));
    const m = aggregateMetrics(convs);
    expect(m.conversations).toBe(20);
    expect(m.responseTimeMeanMs).toBeCloseTo(10.5, 12);
    expect(m.responseTimeP95Ms).toBeCloseTo(19.05, 12);
    expect(m.success).toBe(0.75);
    expect(m.failed).toBe(5);
    expect(m.handoffs).toBe(convs.reduce((s, c) => s + c.transitions, 0));
    // a handoff succeeds when its (required) turn is correct; averaged per conversation with a handoff
    const rates = convs.filter((c) => c.transitions > 0).map((c) => c.handoffSuccesses / c.transitions);
    expect(m.handoffSuccess).toBeCloseTo(rates.reduce((a, b) => a + b, 0) / rates.length, 12);
    // "x y z w" vs "x y q r": LCS 2 of 4 → F = 0.5 for every handoff
    expect(m.contextScore).toBeCloseTo(0.5, 12);
    expect(m.conversationsWithHandoffs).toBe(convs.filter((c) => c.transitions > 0).length);
    expect(m.failureModes.other).toBe(5);
    expect(m.failureCauses.model).toBe(5);
  });

  it("averages handoff success per conversation, never pooled over handoffs", () => {
    // conversation 1: one handoff, failed; conversation 2: three handoffs, all succeed
    const one = measureConversation(
      conversation([{ agentId: "a" }, { agentId: "b", correct: false }], { conversationId: "c1" }),
    );
    const three = measureConversation(
      conversation([{ agentId: "a" }, { agentId: "b" }, { agentId: "c" }, { agentId: "d" }], {
        conversationId: "c2",
      }),
    );
    const m = aggregateMetrics([one, three]);
    expect(m.handoffSuccess).toBe(0.5); // pooled would be 3/4
  });

  it("divides the total cost by the conversations that succeeded within the deadline", () => {
    const ok = measureConversation(conversation([{ costUsd: 0.01 }], { conversationId: "a" }));
    const late = measureConversation(
      conversation([{ costUsd: 0.03, deadlineMet: false }], { conversationId: "b" }),
    );
    const m = aggregateMetrics([ok, late]);
    expect(m.costUsd).toBeCloseTo(0.04, 12);
    expect(m.costPerSuccessUsd).toBeCloseTo(0.04, 12);
    expect(m.successInDeadline).toBe(0.5);
    expect(m.success).toBe(1);
    expect(aggregateMetrics([late]).costPerSuccessUsd).toBeNull();
  });

  it("refuses zero conversations", () => {
    expect(() => aggregateMetrics([])).toThrow(InputError);
  });
});

describe("slidingWindows", () => {
  const convs = Array.from({ length: 250 }, (_, i) => measured(i, 1, i < 100 ? 100 : 200, i >= 100));

  it("makes adjacent windows of `size` and a final window reaching the end", () => {
    const w = slidingWindows(convs, { size: 100 });
    expect(w.map((x) => [x.start, x.end])).toEqual([
      [0, 100],
      [100, 200],
      [150, 250],
    ]);
    expect(w[0]!.metrics.success).toBe(0);
    expect(w[1]!.metrics.success).toBe(1);
    expect(w[0]!.metrics.responseTimeMeanMs).toBe(100);
  });

  it("slides by `step`", () => {
    const w = slidingWindows(convs, { size: 100, step: 50 });
    expect(w.map((x) => x.start)).toEqual([0, 50, 100, 150]);
    expect(w[1]!.metrics.success).toBe(0.5);
  });

  it("gives one partial window for a short run and rejects bad options", () => {
    const w = slidingWindows(convs.slice(0, 30), { size: 100 });
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ start: 0, end: 30, partial: true });
    expect(() => slidingWindows(convs, { size: 0 })).toThrow(InputError);
    expect(() => slidingWindows([], { size: 100 })).toThrow(InputError);
  });
});

describe("byTransitions", () => {
  it("buckets 0..max−1 plus an open last bucket, keeping empty buckets", () => {
    const convs = [
      measured(1, 0, 5),
      measured(2, 2, 5, false),
      measured(3, 2, 5),
      measured(4, 7, 5),
      measured(5, 9, 5),
    ];
    const b = byTransitions(convs, 5);
    expect(b.map((x) => x.label)).toEqual(["0", "1", "2", "3", "4", "5+"]);
    expect(b[0]).toMatchObject({ conversations: 1, contextScore: null, success: 1 });
    expect(b[1]).toMatchObject({ conversations: 0, success: null, responseTimeMeanMs: null });
    expect(b[2]!.success).toBe(0.5);
    expect(b[2]!.contextScore!.mean).toBeCloseTo(0.5, 12);
    expect(b[5]).toMatchObject({ conversations: 2, minTransitions: 5, maxTransitions: null });
  });

  it("reports success inside a transition range", () => {
    const convs = [
      measured(1, 15, 5),
      measured(2, 20, 5, false),
      measured(3, 26, 5, false),
      measured(4, 3, 5),
    ];
    expect(successInTransitionRange(convs, 15, 25)).toEqual({ conversations: 2, success: 0.5 });
    expect(successInTransitionRange(convs, 40, 50)).toEqual({ conversations: 0, success: null });
  });
});

describe("contextByLength", () => {
  it("groups scored conversations by length in turns, with an interval that contains the mean", () => {
    const result = evaluateMethod(
      syntheticMethod({
        method: "m",
        kind: "rapo",
        conversations: 300,
        quality: 0.8,
        latencyMs: 50,
        seed: 3,
      }),
    );
    const points = contextByLength(result.conversations);
    expect(points.length).toBeGreaterThan(5);
    expect(points.map((p) => p.turns)).toEqual([...points.map((p) => p.turns)].sort((a, b) => a - b));
    for (const p of points) {
      expect(p.lo).toBeLessThanOrEqual(p.mean);
      expect(p.hi).toBeGreaterThanOrEqual(p.mean);
    }
    expect(points.reduce((s, p) => s + p.n, 0)).toBe(result.metrics.conversationsWithHandoffs);
  });
});

describe("evaluateMethod", () => {
  it("rewards the better synthetic method on every quality metric", () => {
    const good = evaluateMethod(
      syntheticMethod({
        method: "g",
        kind: "rapo",
        conversations: 200,
        quality: 0.9,
        latencyMs: 40,
        seed: 1,
      }),
    );
    const bad = evaluateMethod(
      syntheticMethod({
        method: "b",
        kind: "baseline",
        conversations: 200,
        quality: 0.6,
        latencyMs: 80,
        seed: 1,
      }),
    );
    expect(good.metrics.contextScore!).toBeGreaterThan(bad.metrics.contextScore!);
    expect(good.metrics.handoffSuccess!).toBeGreaterThan(bad.metrics.handoffSuccess!);
    expect(good.metrics.success).toBeGreaterThan(bad.metrics.success);
    expect(good.metrics.responseTimeMeanMs).toBeLessThan(bad.metrics.responseTimeMeanMs);
  });

  it("rejects a run played by another method and an empty result", () => {
    const r = syntheticMethod({
      method: "g",
      kind: "rapo",
      conversations: 2,
      quality: 0.9,
      latencyMs: 40,
      seed: 1,
    });
    expect(() => evaluateMethod({ ...r, method: "other" })).toThrow(/played by 'g'/);
    expect(() => evaluateMethod({ ...r, conversations: [] })).toThrow(InputError);
  });
});
