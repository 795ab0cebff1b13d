import { describe, expect, it } from "vitest";
import { ClosedError, ConfigError, InputError, NoAgentAvailableError, NotFoundError } from "../errors.js";
import { scriptedModel } from "../models/scripted-model.js";
import { Orchestrator } from "./orchestrator.js";
import type { AgentSpec, OrchestratorEvent } from "./types.js";

const manual = { loop: { autoStart: false } } as const;

function echoAgent(id: string, prior?: Record<string, number>): AgentSpec {
  return {
    id,
    role: `${id} specialist`,
    model: scriptedModel((call) => `${id} answers: ${call.lastUserText}`, { modelId: id }),
    ...(prior ? { capabilityPrior: prior } : {}),
  };
}

describe("Orchestrator: turns, feedback, events", () => {
  it("answers a turn through the routed agent and records it", async () => {
    const rapo = await Orchestrator.create({ agents: [echoAgent("a"), echoAgent("b")], config: manual });
    const reply = await rapo.send({ content: "The stock of Lyon-Depot is 420 units." });
    expect(reply.content).toBe(`${reply.agentId} answers: The stock of Lyon-Depot is 420 units.`);
    const conversation = await rapo.conversation(reply.conversationId);
    expect(conversation.turns).toHaveLength(1);
    expect(conversation.turns[0]?.status).toBe("answered");
    expect(conversation.facts).toContain("The stock of Lyon-Depot is 420 units.");
    await rapo.close();
  });

  it("hands off with a packet carrying facts, turns and the sender's state", async () => {
    // a knows math, b knows grammar: a math turn then a grammar turn must move the conversation
    const rapo = await Orchestrator.create({
      agents: [echoAgent("a", { math: 0.95, grammar: 0.1 }), echoAgent("b", { math: 0.1, grammar: 0.95 })],
      config: { ...manual, routing: { exploration: 0 } },
    });
    const events: OrchestratorEvent[] = [];
    rapo.onAny((e) => events.push(e));
    const first = await rapo.send({
      content: "Calculate the total stock: Lyon-Depot holds 420 units and Paris-Depot holds 130 units.",
    });
    expect(first.agentId).toBe("a");
    const second = await rapo.send({
      conversationId: first.conversationId,
      content: "Correct the grammar of this sentence: the depot have many unit.",
    });
    expect(second.agentId).toBe("b");
    expect(second.handoff?.fromAgentId).toBe("a");
    expect(second.handoff?.facts.join(" ")).toContain("Lyon-Depot holds 420 units");
    expect(second.handoff?.recentTurns).toHaveLength(2);
    expect(second.handoff?.senderState.capabilityTop[0]?.task).toBe("math");
    expect(second.handoff?.stats.facts).toBeGreaterThan(0);
    expect(events.map((e) => e.type)).toEqual(["routed", "routed", "handoff"]);
    const stored = await rapo.conversation(first.conversationId);
    expect(stored.turns[1]?.handoff?.toAgentId).toBe("b");
    await rapo.close();
  });

  it("applies feedback to the capability matrix on the next tick (η = 0.1)", async () => {
    const rapo = await Orchestrator.create({ agents: [echoAgent("a")], config: manual });
    const reply = await rapo.send({ content: "Calculate 15 percent of 240." });
    const before = rapo.agent("a").capability;
    await rapo.feedback(reply.turnId, 1);
    await rapo.tick();
    const after = rapo.agent("a").capability;
    const task = rapo.internals.taxonomy.taskTypes.findIndex((t) => t.id === reply.taskType);
    const modality = rapo.internals.taxonomy.modalities.findIndex((m) => m.id === reply.modality);
    // 0.5 → 0.9·0.5 + 0.1·1 = 0.55
    expect(before[task]?.[modality]).toBe(0.5);
    expect(after[task]?.[modality]).toBeCloseTo(0.55, 3);
    await rapo.close();
  });
});

