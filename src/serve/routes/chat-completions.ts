/**
 * @module serve/routes/chat-completions
 * `POST /v1/chat/completions`, non-streaming and streaming (SSE chunks, then `data: [DONE]`).
 * The request's last message must be the user's; it is the turn rapo runs. Earlier messages only
 * identify the conversation (see conversation-resolver.ts): rapo keeps the history server-side
 * and hands it between agents itself. The reply names the answering agent and any handoff in the
 * `rapo` field and the `x-rapo-*` headers.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { TurnResult } from "../../runtime/types.js";
import type { PrefixMessage } from "../conversation-map.js";
import { explicitConversation, newConversation } from "../conversation-resolver.js";
import { HttpError, toOpenAIError } from "../openai-errors.js";
import { chatCompletionSchema, checkRequestChars, contentText, parseBody } from "../request-schemas.js";
import { type ServeContext, tenantOf } from "../serve-context.js";
import { abortOnDisconnect, sendEventStream, sseData } from "../sse.js";
import { clientConversationId } from "../tenants.js";
import type { RapoExtension, StartedStream } from "../turn-service.js";
import { extensionHeaders, usageOf } from "./reply-fields.js";

/** Registers the route. */
export function chatCompletionsRoute(app: FastifyInstance, ctx: ServeContext): void {
  const schema = chatCompletionSchema(ctx.caps);
  app.post("/v1/chat/completions", async (request, reply) => {
    const body = parseBody(schema, request.body);
    const tenant = tenantOf(request);
    const messages: PrefixMessage[] = body.messages.map((m) => ({
      role: m.role,
      text: contentText(m.content),
    }));
    checkRequestChars(
      messages.map((m) => m.text),
      ctx.caps,
    );
    const last = messages[messages.length - 1]!;
    if (last.role !== "user")
      throw new HttpError(400, "invalid_request", "the last message must have the role 'user'", {
        param: "messages",
      });
    ctx.turns.pinOf(body.model); // an unknown model is refused before anything is created
    const history = messages.slice(0, -1);
    const explicit = explicitConversation(request, tenant, body.metadata);
    const resolved = await ctx.history.resolve(tenant, history, explicit === undefined);
    const conversationId = explicit ?? resolved.conversationId ?? newConversation(tenant);
    const controller = abortOnDisconnect(reply);
    const turn = { tenant, conversationId, content: last.text, model: body.model, signal: controller.signal };
    const remember = (result: TurnResult) => {
      resolved.remember(last.text, result.content, result.conversationId);
      request.turnIds = {
        turnId: result.turnId,
        conversationId: result.conversationId,
        agentId: result.agentId,
      };
    };
    if (body.stream !== true) {
      const result = await ctx.turns.send(turn);
      remember(result);
      const extension = ctx.turns.extension(tenant, result);
      reply.headers(extensionHeaders(extension));
      return completion(result, body.model, extension);
    }
    const stream = await ctx.turns.stream(turn);
    stream.result.then(remember, () => undefined);
    const includeUsage = body.stream_options?.include_usage === true;
    return streamed(reply, request, stream, body.model, includeUsage, ctx, controller, conversationId);
  });
}

function completion(result: TurnResult, model: string, rapo: RapoExtension) {
  return {
    id: `chatcmpl-${result.turnId}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: result.content, refusal: null },
        logprobs: null,
        finish_reason: result.truncated ? "length" : "stop",
      },
    ],
    usage: usageOf(result),
    system_fingerprint: null,
    rapo,
  };
}

function streamed(
  reply: FastifyReply,
  request: FastifyRequest,
  stream: StartedStream,
  model: string,
  includeUsage: boolean,
  ctx: ServeContext,
  controller: AbortController,
  conversationId: string,
): FastifyReply {
  const tenant = tenantOf(request);
  const created = Math.floor(Date.now() / 1000);
  const id = `chatcmpl-${stream.turnId}`;
  const chunk = (delta: object, finish: string | null, extra: object = {}) => ({
    id,
    object: "chat.completion.chunk",
    created,
    model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...(includeUsage ? { usage: null } : {}),
    ...extra,
  });
  async function* frames(): AsyncGenerator<string> {
    let complete = false;
    try {
      yield sseData(chunk({ role: "assistant", content: "" }, null, { rapo: { agent_id: stream.agentId } }));
      for await (const text of stream.textStream) yield sseData(chunk({ content: text }, null));
      const result = await stream.result;
      const extension = ctx.turns.extension(tenant, result);
      yield sseData(chunk({}, result.truncated ? "length" : "stop", { rapo: extension }));
      if (includeUsage)
        yield sseData({
          id,
          object: "chat.completion.chunk",
          created,
          model,
          choices: [],
          usage: usageOf(result),
        });
      yield sseData("[DONE]");
      complete = true;
    } catch (error) {
      // text was already sent: the error travels in-band, as OpenAI's streams do
      yield sseData(toOpenAIError(error).body);
      complete = true;
    } finally {
      if (!complete) controller.abort(new Error("client disconnected"));
    }
  }
  return sendEventStream(reply, frames(), {
    "x-rapo-agent": encodeURIComponent(stream.agentId),
    "x-rapo-conversation": clientConversationId(tenant, conversationId) ?? "",
    "x-rapo-turn": stream.turnId,
    "x-rapo-handoff": String(stream.handoffFrom !== null),
    ...(stream.handoffFrom ? { "x-rapo-handoff-from": encodeURIComponent(stream.handoffFrom) } : {}),
  });
}
