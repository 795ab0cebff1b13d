import { describe, expect, it } from "vitest";
import { scriptedModel } from "../models/scripted-model.js";
import { emitContext, emitOutcome, takeLocalSignals } from "./learning-signals.js";
import { Orchestrator } from "./orchestrator.js";
import type { AgentSpec } from "./types.js";

const agent = (id: string): AgentSpec => ({ id, role: `${id} specialist`, model: scriptedModel(() => "ok") });

describe("learning signals: turn path → signal by agent id → the loop's queues by index", () => {
  it("round-trips an outcome (features, context similarity, handoff origin) and a context update", async () => {
    const rapo = await Orchestrator.create({
      agents: [agent("a"), agent("b")],
      config: { loop: { autoStart: false } },
    });
    const ctx = rapo.internals;
    const [a, b] = [ctx.agents.get("a"), ctx.agents.get("b")];
    const taskScores = new Float32Array(ctx.taxonomy.taskTypes.length).fill(0.1);
    const modalityScores = new Float32Array(ctx.taxonomy.modalities.length).fill(0.25);
    const signal = { taskScores, modalityScores, confidence: 0.5, contextSimilarity: 0.3 };
    emitOutcome(ctx, {
      agent: b,
      turnId: "t1",
      task: 2,
      modality: 1,
      outcome: 0.8,
      source: "verifier",
      handoffFrom: a.index,
      signal,
    });
    emitOutcome(ctx, {
      agent: a,
      turnId: "t2",
      task: 0,
      modality: 0,
      outcome: 0,
      source: "implicit",
      conversationId: "c1",
      signal: { ...signal, contextSimilarity: Number.NaN },
    });
    const vector = new Float32Array([1, 2, 3]);
    emitContext(ctx, b, "c1", vector);
    expect(ctx.signals.pendingCount()).toBe(3);

    takeLocalSignals(ctx);
    const [first, second] = ctx.outcomes.drain();
    expect(first).toMatchObject({
      agentIndex: b.index,
      task: 2,
      modality: 1,
      outcome: 0.8,
      source: "verifier",
      handoffFrom: a.index,
    });
    expect(first).not.toHaveProperty("conversationId");
    expect(Array.from(first!.signal!.taskScores)).toEqual(Array.from(taskScores));
    expect(Array.from(first!.signal!.modalityScores)).toEqual(Array.from(modalityScores));
    expect(first!.signal).toMatchObject({ confidence: 0.5, contextSimilarity: 0.3 });
    expect(second).toMatchObject({
      agentIndex: a.index,
      conversationId: "c1",
      handoffFrom: undefined,
      source: "implicit",
    });
    expect(second!.signal!.contextSimilarity).toBeUndefined();
    expect(ctx.pendingContext).toEqual([{ agentIndex: b.index, embedding: vector }]);
    expect(ctx.pendingContext[0]!.embedding).toBe(vector);
    expect(ctx.signals.pendingCount()).toBe(0);
    await rapo.close();
  });

  it("skips signals of agents or task types this process does not know", async () => {
    const rapo = await Orchestrator.create({ agents: [agent("a")], config: { loop: { autoStart: false } } });
    const ctx = rapo.internals;
    const base = {
      turnId: "t",
      taskType: ctx.taxonomy.taskTypes[0]!.id,
      modality: ctx.taxonomy.modalities[0]!.id,
      outcome: 1,
      at: 1,
    };
    ctx.signals.emitNow({ kind: "outcome", agentId: "ghost", ...base });
    ctx.signals.emitNow({ kind: "outcome", agentId: "a", ...base, taskType: "no-such-type" });
    ctx.signals.emitNow({ kind: "outcome", agentId: "a", ...base });
    takeLocalSignals(ctx);
    expect(ctx.outcomes.drain()).toMatchObject([
      { agentIndex: 0, task: 0, modality: 0, source: "feedback", signal: undefined },
    ]);
    await rapo.close();
  });

  it("a turn's context update reaches C_i at the next tick, through the twin", async () => {
    const rapo = await Orchestrator.create({ agents: [agent("a")], config: { loop: { autoStart: false } } });
    const before = rapo.internals.agents.get("a").learned.turns;
    await rapo.send({ content: "Calculate 2 plus 2." });
    expect(rapo.internals.signals.pendingCount("context")).toBe(1);
    expect(rapo.internals.agents.get("a").learned.turns).toBe(before + 1);
    await rapo.tick();
    expect(rapo.internals.signals.pendingCount()).toBe(0);
    expect(rapo.internals.pendingContext).toHaveLength(0);
    expect(rapo.internals.agents.get("a").learned.contextWindow.size).toBe(1);
    await rapo.close();
  });
});
