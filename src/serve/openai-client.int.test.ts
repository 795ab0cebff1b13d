/**
 * The official `openai` client against a real `rapo serve` on a loopback port: chat completions
 * (plain and streaming), conversation mapping by resent history and by explicit id, pinned
 * models, responses with previous_response_id (plain and streaming), rapo's own endpoints, and
 * errors parsed by the client as APIError with the right status.
 */
import OpenAI, { APIError } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./testing/serve-fixture.js";

const KEY = "sk-test-tenant-a";
let t: TestServer;
let client: OpenAI;

const STOCK = "The stock of Lyon-Depot is 420 units. The stock of Paris-Hub is 300 units.";

beforeAll(async () => {
  t = await startTestServer({ apiKeys: [KEY] });
  client = new OpenAI({ apiKey: KEY, baseURL: `${t.url}/v1`, maxRetries: 0 });
});
afterAll(() => t.close());

async function get(path: string, key = KEY) {
  const res = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function post(path: string, body: unknown, key = KEY) {
  const res = await fetch(`${t.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("chat completions through the openai client", () => {
  it("answers, reports usage and the answering agent (body and headers)", async () => {
    const { data, response } = await client.chat.completions
      .create({
        model: "rapo",
        messages: [{ role: "user", content: `${STOCK} What is the stock of Lyon-Depot?` }],
      })
      .withResponse();
    expect(data.object).toBe("chat.completion");
    expect(data.choices[0]!.message.role).toBe("assistant");
    expect(data.choices[0]!.message.content!.length).toBeGreaterThan(0);
    expect(data.usage!.total_tokens).toBe(data.usage!.prompt_tokens + data.usage!.completion_tokens);
    expect(data.usage!.prompt_tokens).toBeGreaterThan(0);
    const rapo = (data as unknown as { rapo: { agent_id: string; turn_id: string; handoff: boolean } }).rapo;
    expect(rapo.agent_id).toBe(response.headers.get("x-rapo-agent"));
    expect(response.headers.get("x-rapo-handoff")).toBe(String(rapo.handoff));
    expect(data.id).toBe(`chatcmpl-${rapo.turn_id}`);
  });

  it("streams chunks, a usage chunk and [DONE]; the text equals the stored answer", async () => {
    const stream = await client.chat.completions.create({
      model: "rapo",
      stream: true,
      stream_options: { include_usage: true },
      messages: [
        { role: "user", content: `${STOCK} What is the combined stock of Lyon-Depot and Paris-Hub?` },
      ],
    });
    let text = "";
    let usage: OpenAI.CompletionUsage | null | undefined;
    let rapo: { conversation_id: string; agent_id: string } | undefined;
    let finish: string | null = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      if (chunk.usage) usage = chunk.usage;
      if (chunk.choices[0]?.finish_reason) finish = chunk.choices[0].finish_reason;
      const ext = (chunk as unknown as { rapo?: { conversation_id?: string; agent_id: string } }).rapo;
      if (ext?.conversation_id) rapo = ext as { conversation_id: string; agent_id: string };
    }
    expect(finish).toBe("stop");
    expect(text.length).toBeGreaterThan(0);
    expect(usage!.completion_tokens).toBeGreaterThan(0);
    const stored = await get(`/v1/conversations/${rapo!.conversation_id}`);
    const turns = stored.body["turns"] as { answer: string; agent_id: string }[];
    expect(turns).toHaveLength(1);
    expect(turns[0]!.answer).toBe(text);
    expect(turns[0]!.agent_id).toBe(rapo!.agent_id);
  });

  it("keeps one rapo conversation when the client resends the history", async () => {
    const messages: OpenAI.ChatCompletionMessageParam[] = [
      { role: "system", content: "You are helpful." },
      { role: "user", content: STOCK },
    ];
    const ids: string[] = [];
    for (const next of [
      "What is the combined stock of Lyon-Depot and Paris-Hub?",
      "Write a slogan for Lyon-Depot that mentions its stock.",
    ]) {
      const reply = await client.chat.completions.create({ model: "rapo", messages });
      ids.push((reply as unknown as { rapo: { conversation_id: string } }).rapo.conversation_id);
      messages.push(
        { role: "assistant", content: reply.choices[0]!.message.content! },
        { role: "user", content: next },
      );
    }
    const last = await client.chat.completions.create({ model: "rapo", messages });
    ids.push((last as unknown as { rapo: { conversation_id: string } }).rapo.conversation_id);
    expect(new Set(ids).size).toBe(1);
    const stored = await get(`/v1/conversations/${ids[0]}`);
    expect((stored.body["turns"] as unknown[]).length).toBe(3);
    // an edited history is another conversation
    const edited = [...messages];
    edited[2] = { role: "assistant", content: "something the server never said" };
    const other = await client.chat.completions.create({ model: "rapo", messages: edited });
    expect((other as unknown as { rapo: { conversation_id: string } }).rapo.conversation_id).not.toBe(ids[0]);
  });

  it("continues an explicit conversation named by header or metadata", async () => {
    const first = await client.chat.completions.create(
      { model: "rapo", messages: [{ role: "user", content: STOCK }] },
      { headers: { "X-Rapo-Conversation": "order-77" } },
    );
    const second = await client.chat.completions.create({
      model: "rapo",
      messages: [{ role: "user", content: "What is the stock of Paris-Hub?" }],
      metadata: { conversation_id: "order-77" },
    });
    for (const r of [first, second])
      expect((r as unknown as { rapo: { conversation_id: string } }).rapo.conversation_id).toBe("order-77");
    const stored = await get("/v1/conversations/order-77");
    expect((stored.body["turns"] as unknown[]).length).toBe(2);
  });

  it("lists rapo and one pinned model per agent; a pinned model answers from that agent", async () => {
    const models = [];
    for await (const m of client.models.list()) models.push(m.id);
    const agents = t.server.orchestrator.agents().map((a) => a.id);
    expect(models).toEqual(["rapo", ...agents.map((a) => `rapo/${a}`)]);
    for (const agent of ["writer", "planner"]) {
      const reply = await client.chat.completions.create({
        model: `rapo/${agent}`,
        messages: [
          { role: "user", content: `${STOCK} What is the combined stock of Lyon-Depot and Paris-Hub?` },
        ],
      });
      expect((reply as unknown as { rapo: { agent_id: string } }).rapo.agent_id).toBe(agent);
    }
  });
});

describe("responses through the openai client", () => {
  it("continues the conversation of previous_response_id", async () => {
    const first = await client.responses.create({ model: "rapo", input: STOCK });
    expect(first.status).toBe("completed");
    expect(first.output_text.length).toBeGreaterThan(0);
    const second = await client.responses.create({
      model: "rapo",
      input: "What is the combined stock of Lyon-Depot and Paris-Hub?",
      previous_response_id: first.id,
    });
    expect(second.previous_response_id).toBe(first.id);
    const conv = (r: unknown) => (r as { rapo: { conversation_id: string } }).rapo.conversation_id;
    expect(conv(second)).toBe(conv(first));
    const stream = await client.responses.create({
      model: "rapo",
      input: "Write a slogan for Lyon-Depot.",
      previous_response_id: second.id,
      stream: true,
    });
    let deltas = "";
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      if (event.type === "response.output_text.delta") deltas += event.delta;
      if (event.type === "response.completed") completed = event.response;
    }
    expect(completed!.status).toBe("completed");
    expect(conv(completed)).toBe(conv(first));
    const text = (completed!.output[0] as OpenAI.Responses.ResponseOutputMessage).content[0] as {
      text: string;
    };
    expect(text.text).toBe(deltas);
    const stored = await get(`/v1/conversations/${conv(first)}`);
    expect((stored.body["turns"] as unknown[]).length).toBe(3);
  });

  it("refuses an unknown previous_response_id with 404", async () => {
    const error = await client.responses
      .create({ model: "rapo", input: "hello", previous_response_id: "resp_nope" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(404);
  });
});

describe("errors as APIError", () => {
  it("401 for a wrong key, 404 for an unknown model, 400 for invalid parameters", async () => {
    const wrong = new OpenAI({ apiKey: "sk-wrong", baseURL: `${t.url}/v1`, maxRetries: 0 });
    const cases: [Promise<unknown>, number, string][] = [
      [wrong.models.list(), 401, "invalid_api_key"],
      [
        client.chat.completions.create({ model: "gpt-nope", messages: [{ role: "user", content: "hi" }] }),
        404,
        "model_not_found",
      ],
      [
        client.chat.completions.create({
          model: "rapo",
          messages: [{ role: "user", content: "hi" }],
          temperature: 7,
        }),
        400,
        "invalid_request",
      ],
      [client.chat.completions.create({ model: "rapo", messages: [] }), 400, "invalid_request"],
      [
        client.chat.completions.create({ model: "rapo", messages: [{ role: "assistant", content: "hi" }] }),
        400,
        "invalid_request",
      ],
    ];
    for (const [call, status, code] of cases) {
      const error = await call.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(APIError);
      expect((error as APIError).status).toBe(status);
      expect((error as APIError).code).toBe(code);
    }
  });

  it("429 with Retry-After past the per-key rate limit", async () => {
    const limited = await startTestServer({
      apiKeys: [KEY],
      config: { serve: { rateLimit: { max: 3, windowMs: 60_000 } } },
    });
    try {
      const c = new OpenAI({ apiKey: KEY, baseURL: `${limited.url}/v1`, maxRetries: 0 });
      for (let i = 0; i < 3; i++) await c.models.list();
      const error = (await c.models.list().catch((e: unknown) => e)) as APIError;
      expect(error).toBeInstanceOf(APIError);
      expect(error.status).toBe(429);
      expect(Number(error.headers?.get("retry-after"))).toBeGreaterThan(0);
      expect((error.error as { type: string }).type).toBe("rate_limit_error");
    } finally {
      await limited.close();
    }
  });
});

describe("rapo's own endpoints", () => {
  it("feedback, conversation with handoff packets, end, agents", async () => {
    const reply = await client.chat.completions.create(
      {
        model: "rapo/planner",
        messages: [
          { role: "user", content: `${STOCK} What is the combined stock of Lyon-Depot and Paris-Hub?` },
        ],
      },
      { headers: { "X-Rapo-Conversation": "fb-1" } },
    );
    const fb = await post("/v1/feedback", { turn_id: reply.id, outcome: 1 });
    expect(fb.status).toBe(200);
    expect((await post("/v1/feedback", { turn_id: reply.id, outcome: 0 })).status).toBe(409);
    const handed = await client.chat.completions
      .create(
        {
          model: "rapo/writer",
          messages: [{ role: "user", content: "Write a slogan for Lyon-Depot that mentions its stock." }],
        },
        { headers: { "X-Rapo-Conversation": "fb-1" } },
      )
      .withResponse();
    expect(handed.response.headers.get("x-rapo-handoff")).toBe("true");
    expect(handed.response.headers.get("x-rapo-handoff-from")).toBe("planner");
    const conv = await get("/v1/conversations/fb-1");
    const turns = conv.body["turns"] as {
      outcome: number | null;
      handoff: { toAgentId: string } | null;
      agent_id: string;
    }[];
    expect(turns[0]!.outcome).toBe(1);
    expect(turns[0]!.agent_id).toBe("planner");
    expect(turns[1]!.handoff!.toAgentId).toBe("writer");
    expect((await post("/v1/conversations/fb-1/end", { outcome: 1 })).status).toBe(200);
    expect((await post("/v1/conversations/nope/end", {})).status).toBe(404);
    const agents = await get("/v1/agents");
    const list = agents.body["data"] as {
      id: string;
      load: number;
      capabilityByTask: Record<string, number>;
      promptComponents: string[];
    }[];
    expect(list.map((a) => a.id)).toContain("writer");
    expect(Object.keys(list[0]!.capabilityByTask).length).toBeGreaterThan(0);
  });
});
