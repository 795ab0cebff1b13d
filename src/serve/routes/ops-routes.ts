/**
 * @module serve/routes/ops-routes
 * Operations: `GET /healthz` (the process answers; no key needed), `GET /readyz` (the
 * orchestrator is open and the server is not draining; no key needed) and `GET /metrics` (the
 * Prometheus text format of the orchestrator's registry, HTTP metrics included).
 */
import type { FastifyInstance } from "fastify";
import type { ServeContext } from "../serve-context.js";

/** Paths served without an API key. */
export const OPEN_PATHS: ReadonlySet<string> = new Set(["/healthz", "/readyz"]);

/** Registers the routes; `state()` says whether the server is ready and whether it is draining. */
export function opsRoutes(
  app: FastifyInstance,
  ctx: ServeContext,
  state: () => { ready: boolean; draining: boolean },
): void {
  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_request, reply) => {
    const { ready, draining } = state();
    const ok = ready && !draining;
    reply.code(ok ? 200 : 503);
    return { status: ok ? "ready" : draining ? "draining" : "starting" };
  });
  app.get("/metrics", async (_request, reply) => {
    const registry = ctx.rapo.metrics.registry;
    reply.header("content-type", registry.contentType);
    return registry.metrics();
  });
}
