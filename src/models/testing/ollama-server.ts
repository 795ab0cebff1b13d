/**
 * @module models/testing/ollama-server
 * A real HTTP server speaking the Ollama protocol as `ollama-ai-provider-v2` uses it:
 * `POST /api/chat` (JSON, or NDJSON when `stream: true`), `POST /api/embed`, `GET /api/tags`.
 * Errors use Ollama's own body, `{ "error": "..." }` (a plain string). Point
 * `createOllama({ baseURL })` at `server.baseURL`.
 */
import type { ServerResponse } from "node:http";
import { sendJson, startTestServer, type TestServer, writeFrames } from "./http-harness.js";
import {
  type Behaviour,
  chunksOf,
  embedText,
  messagesOf,
  nextBehaviour,
  type RecordedRequest,
  replyText,
  replyUsage,
  type ScriptedUsage,
  type ServerScript,
} from "./script.js";

/** A started Ollama-protocol server. */
export interface OllamaTestServer extends TestServer {
  /** `<origin>/api`, the `baseURL` for `createOllama`. */
  baseURL: string;
  /** the live script: push behaviours at any time. */
  script: ServerScript;
}

const CREATED_AT = "2024-01-01T00:00:00.000000Z";

function failIfScripted(behaviour: Behaviour, res: ServerResponse): boolean {
  switch (behaviour.kind) {
    case "rate-limit": {
      const headers: Record<string, string> =
        behaviour.retryAfter === undefined ? {} : { "retry-after": behaviour.retryAfter };
      sendJson(res, 429, { error: "server busy, please try again" }, headers);
      return true;
    }
    case "error":
      sendJson(res, behaviour.status ?? 500, { error: behaviour.message ?? "internal server error" });
      return true;
    case "hang":
      return true;
    case "reply":
      return false;
  }
}

function doneFields(usage: ScriptedUsage | null) {
  const timings = { total_duration: 1_000_000, load_duration: 1000 };
  if (usage === null) return timings;
  return {
    ...timings,
    prompt_eval_count: usage.inputTokens,
    prompt_eval_duration: 1000,
    eval_count: usage.outputTokens,
    eval_duration: 1000,
  };
}

async function chat(request: RecordedRequest, res: ServerResponse, behaviour: Behaviour) {
  if (failIfScripted(behaviour, res) || behaviour.kind !== "reply") return;
  const body = request.body as { model: string; stream?: boolean };
  const messages = messagesOf(body);
  const text = replyText(behaviour, messages);
  const usage = replyUsage(behaviour, messages, text);
  const base = { model: body.model, created_at: CREATED_AT };
  // Ollama streams unless told otherwise
  if (body.stream !== false) {
    res.writeHead(200, { "content-type": "application/x-ndjson" });
    const lines = chunksOf(text).map(
      (piece) =>
        `${JSON.stringify({ ...base, message: { role: "assistant", content: piece }, done: false })}\n`,
    );
    const done = { ...base, message: { role: "assistant", content: "" }, done: true, done_reason: "stop" };
    lines.push(`${JSON.stringify({ ...done, ...doneFields(usage) })}\n`);
    await writeFrames(res, lines, {
      delayMs: behaviour.chunkDelayMs,
      stallAfter: behaviour.stallAfterChunks,
    });
    return;
  }
  sendJson(res, 200, {
    ...base,
    message: { role: "assistant", content: text },
    done: true,
    done_reason: "stop",
    ...doneFields(usage),
  });
}

function embed(request: RecordedRequest, res: ServerResponse, behaviour: Behaviour, dim: number) {
  if (failIfScripted(behaviour, res)) return;
  const body = request.body as { model: string; input: string | string[] };
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  let tokens = 0;
  for (const input of inputs) tokens += input.split(/\s+/).filter(Boolean).length;
  sendJson(res, 200, {
    model: body.model,
    embeddings: inputs.map((input) => embedText(input, dim)),
    total_duration: 1_000_000,
    load_duration: 1000,
    prompt_eval_count: tokens,
  });
}

function tags(script: ServerScript) {
  return {
    models: (script.models ?? []).map((name) => ({
      name,
      model: name,
      modified_at: CREATED_AT,
      size: 1,
      digest: "0".repeat(64),
      details: { format: "gguf", family: "test", parameter_size: "1M", quantization_level: "Q8_0" },
    })),
  };
}

function unknownModel(script: ServerScript, request: RecordedRequest, res: ServerResponse): boolean {
  const model = (request.body as { model?: unknown } | undefined)?.model;
  if (script.models === undefined) return false;
  // like Ollama: a name without a tag means ":latest"
  const tagged = typeof model === "string" && !model.includes(":") ? `${model}:latest` : model;
  if (
    typeof model === "string" &&
    (script.models.includes(model) || script.models.includes(String(tagged)))
  ) {
    return false;
  }
  sendJson(res, 404, { error: `model "${String(model)}" not found, try pulling it first` });
  return true;
}

/** Starts an Ollama-protocol server on 127.0.0.1 with a free port. */
export async function startOllamaServer(script: ServerScript = {}): Promise<OllamaTestServer> {
  const server = await startTestServer(async (request, res) => {
    const route = `${request.method} ${request.path}`;
    if (route === "GET /api/tags") {
      sendJson(res, 200, tags(script));
      return;
    }
    if (route !== "POST /api/chat" && route !== "POST /api/embed") {
      sendJson(res, 404, { error: `unknown route ${route}` });
      return;
    }
    if (unknownModel(script, request, res)) return;
    const behaviour = nextBehaviour(script, request);
    request.behaviour = behaviour.kind;
    if (route === "POST /api/embed") embed(request, res, behaviour, script.embeddingDim ?? 8);
    else await chat(request, res, behaviour);
  });
  return { ...server, baseURL: `${server.origin}/api`, script };
}
