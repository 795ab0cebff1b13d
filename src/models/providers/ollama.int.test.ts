/**
 * Agents on Ollama through `ollama-ai-provider-v2`, against a real local HTTP server speaking
 * the Ollama protocol (NDJSON streaming, `{ "error": "..." }` bodies).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseRapoFile } from "../../config/file.js";
import { ModelError, TimeoutError } from "../../errors.js";
import { generate, type ModelRequest, type StreamEvent, stream } from "../invoke.js";
import { CircuitBreaker } from "../resilience/circuit-breaker.js";
import { FAST_RETRY } from "../testing/fast-retry.js";
import { type OllamaTestServer, startOllamaServer } from "../testing/ollama-server.js";
import { createAgentSpecs } from "./agent-specs.js";
import { checkAgentModels } from "./check-models.js";
import { createEmbedder } from "./embedder.js";

let server: OllamaTestServer;

beforeEach(async () => {
  server = await startOllamaServer({ models: ["llama3:latest", "nomic-embed-text:latest"] });
});
afterEach(async () => {
  await server.close();
});

function ollamaAgent(model = "llama3") {
  const file = parseRapoFile(
    {
      embedding: { provider: "ollama", model: "nomic-embed-text", baseURL: server.baseURL },
      agents: [{ id: "local", role: "generalist", provider: "ollama", model, baseURL: server.baseURL }],
    },
    { env: {} },
  );
  return { file, agent: createAgentSpecs(file, {})[0]! };
}

function request(overrides: Partial<ModelRequest> = {}): ModelRequest {
  return {
    agentId: "local",
    system: "Be brief.",
    messages: [
      { role: "user", content: "name a colour" },
      { role: "assistant", content: "blue" },
      { role: "user", content: "another one" },
    ],
    maxOutputTokens: 40,
    timeoutMs: 2000,
    ...overrides,
  };
}

describe("Ollama protocol through ollama-ai-provider-v2", () => {
  it("generates, sending the history and num_predict, with Ollama's token counts", async () => {
    const { agent } = ollamaAgent();
    server.script.behaviours = [
      { kind: "reply", text: "green", usage: { inputTokens: 30, outputTokens: 1 } },
    ];
    const reply = await generate(agent.model, request());
    expect(reply).toMatchObject({ text: "green", inputTokens: 30, outputTokens: 1, usageEstimated: false });
    expect(server.requests[0]).toMatchObject({
      path: "/api/chat",
      body: {
        model: "llama3",
        stream: false,
        options: { num_predict: 40 },
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "name a colour" },
          { role: "assistant", content: "blue" },
          { role: "user", content: "another one" },
        ],
      },
    });
  });

  it("streams NDJSON chunks as tokens, then the usage of the done line", async () => {
    const { agent } = ollamaAgent();
    server.script.behaviours = [
      { kind: "reply", text: "red and gold", usage: { inputTokens: 12, outputTokens: 3 }, chunkDelayMs: 5 },
    ];
    const events: StreamEvent[] = [];
    for await (const e of stream(agent.model, request())) events.push(e);
    expect(events).toEqual([
      { type: "text", text: "red " },
      { type: "text", text: "and " },
      { type: "text", text: "gold" },
      { type: "finish", usage: { inputTokens: 12, outputTokens: 3, estimated: false } },
    ]);
    expect(server.requests[0]!.body).toMatchObject({ stream: true });
  });

  it("retries a 429 honouring Retry-After, and a 500", async () => {
    const { agent } = ollamaAgent();
    server.script.behaviours = [
      { kind: "rate-limit", retryAfter: "1" },
      { kind: "error" },
      { kind: "reply", text: "ok" },
    ];
    const reply = await generate(agent.model, request({ retry: FAST_RETRY }));
    expect(reply).toMatchObject({ text: "ok", attempts: 3 });
    const waited = server.requests[1]!.receivedAt - server.requests[0]!.receivedAt;
    expect(waited).toBeGreaterThanOrEqual(990);
    expect(waited).toBeLessThan(1500);
  });

  it("times out a hung stream before the first token and closes the connection", async () => {
    const { agent } = ollamaAgent();
    server.script.behaviours = [{ kind: "hang" }];
    const run = async () => {
      for await (const _ of stream(agent.model, request({ timeoutMs: 100 }))) {
        // no token ever comes
      }
    };
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(
      /agent 'local' \(ollama\.responses model 'llama3'\) sent no token within 100 ms/,
    );
    await server.requests[0]!.closed;
    expect(server.requests[0]!.clientAborted).toBe(true);
  });

  it("opens the breaker on failures and closes it after a successful probe", async () => {
    const { agent } = ollamaAgent();
    const clock = { t: 0 };
    const breaker = new CircuitBreaker(
      { failureThreshold: 2, failureRate: 1, window: 4, minCalls: 4, cooldownMs: 100 },
      { now: () => clock.t },
    );
    server.script.behaviours = [{ kind: "error", status: 503 }, { kind: "hang" }];
    await expect(generate(agent.model, request({ breaker }))).rejects.toThrow(/HTTP 503/);
    await expect(generate(agent.model, request({ breaker, timeoutMs: 50 }))).rejects.toThrow(TimeoutError);
    expect(breaker.state("local")).toBe("open");
    clock.t = 100;
    expect(breaker.state("local")).toBe("half-open");
    await generate(agent.model, request({ breaker }));
    expect(breaker.state("local")).toBe("closed");
  });

  it("names the agent and field for a model that is not pulled, at start-up and at call time", async () => {
    const { file, agent } = ollamaAgent("mistral");
    const problems = await checkAgentModels(file);
    expect(problems).toEqual([
      expect.objectContaining({
        agentId: "local",
        kind: "unknown_model",
        field: "model",
        message: expect.stringMatching(/model 'mistral' is not served/),
      }),
    ]);
    expect(await checkAgentModels(ollamaAgent("llama3").file)).toEqual([]);
    const error = await generate(agent.model, request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as Error).message).toBe(
      `agent 'local' (ollama.responses model 'mistral'): field 'model': the server rejected model 'mistral' (HTTP 404): model "mistral" not found, try pulling it first`,
    );
  });

  it("embeds through /api/embed", async () => {
    const { file } = ollamaAgent();
    const embedder = createEmbedder(file.embedding, {})!;
    const { embeddings } = await embedder.doEmbed({ values: ["alpha", "beta"] });
    expect(embeddings).toHaveLength(2);
    expect(embeddings[0]).toHaveLength(8);
    expect(server.requests[0]).toMatchObject({
      path: "/api/embed",
      body: { model: "nomic-embed-text", input: ["alpha", "beta"] },
    });
  });
});
