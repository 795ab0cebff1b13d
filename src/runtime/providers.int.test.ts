/**
 * The orchestrator end to end on real AI SDK providers, against local HTTP servers speaking the
 * OpenAI and Ollama protocols: handoffs, streaming, retry, timeout, failover, circuit breaker,
 * accounting (issue 5).
 */
import { afterEach, describe, expect, it } from "vitest";
import { parseRapoFile } from "../config/file.js";
import { createAgentSpecs } from "../models/providers/agent-specs.js";
import { type OllamaTestServer, startOllamaServer } from "../models/testing/ollama-server.js";
import { type OpenAITestServer, startOpenAIServer } from "../models/testing/openai-server.js";
import type { Behaviour, RecordedRequest } from "../models/testing/script.js";
import { Orchestrator } from "./orchestrator.js";

const env = { TEST_KEY: "sk-test" };
const fast = {
  loop: { autoStart: false },
  routing: { exploration: 0 },
  limits: { modelTimeoutMs: 300 },
  resilience: {
    retry: { maxRetries: 2, initialDelayMs: 5, maxDelayMs: 20, maxTotalDelayMs: 2000 },
    breaker: { failureThreshold: 2, cooldownMs: 60_000 },
  },
} as const;

let servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

function modelOf(request: RecordedRequest): string {
  return String((request.body as { model?: string } | undefined)?.model);
}

function systemOf(request: RecordedRequest): string {
  const messages = (request.body as { messages?: { role: string; content: unknown }[] }).messages ?? [];
  return messages
    .filter((m) => m.role === "system")
    .map((m) => (typeof m.content === "string" ? m.content : JSON.stringify(m.content)))
    .join("\n");
}

async function openAIOrchestra(behaviourFor: (model: string, request: RecordedRequest) => Behaviour) {
  const server: OpenAITestServer = await startOpenAIServer({ fallback: (r) => behaviourFor(modelOf(r), r) });
  servers.push(server);
  const file = parseRapoFile(
    {
      agents: [
        {
          id: "calc",
          role: "math specialist",
          provider: "openai",
          model: "gpt-calc",
          baseURL: server.baseURL,
          apiKeyEnv: "TEST_KEY",
          capabilityPrior: { math: 0.9, creative: 0.2 },
          pricing: { inputPerMTok: 2, outputPerMTok: 8 },
        },
        {
          id: "poet",
          role: "creative writer",
          provider: "openai-compatible",
          model: "gpt-poet",
          baseURL: server.baseURL,
          capabilityPrior: { math: 0.3, creative: 0.9 },
        },
      ],
    },
    { env },
  );
  const rapo = await Orchestrator.create({ agents: createAgentSpecs(file, env), config: fast });
  return { server, rapo };
}

const reply = (text: string): Behaviour => ({ kind: "reply", text });

describe("orchestrator over the OpenAI protocol", () => {
  it("hands a conversation off between two providers with the packet in the receiver's prompt", async () => {
    const { server, rapo } = await openAIOrchestra((model) =>
      reply(
        model === "gpt-calc"
          ? "The total stock of Lyon-Depot is 550 units."
          : "A slogan: Lyon-Depot never sleeps.",
      ),
    );
    const first = await rapo.send({
      content: "Calculate the total stock: Lyon-Depot holds 420 units and gets 130 more.",
    });
    const second = await rapo.send({
      conversationId: first.conversationId,
      content: "Write a creative slogan for Lyon-Depot.",
    });
    expect([first.agentId, second.agentId]).toEqual(["calc", "poet"]);
    expect(second.handoff?.fromAgentId).toBe("calc");
    const poetRequest = server.requests.filter((r) => modelOf(r) === "gpt-poet").at(-1)!;
    expect(systemOf(poetRequest)).toContain("Lyon-Depot holds 420 units");
    expect(systemOf(poetRequest)).toContain("Handoff from calc");
    // accounting from the provider's usage report, priced for calc
    expect(first.usage?.estimated).toBe(false);
    expect(first.usage?.costUsd).toBeGreaterThan(0);
    expect(second.usage?.costUsd).toBeUndefined();
    expect(second.usage?.handoffTokens).toBeGreaterThan(0);
    await rapo.close();
  });

  it("streams tokens with the agent decided before the first token", async () => {
    const { rapo } = await openAIOrchestra(() => ({
      kind: "reply",
      text: "one two three four",
      chunkDelayMs: 5,
    }));
    const turn = await rapo.sendStream({ content: "Calculate the sum of 2 and 2." });
    expect(turn.agentId).toBe("calc");
    const chunks: string[] = [];
    for await (const chunk of turn.textStream) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(1);
    const result = await turn.result;
    expect(chunks.join("")).toBe(result.content);
    expect(result.content).toBe("one two three four");
    await rapo.close();
  });

  it("retries a 429 and fails a hanging agent over to the other one", async () => {
    let calcCalls = 0;
    const { rapo } = await openAIOrchestra((model) => {
      if (model === "gpt-poet") return reply("poet covers it");
      calcCalls++;
      return calcCalls === 1
        ? { kind: "rate-limit", retryAfter: "0" }
        : calcCalls === 2
          ? reply("calc after retry")
          : { kind: "hang" };
    });
    const retried = await rapo.send({ content: "Calculate the sum of 2 and 2." });
    expect(retried).toMatchObject({ agentId: "calc", content: "calc after retry", failedOver: [] });
    const failedOver = await rapo.send({
      conversationId: retried.conversationId,
      content: "Calculate the sum of 3 and 3.",
    });
    expect(failedOver).toMatchObject({ agentId: "poet", content: "poet covers it", failedOver: ["calc"] });
    expect(failedOver.handoff?.reason).toBe("failover");
    await rapo.close();
  });

  it("opens the circuit breaker on a failing agent and stops routing to it", async () => {
    const { server, rapo } = await openAIOrchestra((model) =>
      model === "gpt-calc" ? { kind: "error", status: 500 } : reply("poet answers"),
    );
    for (let i = 0; i < 4; i++) {
      const r = await rapo.send({ content: `Calculate the sum of ${i} and 2.` });
      expect(r.agentId).toBe("poet");
    }
    // 2 failed turns (each 1 call + 2 retries) open the breaker; later math turns never reach calc
    expect(server.requests.filter((r) => modelOf(r) === "gpt-calc")).toHaveLength(6);
    await expect(
      rapo.metrics.registry.getSingleMetricAsString("rapo_circuit_breaker_transitions_total"),
    ).resolves.toContain('to="open"');
    await rapo.close();
  });
});

