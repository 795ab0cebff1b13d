import { randomUUID } from "node:crypto";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulatedModel } from "../../models/simulated/simulated-model.js";
import { type RedisServerHandle, startRedisServer } from "../../store/testing/redis-server.js";
import { Orchestrator } from "../orchestrator.js";
import type { AgentSpec } from "../types.js";

let server: RedisServerHandle;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.stop();
});

const agents = (): AgentSpec[] => [
  {
    id: "coder",
    role: "You write code.",
    model: simulatedModel({ id: "coder", seed: 1 }),
    capabilityPrior: { code: 0.9 },
  },
  {
    id: "mathy",
    role: "You solve math.",
    model: simulatedModel({ id: "mathy", seed: 2 }),
    capabilityPrior: { math: 0.9 },
  },
  {
    id: "writer",
    role: "You write stories.",
    model: simulatedModel({ id: "writer", seed: 3 }),
    capabilityPrior: { creative: 0.9 },
  },
];

const until = async (check: () => boolean | Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe("distributed mode (front and worker orchestrators on one Redis)", () => {
  it("a front routes, a worker answers with history and packet, the leader learns from feedback", async () => {
    const keyPrefix = `d-${randomUUID()}:`;
    const store = { redis: server.url, keyPrefix };
    const config = { loop: { intervalMs: 50, persistEveryTicks: 5 }, distributed: { leaderLeaseMs: 600 } };
    const published: number[] = [];
    const worker = await Orchestrator.create({
      agents: agents(),
      store,
      config,
      distributed: {
        host: "all",
        nodeId: "w1",
        events: {
          onElected: (t) => console.log("elected", t),
          onDemoted: (t) => console.log("demoted", t),
          onPublished: (_v, applied) => published.push(applied),
        },
      },
    });
    const front = await Orchestrator.create({ agents: agents(), store, config, distributed: {} });
    try {
      await until(() => worker.isLeader, 30_000);
      expect(front.isLeader).toBe(false);
      const first = await front.send({ content: "Write a python function that sorts a list of integers." });
      expect(first.agentId).toBe("coder");
      expect(first.content.length).toBeGreaterThan(0);
      const id = first.conversationId;
      const second = await front.send({
        conversationId: id,
        content: "Now compute the integral of x^2 from 0 to 3.",
      });
      expect(second.agentId).toBe("mathy");
      expect(second.handoff?.fromAgentId).toBe("coder");
      const stream = await front.sendStream({
        conversationId: id,
        content: "Write a short poem about the sea.",
      });
      let streamed = "";
      for await (const chunk of stream.textStream) streamed += chunk;
      const third = await stream.result;
      expect(streamed).toBe(third.content);
      const stored = await front.conversation(id);
      expect(stored.turns.map((t) => [t.seq, t.status, t.agentId])).toEqual([
        [0, "answered", "coder"],
        [1, "answered", "mathy"],
        [2, "answered", third.agentId],
      ]);
      // feedback given at the front reaches the leader through the signal stream
      for (const turn of [first, second, third]) await front.feedback(turn.turnId, 1);
      await until(() => published.some((applied) => applied >= 6), 30_000);
    } finally {
      await front.close();
      await worker.close();
    }
  }, 60_000);

  it("two fronts racing on one conversation never write the same seq, and every turn sees all earlier ones", async () => {
    const keyPrefix = `r-${randomUUID()}:`;
    const store = { redis: server.url, keyPrefix };
    const config = { loop: { intervalMs: 50 }, handoff: { maxTurns: 50 } };
    // what the worker's model saw: earlier exchanges in the prompt, by the turn's text
    const seen = new Map<string, number>();
    const observed = (spec: AgentSpec): AgentSpec => {
      const inner = spec.model as LanguageModelV3;
      const model = Object.create(inner) as LanguageModelV3;
      model.doGenerate = (options) => {
        const messages = options.prompt.filter((m) => m.role !== "system");
        const last = messages.at(-1)!;
        const text = last.content.map((p) => ("text" in p ? p.text : "")).join("");
        seen.set(text, messages.filter((m) => m.role === "assistant").length);
        return inner.doGenerate(options);
      };
      return { ...spec, model };
    };
    const worker = await Orchestrator.create({
      agents: agents().map(observed),
      store,
      config,
      distributed: { host: "all" },
    });
    const a = await Orchestrator.create({
      agents: agents(),
      store,
      config,
      distributed: { nodeId: "front-a" },
    });
    const b = await Orchestrator.create({
      agents: agents(),
      store,
      config,
      distributed: { nodeId: "front-b" },
    });
    try {
      const id = await a.startConversation("raced");
      const asks = Array.from({ length: 10 }, (_, i) => [
        a.send({ conversationId: id, content: `A${i}: write a python function number ${i}.` }),
        b.send({ conversationId: id, content: `B${i}: compute ${i} squared plus one.` }),
      ]).flat();
      const results = await Promise.all(asks);
      const stored = await a.conversation(id, 100);
      expect(stored.turns.map((t) => t.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      expect(stored.turns.every((t) => t.status === "answered")).toBe(true);
      expect(new Set(results.map((r) => r.turnId)).size).toBe(20);
      // ordered across fronts: the turn at seq k was answered with the k exchanges before it
      for (const turn of stored.turns) expect(seen.get(turn.userContent)).toBe(turn.seq);
    } finally {
      await a.close();
      await b.close();
      await worker.close();
    }
  }, 120_000);
});
