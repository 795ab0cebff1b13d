/**
 * @module serve/serve-context
 * What the route modules share, passed by name: the orchestrator, the turn service, the history
 * resolver, the request caps and the live feed. Also the per-request fields fastify carries: the
 * authenticated tenant and, once a turn ran, its ids for the request log.
 */
import type { FastifyRequest } from "fastify";
import type { Orchestrator } from "../runtime/orchestrator.js";
import type { HistoryResolver } from "./conversation-resolver.js";
import type { LiveFeed } from "./dashboard/live-feed.js";
import type { RequestCaps } from "./request-schemas.js";
import { LOCAL_TENANT, type Tenant } from "./tenants.js";
import type { TurnService } from "./turn-service.js";

/** Shared by the routes of one server. */
export interface ServeContext {
  rapo: Orchestrator;
  turns: TurnService;
  history: HistoryResolver;
  caps: RequestCaps;
  feed: LiveFeed;
}

/** Ids a request's log line carries once it ran a turn. */
export interface TurnLogIds {
  turnId: string;
  conversationId: string;
  agentId: string;
}

declare module "fastify" {
  interface FastifyRequest {
    /** the authenticated tenant (set by the auth hook). */
    tenant: Tenant;
    /** the turn this request ran, for its log line. */
    turnIds: TurnLogIds | null;
  }
}

/** The request's tenant. */
export function tenantOf(request: FastifyRequest): Tenant {
  return request.tenant ?? LOCAL_TENANT;
}