describe("circuit breaker probe-back", () => {
  it("routes to a recovered agent again after the cool-down (one probe, then closed)", async () => {
    let calcDown = true;
    const server: OpenAITestServer = await startOpenAIServer({
      fallback: (r) =>
        modelOf(r) === "gpt-calc"
          ? calcDown
            ? { kind: "error", status: 500 }
            : reply("calc is back")
          : reply("poet answers"),
    });
    servers.push(server);
    const file = parseRapoFile(
      {
        agents: [
          {
            id: "calc",
            role: "math",
            provider: "openai-compatible",
            model: "gpt-calc",
            baseURL: server.baseURL,
            capabilityPrior: { math: 0.9 },
          },
          {
            id: "poet",
            role: "writer",
            provider: "openai-compatible",
            model: "gpt-poet",
            baseURL: server.baseURL,
            capabilityPrior: { math: 0.3 },
          },
        ],
      },
      { env },
    );
    const rapo = await Orchestrator.create({
      agents: createAgentSpecs(file, env),
      config: {
        ...fast,
        resilience: {
          ...fast.resilience,
          retry: { maxRetries: 0 },
          breaker: { failureThreshold: 2, cooldownMs: 50 },
        },
      },
    });
    const transitions: string[] = [];
    rapo.on("failover", (e) => transitions.push(`failover ${e.failedAgentId}`));
    for (let i = 0; i < 3; i++) await rapo.send({ content: `Calculate the sum of ${i} and 2.` });
    // two failures opened the breaker: the third math turn went straight to poet
    expect(transitions).toEqual(["failover calc", "failover calc"]);
    calcDown = false;
    await new Promise((resolve) => setTimeout(resolve, 80));
    await rapo.tick(); // the loop lets the agent back in half-open
    const probe = await rapo.send({ content: "Calculate the sum of 7 and 2." });
    expect(probe).toMatchObject({ agentId: "calc", content: "calc is back" });
    const after = await rapo.send({ content: "Calculate the sum of 8 and 2." });
    expect(after.agentId).toBe("calc");
    await rapo.close();
  });
});

describe("orchestrator over the Ollama protocol", () => {
  it("runs a conversation with a handoff and streaming on ollama-ai-provider-v2", async () => {
    const server: OllamaTestServer = await startOllamaServer({
      fallback: (r) =>
        reply(modelOf(r) === "llama-calc" ? "The total is 550 units." : "Lyon-Depot, always open."),
    });
    servers.push(server);
    const file = parseRapoFile({
      agents: [
        {
          id: "calc",
          role: "math",
          provider: "ollama",
          model: "llama-calc",
          baseURL: server.baseURL,
          capabilityPrior: { math: 0.9, creative: 0.2 },
        },
        {
          id: "poet",
          role: "writer",
          provider: "ollama",
          model: "llama-poet",
          baseURL: server.baseURL,
          capabilityPrior: { math: 0.2, creative: 0.9 },
        },
      ],
    });
    const rapo = await Orchestrator.create({ agents: createAgentSpecs(file, {}), config: fast });
    const first = await rapo.send({
      content: "Calculate the total stock: Lyon-Depot holds 420 units and gets 130 more.",
    });
    expect(first).toMatchObject({ agentId: "calc", content: "The total is 550 units." });
    const streamed = await rapo.sendStream({
      conversationId: first.conversationId,
      content: "Write a creative slogan for Lyon-Depot.",
    });
    expect(streamed.agentId).toBe("poet");
    let text = "";
    for await (const chunk of streamed.textStream) text += chunk;
    expect(text).toBe("Lyon-Depot, always open.");
    expect((await streamed.result).handoff?.fromAgentId).toBe("calc");
    await rapo.close();
  });
});
