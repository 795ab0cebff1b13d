/**
 * @module serve/dashboard/dashboard-routes
 * `GET /dashboard` (the page) and `GET /dashboard/events` (its live data as server-sent events):
 * `hello` with the taxonomy, agents and the tenant's recent turns; `agents` every second (load,
 * in-flight calls, learned capability per task type); `feed` with batches of new turns and
 * consensus rounds. Both need the API key like every other route (a browser sends it as the
 * password of HTTP Basic authentication).
 */
import type { FastifyInstance } from "fastify";
import type { AgentSummary } from "../../runtime/summaries.js";
import { TextChannel } from "../../runtime/text-channel.js";
import { type ServeContext, tenantOf } from "../serve-context.js";
import { sendEventStream, sseEvent } from "../sse.js";
import { DASHBOARD_HTML } from "./dashboard-page.js";

/** How often a page gets the agents' state, in ms. */
const AGENTS_EVERY_MS = 1000;

/** Registers the routes. */
export function dashboardRoutes(app: FastifyInstance, ctx: ServeContext): void {
  app.get("/dashboard", async (_request, reply) => {
    reply.header("content-type", "text/html; charset=utf-8");
    reply.header(
      "content-security-policy",
      "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'",
    );
    return DASHBOARD_HTML;
  });
  app.get("/dashboard/events", async (request, reply) => {
    const tenant = tenantOf(request);
    const channel = new TextChannel();
    const taxonomy = ctx.rapo.internals.taxonomy;
    channel.push(
      sseEvent("hello", {
        tasks: taxonomy.taskTypes.map((t) => t.id),
        agents: agentView(ctx.rapo.agents()),
        ...ctx.feed.snapshot(tenant.id),
      }),
    );
    const timer = setInterval(
      () => channel.push(sseEvent("agents", agentView(ctx.rapo.agents()))),
      AGENTS_EVERY_MS,
    );
    const unsubscribe = ctx.feed.subscribe(
      tenant.id,
      (batch) => channel.push(sseEvent("feed", batch)),
      () => channel.end(),
    );
    async function* frames(): AsyncGenerator<string> {
      try {
        yield* channel;
      } finally {
        clearInterval(timer);
        unsubscribe();
      }
    }
    return sendEventStream(reply, frames());
  });
}

/** What the page draws of each agent (the full matrix stays in `GET /v1/agents`). */
function agentView(agents: AgentSummary[]) {
  return agents.map((a) => ({
    id: a.id,
    role: a.role,
    load: a.load,
    inflight: a.inflight,
    active: a.active,
    turns: a.turns,
    routed: a.routed,
    failures: a.failures,
    latencyMs: a.latencyMs,
    capability: a.capabilityByTask,
  }));
}
