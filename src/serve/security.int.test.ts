/**
 * Security of `rapo serve` over real HTTP: every route but /healthz and /readyz needs a key (401
 * in the OpenAI error shape), tenants never see each other's conversations, turns or responses
 * (404), oversized bodies are refused with 413 before any handler runs, 10,000 fuzzed bodies get
 * only 4xx answers and store nothing, a client that disconnects aborts its model call, CORS is
 * off by default, and without keys the server refuses to bind beyond loopback.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bindHost } from "./server.js";
import { hangingModel } from "./testing/hanging-model.js";
import { startTestServer, type TestServer, testAgents } from "./testing/serve-fixture.js";

const A = "sk-tenant-a";
const B = "sk-tenant-b";
let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({
    apiKeys: [A, B],
    config: {
      serve: { bodyLimitBytes: 4096, maxMessages: 8, rateLimit: { max: 1_000_000, windowMs: 60_000 } },
    },
  });
});
afterAll(() => t.close());

async function call(
  method: string,
  path: string,
  key: string | null,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text.startsWith("{") ? JSON.parse(text) : text };
}

const chat = (content: string) => ({ model: "rapo", messages: [{ role: "user", content }] });

describe("authentication", () => {
  it("401 on every route without a key or with a wrong one, except /healthz and /readyz", async () => {
    const routes = t.server.routes.map((r) => ({ ...r, path: r.url.replace(":id", "some-id") }));
    expect(routes.length).toBeGreaterThanOrEqual(12);
    routes.push(
      { method: "GET", url: "/nope", path: "/nope" },
      { method: "POST", url: "/v1/nope", path: "/v1/nope" },
    );
    for (const route of routes) {
      const open = route.path === "/healthz" || route.path === "/readyz";
      for (const key of [null, "sk-wrong"]) {
        const res = await call(
          route.method,
          route.path,
          key,
          route.method === "POST" ? chat("hi") : undefined,
        );
        if (open) expect(res.status, route.path).toBe(200);
        else {
          expect(res.status, `${route.method} ${route.path}`).toBe(401);
          expect(res.body.error.type).toBe("authentication_error");
          expect(res.body.error).toHaveProperty("param");
        }
      }
    }
    expect((await t.server.orchestrator.internals.store.listConversations(10)).length).toBe(0);
  });

  it("accepts the key as Bearer and as the HTTP Basic password (browsers)", async () => {
    expect((await call("GET", "/v1/models", A)).status).toBe(200);
    const basic = `Basic ${Buffer.from(`user:${A}`).toString("base64")}`;
    expect((await call("GET", "/v1/models", null, undefined, { authorization: basic })).status).toBe(200);
  });
});

describe("tenants", () => {
  it("another tenant's conversation, turn and response ids are 404", async () => {
    const mine = await call(
      "POST",
      "/v1/chat/completions",
      A,
      chat("The stock of Lyon-Depot is 420 units."),
      {
        "x-rapo-conversation": "shared-name",
      },
    );
    expect(mine.status).toBe(200);
    const turnId = mine.body.rapo.turn_id;
    const resp = await call("POST", "/v1/responses", A, {
      model: "rapo",
      input: "What is the stock of Lyon-Depot?",
    });
    expect(resp.status).toBe(200);
    expect((await call("GET", "/v1/conversations/shared-name", A)).status).toBe(200);
    // tenant B: the same ids do not exist
    expect((await call("GET", "/v1/conversations/shared-name", B)).status).toBe(404);
    expect((await call("GET", `/v1/conversations/${resp.body.rapo.conversation_id}`, B)).status).toBe(404);
    expect((await call("POST", "/v1/conversations/shared-name/end", B, {})).status).toBe(404);
    const fb = await call("POST", "/v1/feedback", B, { turn_id: turnId, outcome: 0 });
    expect(fb.status).toBe(404);
    expect(fb.body.error.code).toBe("unknown_turn");
    const prev = await call("POST", "/v1/responses", B, {
      model: "rapo",
      input: "and?",
      previous_response_id: resp.body.id,
    });
    expect(prev.status).toBe(404);
    // B naming the same id gets its own conversation; A's turns stay invisible
    const theirs = await call("POST", "/v1/chat/completions", B, chat("Hello there."), {
      "x-rapo-conversation": "shared-name",
    });
    expect(theirs.status).toBe(200);
    const seenByB = await call("GET", "/v1/conversations/shared-name", B);
    expect(seenByB.body.turns.map((x: { user: string }) => x.user)).toEqual(["Hello there."]);
    // A's feedback still works and was not consumed by B's attempt
    expect((await call("POST", "/v1/feedback", A, { turn_id: turnId, outcome: 1 })).status).toBe(200);
  });
});

describe("limits and validation", () => {
  it("413 for an oversized body before any handler runs", async () => {
    const before = (await t.server.orchestrator.internals.store.listConversations(1000)).length;
    const huge = chat("x".repeat(10_000));
    const res = await call("POST", "/v1/chat/completions", A, huge, { "x-rapo-conversation": "too-big" });
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ type: "invalid_request_error", code: "request_too_large" });
    expect((await t.server.orchestrator.internals.store.listConversations(1000)).length).toBe(before);
    expect((await call("GET", "/v1/conversations/too-big", A)).status).toBe(404);
  });

  it("400 for too many messages and for a non-JSON body; 415 for another media type", async () => {
    const many = {
      model: "rapo",
      messages: Array.from({ length: 9 }, () => ({ role: "user", content: "a" })),
    };
    expect((await call("POST", "/v1/chat/completions", A, many)).status).toBe(400);
    expect((await call("POST", "/v1/chat/completions", A, "{not json")).status).toBe(400);
    const res = await call("POST", "/v1/chat/completions", A, undefined, { "content-type": "text/plain" });
    expect([400, 415]).toContain(res.status);
  });

  it("10,000 fuzzed bodies: only 4xx, in the OpenAI error shape, and nothing stored", async () => {
    const fuzz = await startTestServer({
      apiKeys: [A],
      config: {
        serve: { bodyLimitBytes: 65_536, maxMessages: 16, rateLimit: { max: 1_000_000, windowMs: 60_000 } },
      },
    });
    try {
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...ENDPOINTS), fuzzBody(), async (path, body) => {
          const res = await fuzz.server.app.inject({
            method: "POST",
            url: path,
            headers: { authorization: `Bearer ${A}`, "content-type": "application/json" },
            payload: body,
          });
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          expect(res.statusCode, `${path} ${body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
          expect(res.statusCode, `${path} ${body.slice(0, 200)}`).toBeLessThan(500);
          const error = JSON.parse(res.body).error;
          expect(typeof error.message).toBe("string");
          expect(typeof error.type).toBe("string");
        }),
        { numRuns: 10_000, ...(process.env["FUZZ_SEED"] ? { seed: Number(process.env["FUZZ_SEED"]) } : {}) },
      );
      expect([...statuses.keys()].every((s) => s >= 400 && s < 500)).toBe(true);
      expect(await fuzz.server.orchestrator.internals.store.listConversations(100)).toEqual([]);
      expect(fuzz.server.orchestrator.agents().reduce((n, a) => n + a.routed, 0)).toBe(0);
      const health = await fetch(`${fuzz.url}/healthz`);
      expect(health.status).toBe(200);
    } finally {
      await fuzz.close();
    }
  }, 240_000);
});

const ENDPOINTS = ["/v1/chat/completions", "/v1/responses", "/v1/feedback", "/v1/conversations/fz/end"];

/** Bodies that are never a valid request: random JSON, wrong types, huge numbers, deep nesting, bad text. */
function fuzzBody(): fc.Arbitrary<string> {
  const weird = fc.oneof(
    fc.jsonValue(),
    fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER, -0, 0.5, 2, -1, 3, true, null, "", "rapo"),
    fc.string({ unit: "binary", maxLength: 40 }),
  );
  const deep = fc.integer({ min: 100, max: 5_000 }).map((n) => "[".repeat(n) + "]".repeat(n));
  const deepObject = fc
    .integer({ min: 100, max: 3_000 })
    .map((n) => `{"model":"rapo","messages":${'{"a":'.repeat(n)}1${"}".repeat(n)}}`);
  const mutated = fc
    .tuple(fc.constantFrom(...MUTATIONS), weird)
    .map(([mutate, value]) => JSON.stringify(mutate(value)));
  const hugeNumber = fc
    .constantFrom("1e999", "-1e999", "123456789012345678901234567890", "-123456789012345678901234567890")
    .map(
      (n) =>
        `{"model":"rapo","messages":[{"role":"user","content":"hi"}],"input":"hi","temperature":${n},"n":${n},"turn_id":${n},"outcome":${n}}`,
    );
  const random = fc.jsonValue().map((v) => JSON.stringify(v));
  const garbage = fc.string({ unit: "binary", maxLength: 200 });
  return fc.oneof(mutated, random, deep, deepObject, hugeNumber, garbage);
}

