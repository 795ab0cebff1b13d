/**
 * @module models/testing/openai-server
 * A real HTTP server speaking the OpenAI protocol for tests: `POST /v1/chat/completions`
 * (JSON, and SSE streaming with `stream_options.include_usage`), `POST /v1/embeddings`,
 * `GET /v1/models`. Each model request follows the next scripted {@link Behaviour}.
 * Point `createOpenAI` / `createOpenAICompatible` at `server.baseURL`.
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

/** A started OpenAI-protocol server. */
export interface OpenAITestServer extends TestServer {
  /** `<origin>/v1`, the `baseURL` for the AI SDK providers. */
  baseURL: string;
  /** the live script: push behaviours at any time. */
  script: ServerScript;
}

const CREATED = 1_700_000_000;

function usageJson(usage: ScriptedUsage) {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}

function openAIError(
  res: ServerResponse,
  status: number,
  message: string,
  type: string,
  code: string | null,
) {
  sendJson(res, status, { error: { message, type, param: null, code } });
}

/** Answers a non-`reply` behaviour; returns false for `reply`, which the caller handles. */
function failIfScripted(behaviour: Behaviour, res: ServerResponse): boolean {
  switch (behaviour.kind) {
    case "rate-limit": {
      const headers: Record<string, string> =
        behaviour.retryAfter === undefined ? {} : { "retry-after": behaviour.retryAfter };
      sendJson(
        res,
        429,
        {
          error: {
            message: "Rate limit reached",
            type: "requests",
            param: null,
            code: "rate_limit_exceeded",
          },
        },
        headers,
      );
      return true;
    }
    case "error":
      openAIError(
        res,
        behaviour.status ?? 500,
        behaviour.message ?? "internal server error",
        "server_error",
        null,
      );
      return true;
    case "hang":
      return true;
    case "reply":
      return false;
  }
}

function sseFrames(
  model: string,
  text: string,
  usage: ScriptedUsage | null,
  includeUsage: boolean,
): string[] {
  const id = "chatcmpl-test";
  const frame = (payload: unknown) => `data: ${JSON.stringify(payload)}\n\n`;
  const chunk = (delta: unknown, finish: string | null) =>
    frame({
      id,
      object: "chat.completion.chunk",
      created: CREATED,
      model,
      choices: [{ index: 0, delta, finish_reason: finish }],
    });
  const frames = [chunk({ role: "assistant", content: "" }, null)];
  for (const piece of chunksOf(text)) frames.push(chunk({ content: piece }, null));
  frames.push(chunk({}, "stop"));
  if (includeUsage && usage !== null) {
    frames.push(
      frame({
        id,
        object: "chat.completion.chunk",
        created: CREATED,
        model,
        choices: [],
        usage: usageJson(usage),
      }),
    );
  }
  frames.push("data: [DONE]\n\n");
  return frames;
}

async function chatCompletions(request: RecordedRequest, res: ServerResponse, behaviour: Behaviour) {
  if (failIfScripted(behaviour, res) || behaviour.kind !== "reply") return;
  const body = request.body as {
    model: string;
    stream?: boolean;
    stream_options?: { include_usage?: boolean };
  };
  const messages = messagesOf(body);
  const text = replyText(behaviour, messages);
  const usage = replyUsage(behaviour, messages, text);
  if (body.stream === true) {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const frames = sseFrames(body.model, text, usage, body.stream_options?.include_usage === true);
    // +1: the role-only first frame carries no text
    const stallAfter = behaviour.stallAfterChunks === undefined ? undefined : behaviour.stallAfterChunks + 1;
    await writeFrames(res, frames, { delayMs: behaviour.chunkDelayMs, stallAfter });
    return;
  }
  sendJson(res, 200, {
    id: "chatcmpl-test",
    object: "chat.completion",
    created: CREATED,
    model: body.model,
    choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
    ...(usage === null ? {} : { usage: usageJson(usage) }),
  });
}

function embeddings(request: RecordedRequest, res: ServerResponse, behaviour: Behaviour, dim: number) {
  if (failIfScripted(behaviour, res)) return;
  const body = request.body as { model: string; input: string | string[] };
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  let tokens = 0;
  for (const input of inputs) tokens += input.split(/\s+/).filter(Boolean).length;
  sendJson(res, 200, {
    object: "list",
    data: inputs.map((input, index) => ({ object: "embedding", index, embedding: embedText(input, dim) })),
    model: body.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}

function unknownModel(script: ServerScript, request: RecordedRequest, res: ServerResponse): boolean {
  const model = (request.body as { model?: unknown } | undefined)?.model;
  if (script.models === undefined || (typeof model === "string" && script.models.includes(model)))
    return false;
  const message = `The model '${String(model)}' does not exist or you do not have access to it.`;
  openAIError(res, 404, message, "invalid_request_error", "model_not_found");
  return true;
}

/** Starts an OpenAI-protocol server on 127.0.0.1 with a free port. */
export async function startOpenAIServer(script: ServerScript = {}): Promise<OpenAITestServer> {
  const server = await startTestServer(async (request, res) => {
    const route = `${request.method} ${request.path}`;
    if (script.apiKey !== undefined && request.headers.authorization !== `Bearer ${script.apiKey}`) {
      openAIError(res, 401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key");
      return;
    }
    if (route === "GET /v1/models") {
      const data = (script.models ?? []).map((id) => ({
        id,
        object: "model",
        created: CREATED,
        owned_by: "rapo-test",
      }));
      sendJson(res, 200, { object: "list", data });
      return;
    }
    if (route !== "POST /v1/chat/completions" && route !== "POST /v1/embeddings") {
      openAIError(res, 404, `unknown route ${route}`, "invalid_request_error", "unknown_url");
      return;
    }
    if (unknownModel(script, request, res)) return;
    const behaviour = nextBehaviour(script, request);
    request.behaviour = behaviour.kind;
    if (route === "POST /v1/embeddings") embeddings(request, res, behaviour, script.embeddingDim ?? 8);
    else await chatCompletions(request, res, behaviour);
  });
  return { ...server, baseURL: `${server.origin}/v1`, script };
}