describe("Orchestrator: bad input", () => {
  it("rejects invalid configuration naming the field, value and range", () => {
    expect(
      () => new Orchestrator({ agents: [echoAgent("a")], config: { routing: { learningRate: 2 } } }),
    ).toThrow(ConfigError);
    expect(
      () => new Orchestrator({ agents: [echoAgent("a")], config: { routing: { learningRate: 2 } } }),
    ).toThrow(/routing\.learningRate.*2.*<= 1/);
    expect(() => new Orchestrator({ agents: [] })).toThrow(/agents/);
    expect(() => new Orchestrator({ agents: [echoAgent("a"), echoAgent("a")] })).toThrow(
      /duplicate agent id 'a'/,
    );
  });

  it("rejects unknown ids, empty, oversized and non-string messages, bad outcomes", async () => {
    const rapo = await Orchestrator.create({
      agents: [echoAgent("a")],
      config: { ...manual, limits: { maxMessageChars: 50 } },
    });
    await expect(rapo.send({ conversationId: "nope", content: "hi" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(rapo.send({ content: "   " })).rejects.toMatchObject({ code: "empty_message" });
    await expect(rapo.send({ content: "x".repeat(51) })).rejects.toMatchObject({ code: "message_too_long" });
    await expect(rapo.send({ content: 42 as unknown as string })).rejects.toBeInstanceOf(InputError);
    await expect(rapo.feedback("no-such-turn", 1)).rejects.toMatchObject({ code: "unknown_turn" });
    const reply = await rapo.send({ content: "hello" });
    await expect(rapo.feedback(reply.turnId, 1.5)).rejects.toMatchObject({ code: "invalid_outcome" });
    await expect(rapo.feedback(reply.turnId, Number.NaN)).rejects.toMatchObject({ code: "invalid_outcome" });
    expect(() => rapo.agent("ghost")).toThrow(/unknown agent 'ghost'/);
    await rapo.close();
    await expect(rapo.send({ content: "hello" })).rejects.toBeInstanceOf(ClosedError);
  });
});

describe("Orchestrator: failover (SPEC §7)", () => {
  it("replaces a throwing agent by the most capability-similar one, with the whole history", async () => {
    const broken = scriptedModel([{ text: "fine" }, { error: new Error("provider down") }], {
      modelId: "broken",
    });
    const similar = scriptedModel((call) => `similar saw ${call.prompt.length} messages`, {
      modelId: "similar",
    });
    const different = scriptedModel(() => "different", { modelId: "different" });
    const rapo = await Orchestrator.create({
      agents: [
        { id: "broken", role: "math", model: broken, capabilityPrior: { math: 0.99, creative: 0.2 } },
        { id: "similar", role: "math too", model: similar, capabilityPrior: { math: 0.6, creative: 0.2 } },
        { id: "different", role: "poet", model: different, capabilityPrior: { math: 0.1, creative: 0.9 } },
      ],
      config: { ...manual, routing: { exploration: 0 } },
    });
    const failovers: string[] = [];
    rapo.on("failover", (e) => failovers.push(`${e.failedAgentId}->${e.replacementAgentId}`));
    const first = await rapo.send({ content: "Calculate the total of 3 and 4." });
    expect(first.agentId).toBe("broken");
    const second = await rapo.send({
      conversationId: first.conversationId,
      content: "Now compute the average of 3 and 4.",
    });
    expect(second.agentId).toBe("similar");
    expect(second.failedOver).toEqual(["broken"]);
    expect(second.handoff?.reason).toBe("failover");
    // system + first user + first answer + this user message
    expect(second.content).toBe("similar saw 4 messages");
    expect(failovers).toEqual(["broken->similar"]);
    await rapo.close();
  });

  it("fails over from a model that never answers (timeout)", async () => {
    const rapo = await Orchestrator.create({
      agents: [
        {
          id: "slow",
          role: "r",
          model: scriptedModel([{ hang: true }]),
          capabilityPrior: { dialogue: 0.99 },
        },
        { id: "ok", role: "r", model: scriptedModel(["here"]), capabilityPrior: { dialogue: 0.5 } },
      ],
      config: { ...manual, routing: { exploration: 0 }, limits: { modelTimeoutMs: 50 } },
    });
    const reply = await rapo.send({ content: "hello there" });
    expect(reply).toMatchObject({ agentId: "ok", content: "here", failedOver: ["slow"] });
    await rapo.close();
  });

  it("durably fails the turn when every agent fails", async () => {
    const rapo = await Orchestrator.create({
      agents: [
        { id: "x", role: "r", model: scriptedModel([{ error: new Error("x down") }]) },
        { id: "y", role: "r", model: scriptedModel([{ error: new Error("y down") }]) },
      ],
      config: manual,
    });
    const id = await rapo.startConversation("c1");
    await expect(rapo.send({ conversationId: id, content: "hello" })).rejects.toBeInstanceOf(
      NoAgentAvailableError,
    );
    const conversation = await rapo.conversation(id);
    expect(conversation.turns[0]).toMatchObject({ status: "failed" });
    await rapo.close();
  });

  it("cancels a turn when the caller aborts", async () => {
    const rapo = await Orchestrator.create({
      agents: [{ id: "slow", role: "r", model: scriptedModel([{ hang: true }]) }],
      config: manual,
    });
    const controller = new AbortController();
    const pending = rapo.send({ content: "hello", signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ code: "cancelled" });
    await rapo.close();
  });
});