type Mutation = (value: unknown) => unknown;
const user = (content: unknown) => ({ role: "user", content });

/** Each breaks a request that would otherwise be valid on at least one endpoint. */
const MUTATIONS: Mutation[] = [
  (v) => ({ model: v === "rapo" ? 5 : v, messages: [user("hi")], input: "hi", turn_id: v, outcome: v }),
  (v) => ({ model: typeof v === "string" ? `x-${v}` : "nope", messages: [user("hi")], input: "hi" }),
  (v) => ({ model: "rapo", messages: v, input: typeof v === "string" ? 5 : v, turn_id: 5 }),
  (v) => ({ model: "rapo", messages: [user(v === null ? 5 : [v])], input: [{ role: "user", content: [v] }] }),
  (v) => ({ model: "rapo", messages: [{ role: v, content: "hi" }], input: [{ role: v, content: "hi" }] }),
  (v) => ({
    model: "rapo",
    messages: [user("hi"), { role: "assistant", content: v }],
    input: [{ role: "assistant", content: "x" }],
  }),
  (v) => ({
    model: "rapo",
    messages: [user("hi")],
    input: "hi",
    temperature: typeof v === "number" ? 3 + Math.abs(v) : (v ?? "hot"),
    turn_id: "nope",
    outcome: 2,
  }),
  (v) => ({
    model: "rapo",
    messages: [user("hi")],
    input: "hi",
    n: typeof v === "number" ? Math.abs(v) + 2 : (v ?? "two"),
    previous_response_id: "resp_missing",
    turn_id: v,
    outcome: -1,
  }),
  (v) => ({
    model: "rapo",
    messages: [user("\ud800")],
    input: "\udc00",
    stream: v ?? "yes",
    metadata: v,
    turn_id: "\ud800",
    outcome: v,
    __proto__: { x: 1 },
  }),
  (v) => ({
    model: "rapo",
    messages: Array.from({ length: 17 }, () => user(v)),
    input: Array.from({ length: 17 }, () => ({ role: "user", content: "a" })),
    outcome: "1",
  }),
  (v) => [v, { model: "rapo", messages: [user("hi")] }],
];

