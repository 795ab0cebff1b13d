/**
 * @module serve/routes/responses
 * `POST /v1/responses`, the stateful API: a response's id is `resp_<turn id>`, and
 * `previous_response_id` continues that turn's conversation (looked up in the store, so it
 * survives a restart on SQLite). `conversation`, the `X-Rapo-Conversation` header or
 * `metadata.conversation_id` name a conversation explicitly; otherwise a new one starts. Only the
 * last user input item is the turn; `instructions` are accepted and not forwarded (each agent
 * has its own role prompt, and rapo renders the shared components). Streaming sends the
 * Responses event sequence (`response.created` … `response.output_text.delta` …
 * `response.completed`).
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import type { TurnResult } from "../../runtime/types.js";
import { explicitConversation, newConversation } from "../conversation-resolver.js";
import { HttpError, toOpenAIError } from "../openai-errors.js";
import { checkRequestChars, contentText, parseBody, responsesSchema } from "../request-schemas.js";
import { type ServeContext, tenantOf } from "../serve-context.js";
import { abortOnDisconnect, sendEventStream, sseEvent } from "../sse.js";
import { clientConversationId, internalConversationId, type Tenant } from "../tenants.js";
import type { RapoExtension, StartedStream } from "../turn-service.js";
import { extensionHeaders, responseUsageOf } from "./reply-fields.js";

/** Prefix of response ids. */
export const RESPONSE_ID_PREFIX = "resp_";

/** Registers the route. */
export function responsesRoute(app: FastifyInstance, ctx: ServeContext): void {
  const schema = responsesSchema(ctx.caps);
  app.post("/v1/responses", async (request, reply) => {
    const body = parseBody(schema, request.body);
    const tenant = tenantOf(request);
    const items =
      typeof body.input === "string"
        ? [{ role: "user", text: body.input }]
        : body.input.map((i) => ({ role: i.role, text: contentText(i.content) }));
    checkRequestChars([...items.map((i) => i.text), body.instructions ?? ""], ctx.caps);
    const last = items[items.length - 1]!;
    if (last.role !== "user")
      throw new HttpError(400, "invalid_request", "the last input item must have the role 'user'", {
        param: "input",
      });
    ctx.turns.pinOf(body.model);
    const conversationId =
      (body.previous_response_id
        ? await previousConversation(ctx, tenant, body.previous_response_id)
        : undefined) ??
      (body.conversation ? conversationParam(tenant, body.conversation) : undefined) ??
      explicitConversation(request, tenant, body.metadata) ??
      newConversation(tenant);
    const controller = abortOnDisconnect(reply);
    const turn = { tenant, conversationId, content: last.text, model: body.model, signal: controller.signal };
    const echo = {
      model: body.model,
      instructions: body.instructions ?? null,
      previous_response_id: body.previous_response_id ?? null,
      metadata: body.metadata ?? {},
    };
    if (body.stream !== true) {
      const result = await ctx.turns.send(turn);
      request.turnIds = {
        turnId: result.turnId,
        conversationId: result.conversationId,
        agentId: result.agentId,
      };
      const extension = ctx.turns.extension(tenant, result);
      reply.headers(extensionHeaders(extension));
      return responseObject(result.turnId, "completed", echo, result, extension);
    }
    const stream = await ctx.turns.stream(turn);
    return streamed(reply, stream, echo, ctx, tenant, controller);
  });
}

type Echo = {
  model: string;
  instructions: string | null;
  previous_response_id: string | null;
  metadata: Record<string, string>;
};

/** The conversation of a previous response of this tenant; 404 when unknown or another tenant's. */
async function previousConversation(ctx: ServeContext, tenant: Tenant, responseId: string): Promise<string> {
  const turnId = responseId.startsWith(RESPONSE_ID_PREFIX) ? responseId.slice(RESPONSE_ID_PREFIX.length) : "";
  const turn = turnId === "" ? null : await ctx.rapo.internals.store.getTurn(turnId);
  if (turn && clientConversationId(tenant, turn.conversationId) !== null) return turn.conversationId;
  throw new HttpError(404, "previous_response_not_found", `previous response '${responseId}' not found`, {
    param: "previous_response_id",
  });
}

function conversationParam(tenant: Tenant, value: string | { id: string }): string {
  return internalConversationId(tenant, typeof value === "string" ? value : value.id, "conversation");
}

function messageItem(turnId: string, text: string, status: "in_progress" | "completed") {
  return {
    type: "message",
    id: `msg_${turnId}`,
    status,
    role: "assistant",
    content: status === "completed" ? [outputText(text)] : [],
  };
}

function outputText(text: string) {
  return { type: "output_text", text, annotations: [], logprobs: [] };
}

function responseObject(
  turnId: string,
  status: "in_progress" | "completed",
  echo: Echo,
  result: TurnResult | null,
  rapo: RapoExtension | null,
) {
  return {
    id: `${RESPONSE_ID_PREFIX}${turnId}`,
    object: "response",
    created_at: Math.floor(Date.now() / 1000),
    status,
    error: null,
    incomplete_details: null,
    instructions: echo.instructions,
    model: echo.model,
    output: result ? [messageItem(turnId, result.content, "completed")] : [],
    parallel_tool_calls: false,
    previous_response_id: echo.previous_response_id,
    tool_choice: "auto",
    tools: [],
    metadata: echo.metadata,
    usage: result ? responseUsageOf(result) : null,
    ...(rapo ? { rapo } : {}),
  };
}

function streamed(
  reply: FastifyReply,
  stream: StartedStream,
  echo: Echo,
  ctx: ServeContext,
  tenant: Tenant,
  controller: AbortController,
): FastifyReply {
  const turnId = stream.turnId;
  const itemId = `msg_${turnId}`;
  let sequence = 0;
  const event = (type: string, fields: object) =>
    sseEvent(type, { type, sequence_number: sequence++, ...fields });
  const at = { output_index: 0, content_index: 0, item_id: itemId };
  async function* frames(): AsyncGenerator<string> {
    let complete = false;
    try {
      const pending = responseObject(turnId, "in_progress", echo, null, null);
      yield event("response.created", { response: pending });
      yield event("response.in_progress", { response: pending });
      yield event("response.output_item.added", {
        output_index: 0,
        item: messageItem(turnId, "", "in_progress"),
      });
      yield event("response.content_part.added", { ...at, part: outputText("") });
      for await (const delta of stream.textStream)
        yield event("response.output_text.delta", { ...at, delta, logprobs: [] });
      const result = await stream.result;
      yield event("response.output_text.done", { ...at, text: result.content, logprobs: [] });
      yield event("response.content_part.done", { ...at, part: outputText(result.content) });
      yield event("response.output_item.done", {
        output_index: 0,
        item: messageItem(turnId, result.content, "completed"),
      });
      const extension = ctx.turns.extension(tenant, result);
      yield event("response.completed", {
        response: responseObject(turnId, "completed", echo, result, extension),
      });
      complete = true;
    } catch (error) {
      const { error: e } = toOpenAIError(error).body;
      yield event("error", { code: e.code, message: e.message, param: e.param });
      complete = true;
    } finally {
      if (!complete) controller.abort(new Error("client disconnected"));
    }
  }
  return sendEventStream(reply, frames(), {
    "x-rapo-agent": encodeURIComponent(stream.agentId),
    "x-rapo-turn": turnId,
    "x-rapo-handoff": String(stream.handoffFrom !== null),
  });
}
