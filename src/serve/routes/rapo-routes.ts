/**
 * @module serve/routes/rapo-routes
 * rapo's own endpoints and the model list: `GET /v1/models` (`rapo`, routed, and `rapo/<agent>`,
 * pinned), `GET /v1/agents`, `POST /v1/feedback`, `GET /v1/conversations/:id`,
 * `POST /v1/conversations/:id/end`. Ids are the tenant's own: another tenant's conversation or
 * turn is a 404, exactly like one that never existed.
 */
import type { FastifyInstance } from "fastify";
import type { TurnRecord } from "../../store/contract.js";
import { HttpError } from "../openai-errors.js";
import { endSchema, feedbackSchema, parseBody } from "../request-schemas.js";
import { type ServeContext, tenantOf } from "../serve-context.js";
import { clientConversationId, internalConversationId, type Tenant } from "../tenants.js";
import { AGENT_MODEL_PREFIX, ROUTED_MODEL } from "../turn-service.js";
import { RESPONSE_ID_PREFIX } from "./responses.js";

/** Seconds since the epoch when this process started (the models' `created`). */
const STARTED = Math.floor(Date.now() / 1000);

/** Registers the routes. */
export function rapoRoutes(app: FastifyInstance, ctx: ServeContext): void {
  app.get("/v1/models", async () => ({
    object: "list",
    data: [
      { id: ROUTED_MODEL, object: "model", created: STARTED, owned_by: "rapo" },
      ...ctx.rapo.agents().map((a) => ({
        id: `${AGENT_MODEL_PREFIX}${a.id}`,
        object: "model",
        created: STARTED,
        owned_by: "rapo",
        rapo: { agent_id: a.id, role: a.role },
      })),
    ],
  }));

  app.get("/v1/agents", async () => ({ object: "list", data: ctx.rapo.agents() }));

  app.post("/v1/feedback", async (request) => {
    const body = parseBody(feedbackSchema, request.body);
    const turnId = stripReplyPrefix(body.turn_id);
    await ownTurn(ctx, tenantOf(request), turnId);
    await ctx.rapo.feedback(turnId, body.outcome);
    return { object: "feedback", turn_id: turnId, outcome: body.outcome, accepted: true };
  });

  app.get<{ Params: { id: string } }>("/v1/conversations/:id", async (request) => {
    const tenant = tenantOf(request);
    const id = internalConversationId(tenant, request.params.id, "id");
    const conversation = await ctx.rapo.conversation(id);
    return {
      object: "conversation",
      id: request.params.id,
      last_agent_id: conversation.lastAgentId,
      facts: conversation.facts,
      turns: conversation.turns.map((t) => turnView(t, request.params.id)),
    };
  });

  app.post<{ Params: { id: string } }>("/v1/conversations/:id/end", async (request) => {
    const tenant = tenantOf(request);
    const body = parseBody(endSchema, request.body ?? null);
    const id = internalConversationId(tenant, request.params.id, "id");
    await ctx.rapo.conversation(id, 0); // 404 for an unknown (or another tenant's) id
    await ctx.rapo.endConversation(id, body?.outcome === undefined ? {} : { outcome: body.outcome });
    return { object: "conversation.ended", id: request.params.id };
  });
}

/** `chatcmpl-<turn>` and `resp_<turn>` name the turn they answered. */
function stripReplyPrefix(id: string): string {
  if (id.startsWith("chatcmpl-")) return id.slice("chatcmpl-".length);
  if (id.startsWith(RESPONSE_ID_PREFIX)) return id.slice(RESPONSE_ID_PREFIX.length);
  return id;
}

/** 404 unless the turn exists and belongs to one of the tenant's conversations. */
async function ownTurn(ctx: ServeContext, tenant: Tenant, turnId: string): Promise<void> {
  const turn = await ctx.rapo.internals.store.getTurn(turnId);
  if (turn && clientConversationId(tenant, turn.conversationId) !== null) return;
  throw new HttpError(404, "unknown_turn", `unknown turn '${turnId}'`, { param: "turn_id" });
}

function turnView(t: TurnRecord, conversationId: string) {
  return {
    id: t.id,
    conversation_id: conversationId,
    seq: t.seq,
    status: t.status,
    user: t.userContent,
    answer: t.answer,
    agent_id: t.agentId,
    task_type: t.taskType,
    modality: t.modality,
    handoff: t.handoff,
    failed_over: t.failedOver,
    error: t.error,
    latency_ms: t.latencyMs,
    outcome: t.outcome,
    created_at: t.createdAt,
  };
}