describe("client disconnects and CORS", () => {
  it("a client that disconnects aborts its model call (plain and streaming)", async () => {
    const slow = hangingModel("slow");
    const s = await startTestServer({ agents: [{ id: "slow", role: "Slow agent", model: slow.model }] });
    let failed = 0;
    const bothFailed = new Promise<void>((resolve) =>
      s.server.orchestrator.on("turn_failed", () => {
        if (++failed === 2) resolve();
      }),
    );
    try {
      for (const [i, stream] of [false, true].entries()) {
        const controller = new AbortController();
        const request = fetch(`${s.url}/v1/chat/completions`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ ...chat("Tell me something."), stream }),
          signal: controller.signal,
        }).catch((e: unknown) => e);
        await slow.untilCalls(i + 1);
        controller.abort();
        await request;
        await slow.untilAborted(i + 1);
        expect(slow.aborted).toBe(i + 1);
      }
      await bothFailed; // the cancelled turns end durably failed, none left pending
      const turns = await s.server.orchestrator.internals.store.listPendingTurns();
      expect(turns).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it("sends no CORS headers by default, and only to configured origins when set", async () => {
    const res = await call("GET", "/v1/models", A, undefined, { origin: "https://evil.example" });
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    const c = await startTestServer({
      apiKeys: [A],
      config: { serve: { corsOrigins: ["https://app.example"] } },
    });
    try {
      const pre = await fetch(`${c.url}/v1/chat/completions`, {
        method: "OPTIONS",
        headers: { origin: "https://app.example" },
      });
      expect(pre.status).toBe(204);
      expect(pre.headers.get("access-control-allow-origin")).toBe("https://app.example");
      const other = await fetch(`${c.url}/v1/models`, {
        headers: { origin: "https://evil.example", authorization: `Bearer ${A}` },
      });
      expect(other.headers.get("access-control-allow-origin")).toBeNull();
    } finally {
      await c.close();
    }
  });

  it("without API keys binds to loopback only and refuses another address", () => {
    expect(bindHost(undefined, false)).toBe("127.0.0.1");
    expect(() => bindHost("0.0.0.0", false)).toThrow(/without an API key/);
    expect(bindHost(undefined, true)).toBe("0.0.0.0");
    expect(testAgents().length).toBeGreaterThan(1);
  });
});
