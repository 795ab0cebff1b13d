/**
 * Agents declared in a config file, on the real AI SDK OpenAI providers, against a real local
 * HTTP server speaking the OpenAI protocol.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseRapoFile } from "../../config/file.js";
import { ModelError, TimeoutError } from "../../errors.js";
import { UsageLedger } from "../accounting/usage-ledger.js";
import { generate, type ModelRequest, type StreamEvent, stream } from "../invoke.js";
import { CircuitBreaker } from "../resilience/circuit-breaker.js";
import { FAST_RETRY } from "../testing/fast-retry.js";
import { type OpenAITestServer, startOpenAIServer } from "../testing/openai-server.js";
import { createAgentSpecs } from "./agent-specs.js";
import { assertAgentModels } from "./check-models.js";
import { createEmbedder } from "./embedder.js";

const env = { TEST_OPENAI_KEY: "sk-test-123" };
let server: OpenAITestServer;

beforeEach(async () => {
  server = await startOpenAIServer({ models: ["gpt-test", "embed-test"] });
});
afterEach(async () => {
  await server.close();
});

function agentsFile(model = "gpt-test") {
  return parseRapoFile(
    {
      embedding: {
        provider: "openai",
        model: "embed-test",
        baseURL: server.baseURL,
        apiKeyEnv: "TEST_OPENAI_KEY",
      },
      agents: [
        {
          id: "writer",
          role: "writer",
          provider: "openai",
          model,
          baseURL: server.baseURL,
          apiKeyEnv: "TEST_OPENAI_KEY",
          pricing: { inputPerMTok: 3, outputPerMTok: 15 },
        },
        { id: "local", role: "coder", provider: "openai-compatible", model, baseURL: server.baseURL },
      ],
    },
    { env },
  );
}

function request(agentId: string, overrides: Partial<ModelRequest> = {}): ModelRequest {
  return {
    agentId,
    system: "You are a writer.",
    messages: [{ role: "user", content: "Write one short line about rivers" }],
    maxOutputTokens: 64,
    timeoutMs: 2000,
    ...overrides,
  };
}

async function collect(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

describe("OpenAI protocol through the AI SDK providers", () => {
  it("generates with the API key from the environment and the provider's usage", async () => {
    const [writer] = createAgentSpecs(agentsFile(), env);
    server.script.behaviours = [
      { kind: "reply", text: "Rivers remember rain.", usage: { inputTokens: 21, outputTokens: 4 } },
    ];
    const reply = await generate(writer!.model, request("writer"));
    expect(reply).toMatchObject({
      text: "Rivers remember rain.",
      inputTokens: 21,
      outputTokens: 4,
      usageEstimated: false,
    });
    const sent = server.requests[0]!;
    expect(sent.path).toBe("/v1/chat/completions");
    expect(sent.headers.authorization).toBe("Bearer sk-test-123");
    expect(sent.body).toMatchObject({
      model: "gpt-test",
      max_tokens: 64,
      messages: [{ role: "system" }, { role: "user" }],
    });
  });

  it("streams tokens as they arrive, with usage from stream_options.include_usage", async () => {
    for (const agent of createAgentSpecs(agentsFile(), env)) {
      server.script.behaviours = [
        { kind: "reply", text: "one two three", usage: { inputTokens: 9, outputTokens: 3 }, chunkDelayMs: 5 },
      ];
      const events = await collect(stream(agent.model, request(agent.id)));
      expect(events.filter((e) => e.type === "text").map((e) => (e.type === "text" ? e.text : ""))).toEqual([
        "one ",
        "two ",
        "three",
      ]);
      expect(events.at(-1)).toEqual({
        type: "finish",
        usage: { inputTokens: 9, outputTokens: 3, estimated: false },
      });
      expect(server.requests.at(-1)!.body).toMatchObject({
        stream: true,
        stream_options: { include_usage: true },
      });
    }
  });

  it("accounts tokens and cost per turn, agent and conversation, estimating missing usage", async () => {
    const file = agentsFile();
    const agents = createAgentSpecs(file, env);
    const ledger = new UsageLedger({ pricing: (id) => agents.find((a) => a.id === id)?.pricing });
    server.script.behaviours = [
      { kind: "reply", text: "a b c", usage: { inputTokens: 1000, outputTokens: 200 } },
      { kind: "reply", text: "no usage reported here", usage: null },
    ];
    for (const [turnId, agent] of [
      ["t1", agents[0]!],
      ["t2", agents[1]!],
    ] as const) {
      const reply = await generate(agent.model, request(agent.id));
      ledger.record({
        turnId,
        conversationId: "c1",
        agentId: agent.id,
        inputTokens: reply.inputTokens,
        outputTokens: reply.outputTokens,
        estimated: reply.usageEstimated ?? false,
      });
    }
    expect(ledger.turn("t1")?.costUsd).toBeCloseTo((1000 * 3 + 200 * 15) / 1e6);
    expect(ledger.turn("t2")).toMatchObject({ estimatedCalls: 1, unpricedCalls: 1 });
    expect(ledger.turn("t2")!.outputTokens).toBeGreaterThan(3);
    expect(ledger.conversation("c1").calls).toBe(2);
  });

  it("retries a 429, waiting the Retry-After the server asked for", async () => {
    const [writer] = createAgentSpecs(agentsFile(), env);
    server.script.behaviours = [
      { kind: "rate-limit", retryAfter: "1" },
      { kind: "reply", text: "done" },
    ];
    const reply = await generate(writer!.model, request("writer", { retry: FAST_RETRY }));
    expect(reply).toMatchObject({ text: "done", attempts: 2 });
    const waited = server.requests[1]!.receivedAt - server.requests[0]!.receivedAt;
    expect(waited).toBeGreaterThanOrEqual(990);
    expect(waited).toBeLessThan(1500);
  });

  it("retries 500s with backoff, then succeeds", async () => {
    const [writer] = createAgentSpecs(agentsFile(), env);
    server.script.behaviours = [
      { kind: "error" },
      { kind: "error", status: 503 },
      { kind: "reply", text: "third time" },
    ];
    const retries: number[] = [];
    const reply = await generate(
      writer!.model,
      request("writer", { retry: FAST_RETRY, onRetry: (i) => retries.push(i.retry) }),
    );
    expect(reply).toMatchObject({ text: "third time", attempts: 3 });
    expect(retries).toEqual([1, 2]);
  });

  it("gives up with a named error when the server keeps failing", async () => {
    const [writer] = createAgentSpecs(agentsFile(), env);
    server.script.fallback = { kind: "error", message: "overloaded" };
    const error = await generate(
      writer!.model,
      request("writer", { retry: { ...FAST_RETRY, maxRetries: 1 } }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).message).toBe(
      "agent 'writer' (openai.chat model 'gpt-test') failed after 2 attempts (HTTP 500 server_error): overloaded",
    );
  });

  it("times out a hung server and the abort closes the HTTP connection", async () => {
    const [writer] = createAgentSpecs(agentsFile(), env);
    server.script.behaviours = [{ kind: "hang" }];
    const error = await generate(writer!.model, request("writer", { timeoutMs: 100 })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/agent 'writer'.*did not answer within 100 ms/);
    await server.requests[0]!.closed;
    expect(server.requests[0]!.clientAborted).toBe(true);
  });

  it("cancels the HTTP request when the caller gives up", async () => {
    const [writer] = createAgentSpecs(agentsFile(), env);
    server.script.behaviours = [{ kind: "hang" }];
    const controller = new AbortController();
    const pending = generate(
      writer!.model,
      request("writer", { signal: controller.signal, timeoutMs: 60_000 }),
    );
    await server.request(0);
    controller.abort(new Error("user closed the tab"));
    await expect(pending).rejects.toThrow("user closed the tab");
    await server.requests[0]!.closed;
    expect(server.requests[0]!.clientAborted).toBe(true);
  });

  it("stops a stream that stalls after the first token, and closes the connection", async () => {
    const [writer] = createAgentSpecs(agentsFile(), env);
    server.script.behaviours = [{ kind: "reply", text: "alpha beta gamma", stallAfterChunks: 1 }];
    const seen: StreamEvent[] = [];
    const error = await (async () => {
      for await (const e of stream(writer!.model, request("writer", { timeoutMs: 150 }))) seen.push(e);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([{ type: "text", text: "alpha " }]);
    expect(error).toBeInstanceOf(TimeoutError);
    await server.requests[0]!.closed;
    expect(server.requests[0]!.clientAborted).toBe(true);
  });

  it("counts the first token, not the role-only first chunk, and retries a silent stream when allowed", async () => {
    const [writer] = createAgentSpecs(agentsFile(), env);
    server.script.behaviours = [{ kind: "reply", text: "late", stallAfterChunks: 0 }];
    await expect(collect(stream(writer!.model, request("writer", { timeoutMs: 100 })))).rejects.toThrow(
      /agent 'writer' .* sent no token within 100 ms/,
    );
    server.script.behaviours = [
      { kind: "reply", text: "late", stallAfterChunks: 0 },
      { kind: "reply", text: "second try" },
    ];
    const events = await collect(
      stream(
        writer!.model,
        request("writer", { timeoutMs: 100, retry: { ...FAST_RETRY, retryOnTimeout: true } }),
      ),
    );
    expect(
      events
        .filter((e) => e.type === "text")
        .map((e) => (e.type === "text" ? e.text : ""))
        .join(""),
    ).toBe("second try");
    expect(server.requests.map((r) => r.clientAborted)).toEqual([true, true, false]);
  });

  it("closes the connection when the consumer stops reading a stream", async () => {
    const [writer] = createAgentSpecs(agentsFile(), env);
    server.script.behaviours = [{ kind: "reply", text: "a b c d e f g h", chunkDelayMs: 20 }];
    for await (const event of stream(writer!.model, request("writer"))) {
      expect(event).toEqual({ type: "text", text: "a " });
      break;
    }
    await server.requests[0]!.closed;
    expect(server.requests[0]!.clientAborted).toBe(true);
  });

  it("opens the circuit breaker after failures and probes the agent back", async () => {
    const [writer] = createAgentSpecs(agentsFile(), env);
    const clock = { t: 0 };
    const states: string[] = [];
    const breaker = new CircuitBreaker(
      { failureThreshold: 2, failureRate: 1, window: 10, minCalls: 10, cooldownMs: 5000 },
      { now: () => clock.t, onStateChange: (t) => states.push(t.to) },
    );
    server.script.behaviours = [{ kind: "error" }, { kind: "error" }];
    for (let i = 0; i < 2; i++) {
      expect(breaker.canRoute("writer")).toBe(true);
      await expect(generate(writer!.model, request("writer", { breaker }))).rejects.toThrow(ModelError);
    }
    expect(breaker.canRoute("writer")).toBe(false);
    clock.t = 5000;
    expect(breaker.canRoute("writer")).toBe(true);
    const probe = generate(writer!.model, request("writer", { breaker }));
    expect(breaker.canRoute("writer")).toBe(false); // one probe at a time
    await expect(probe).resolves.toMatchObject({ text: expect.stringContaining("echo:") });
    expect(breaker.canRoute("writer")).toBe(true);
    expect(states).toEqual(["open", "half-open", "closed"]);
    expect(server.requests).toHaveLength(3);
  });

  it("reports a provider that is down as a retryable network failure", async () => {
    const [writer] = createAgentSpecs(agentsFile(), env);
    await server.close();
    const error = await generate(
      writer!.model,
      request("writer", { retry: { ...FAST_RETRY, maxRetries: 1 } }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).details).toMatchObject({ agentId: "writer", attempts: 2, retryable: true });
    expect((error as Error).message).toMatch(/agent 'writer'.*failed after 2 attempts \(network error\)/);
  });

  it("names the agent and the field when the server rejects the model name", async () => {
    const file = agentsFile("gpt-typo");
    await expect(assertAgentModels(file, { env })).rejects.toThrow(
      /agent 'writer': field 'model': model 'gpt-typo' is not served by http:\/\/127\.0\.0\.1:\d+\/v1\/models \(it lists: gpt-test, embed-test\)/,
    );
    const [writer] = createAgentSpecs(file, env);
    const error = await generate(writer!.model, request("writer")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).details).toMatchObject({
      field: "model",
      reason: "model_not_found",
      statusCode: 404,
    });
    expect((error as Error).message).toMatch(
      /^agent 'writer' \(openai\.chat model 'gpt-typo'\): field 'model': the server rejected model 'gpt-typo' \(HTTP 404 model_not_found\)/,
    );
    await expect(assertAgentModels(agentsFile(), { env })).resolves.toEqual([]);
  });

  it("flags a refused API key at start-up and at call time", async () => {
    server.script.apiKey = "sk-the-real-one";
    const file = agentsFile();
    await expect(assertAgentModels(file, { env })).rejects.toThrow(
      /agent 'writer': field 'apiKeyEnv': .* refused the API key from TEST_OPENAI_KEY \(HTTP 401\)/,
    );
    const [writer] = createAgentSpecs(file, env);
    await expect(generate(writer!.model, request("writer"))).rejects.toThrow(/HTTP 401 invalid_api_key/);
  });

  it("embeds through the provider's embedding model", async () => {
    const file = agentsFile();
    const embedder = createEmbedder(file.embedding, env)!;
    const result = await embedder.doEmbed({ values: ["river bank", "river bank", "tax return"] });
    expect(result.embeddings).toHaveLength(3);
    expect(result.embeddings[0]).toHaveLength(8);
    expect(result.embeddings[0]).toEqual(result.embeddings[1]);
    expect(result.embeddings[0]).not.toEqual(result.embeddings[2]);
    expect(server.requests[0]).toMatchObject({ path: "/v1/embeddings", body: { model: "embed-test" } });
    const compatible = createEmbedder(
      { provider: "openai-compatible", model: "embed-test", baseURL: server.baseURL },
      {},
    )!;
    await expect(compatible.doEmbed({ values: ["x"] })).resolves.toMatchObject({
      embeddings: [expect.any(Array)],
    });
  });
});
