/**
 * @module serve/server
 * `rapo serve` as a library: {@link RapoServer} builds an orchestrator (agents, store, config as
 * for `Orchestrator`, its routing wrapped for per-agent models) and a fastify app around it.
 * Wiring only; each route and concern lives in its own module. Request lifecycle: count and
 * time → refuse while draining (503) → CORS (off unless origins are configured) → API key (401,
 * before the body is read) → per-key rate limit (429 + Retry-After) → body cap (413) and JSON
 * parse → zod validation (400) → handler. Every error leaves through one handler in the OpenAI
 * error shape.
 */
import rateLimit from "@fastify/rate-limit";
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from "fastify";
import { ConfigError } from "../errors.js";
import { adaptiveRouting } from "../routing/router.js";
import { Orchestrator, type OrchestratorOptions } from "../runtime/orchestrator.js";
import { flushLogger, type Logger } from "../telemetry/logger.js";
import { ConversationMap } from "./conversation-map.js";
import { HistoryResolver } from "./conversation-resolver.js";
import { dashboardRoutes } from "./dashboard/dashboard-routes.js";
import { LiveFeed } from "./dashboard/live-feed.js";
import { createHttpMetrics, type HttpMetrics } from "./http-metrics.js";
import { HttpError, toOpenAIError } from "./openai-errors.js";
import { PinnedRouting } from "./pinned-routing.js";
import { createRequestLogger } from "./request-logger.js";
import { requestCaps } from "./request-schemas.js";
import { chatCompletionsRoute } from "./routes/chat-completions.js";
import { OPEN_PATHS, opsRoutes } from "./routes/ops-routes.js";
import { rapoRoutes } from "./routes/rapo-routes.js";
import { responsesRoute } from "./routes/responses.js";
import type { ServeContext } from "./serve-context.js";
import { ApiKeys, LOCAL_TENANT, type Tenant } from "./tenants.js";
import { TurnService } from "./turn-service.js";

/** Options of {@link RapoServer.create}: the orchestrator's, plus the service's own. */
export interface RapoServerOptions extends OrchestratorOptions {
  /** plain API keys (e.g. from `RAPO_API_KEYS`); `config.serve.apiKeyHashes` adds digests. */
  apiKeys?: string[];
  /** the request logger (pino); otherwise `RAPO_LOG_LEVEL` (default info) on stderr, buffered (request-logger.ts). */
  requestLogger?: Logger;
}

/** A running (or ready to listen) rapo service. */
export class RapoServer {
  /** every route registered (method and URL pattern), for tests and docs. */
  readonly routes: { method: string; url: string }[] = [];
  private draining = false;
  private ready = false;
  private closing: Promise<void> | null = null;

  private constructor(
    readonly app: FastifyInstance,
    readonly orchestrator: Orchestrator,
    readonly keys: ApiKeys,
    private readonly feed: LiveFeed,
    private readonly logger: Logger,
    private readonly history: HistoryResolver,
  ) {}

  /** Builds the orchestrator and the app; resolves once the orchestrator is ready. */
  static async create(options: RapoServerOptions): Promise<RapoServer> {
    const { apiKeys, requestLogger, ...orchestratorOptions } = options;
    const pinning = new PinnedRouting(orchestratorOptions.routing ?? adaptiveRouting);
    const rapo = new Orchestrator({ ...orchestratorOptions, routing: pinning });
    const config = rapo.config.serve;
    const keys = new ApiKeys(apiKeys ?? [], config.apiKeyHashes);
    const logger = requestLogger ?? createRequestLogger();
    const feed = new LiveFeed(config.dashboardRecent);
    rapo.on("consensus", (e) =>
      feed.consensusRound({
        at: Date.now(),
        lyapunov: e.lyapunov,
        iterations: e.iterations,
        converged: e.converged,
      }),
    );
    const app: FastifyInstance = Fastify({
      loggerInstance: logger as FastifyBaseLogger,
      logController: new LogController({ disableRequestLogging: true }),
      bodyLimit: config.bodyLimitBytes,
      return503OnClosing: true,
      forceCloseConnections: "idle",
    });
    // a memory store does not outlive the process: digests are persisted only in a durable one,
    // known by the opened store's kind (a spec can be a path, a URL or any StateStore instance)
    const store = () => (rapo.internals.store.kind === "memory" ? null : rapo.internals.store);
    const history = new HistoryResolver(
      new ConversationMap(config.conversationMapSize, {
        store,
        onError: (error, operation) =>
          logger.warn({ err: String(error), operation }, "conversation history mapping not persisted"),
      }),
    );
    const server = new RapoServer(app, rapo, keys, feed, logger, history);
    const ctx: ServeContext = {
      rapo,
      turns: new TurnService(rapo, pinning, feed),
      history,
      caps: requestCaps(rapo.config),
      feed,
    };
    await server.wire(ctx, createHttpMetrics(rapo.metrics.registry, rapo));
    await rapo.ready;
    server.ready = true;
    return server;
  }

  /** Listens on the configured (or given) host and port; resolves with the address URL. */
  async listen(overrides: { host?: string; port?: number } = {}): Promise<string> {
    const config = this.orchestrator.config.serve;
    const host = bindHost(overrides.host ?? config.host, this.keys.enabled);
    const address = await this.app.listen({ host, port: overrides.port ?? config.port });
    if (!this.keys.enabled)
      this.logger.warn(
        { host },
        "no API key configured (RAPO_API_KEYS or serve.apiKeyHashes): serving on loopback only, without authentication",
      );
    return address;
  }

  /**
   * Drains and stops: `/readyz` turns 503 and new requests get 503, in-flight requests may finish
   * for `serve.drainTimeoutMs`, then their model calls are aborted; the orchestrator is closed
   * (state persisted) last.
   */
  close(): Promise<void> {
    this.closing ??= this.drain();
    return this.closing;
  }

  private async drain(): Promise<void> {
    this.draining = true;
    this.feed.stop(); // dashboard streams never end on their own
    const timer = setTimeout(
      () => void this.orchestrator.close(),
      this.orchestrator.config.serve.drainTimeoutMs,
    );
    try {
      await this.app.close();
    } finally {
      clearTimeout(timer);
      await this.history.flush();
      await this.orchestrator.close();
      flushLogger(this.logger);
    }
  }

  private async wire(ctx: ServeContext, metrics: HttpMetrics): Promise<void> {
    const app = this.app;
    const config = this.orchestrator.config.serve;
    app.addHook("onRoute", (route) => {
      for (const method of [route.method].flat())
        if (method !== "HEAD") this.routes.push({ method, url: route.url });
    });
    app.decorateRequest("tenant", null as unknown as Tenant); // set first thing by the hook below
    app.decorateRequest("turnIds", null);
    // hooks are callback-style, not async: no promise per hook per request
    app.addHook("onRequest", (request, reply, done) => {
      metrics.inflight.inc();
      request.tenant = LOCAL_TENANT;
      if (this.draining)
        return done(new HttpError(503, "server_shutting_down", "the server is shutting down"));
      // a preflight carries no key: answered here for an allowed origin
      if (config.corsOrigins.length > 0 && cors(request, reply, config.corsOrigins)) return;
      if (!OPEN_PATHS.has(pathOf(request)))
        try {
          request.tenant = this.keys.authenticate(request.headers.authorization);
        } catch (error) {
          return done(error as Error);
        }
      done();
    });
    // a keep-alive connection answered while draining would hold close() open: end it with the reply
    app.addHook("onSend", (_request, reply, payload, done) => {
      if (this.draining) reply.header("connection", "close");
      done(null, payload);
    });
    app.addHook("onResponse", (request, reply, done) => {
      metrics.inflight.dec();
      const route = request.routeOptions.url ?? "unmatched";
      metrics.observe(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
      logRequest(request, reply, route);
      done();
    });
    app.setErrorHandler(async (error, request, reply) => {
      const { status, body, headers } = toOpenAIError(error);
      if (status === 429) metrics.rateLimited.inc();
      if (status >= 500 && status !== 503) request.log.error({ err: error }, "request failed");
      return reply.code(status).headers(headers).send(body);
    });
    app.setNotFoundHandler(async (request, reply) =>
      reply
        .code(404)
        .send(
          toOpenAIError(new HttpError(404, "not_found", `no route ${request.method} ${pathOf(request)}`))
            .body,
        ),
    );
    await app.register(rateLimit, {
      global: true,
      max: config.rateLimit.max,
      timeWindow: config.rateLimit.windowMs,
      keyGenerator: (request) => request.tenant.id,
      allowList: (request) => OPEN_PATHS.has(pathOf(request)),
      errorResponseBuilder: (_request, context) =>
        new HttpError(
          context.statusCode,
          "rate_limit_exceeded",
          `rate limit of ${context.max} requests per ${config.rateLimit.windowMs} ms exceeded: retry in ${context.after}`,
        ),
    });
    opsRoutes(app, ctx, () => ({ ready: this.ready, draining: this.draining }));
    chatCompletionsRoute(app, ctx);
    responsesRoute(app, ctx);
    rapoRoutes(app, ctx);
    dashboardRoutes(app, ctx);
  }
}

/** The host to bind: a non-loopback address needs API keys. */
export function bindHost(requested: string | undefined, keys: boolean): string {
  if (keys) return requested ?? "0.0.0.0";
  const host = requested ?? "127.0.0.1";
  if (!isLoopback(host))
    throw new ConfigError(
      `refusing to serve on '${host}' without an API key: set RAPO_API_KEYS (comma-separated) or serve.apiKeyHashes, or bind to 127.0.0.1`,
      { field: "serve.host", value: host },
    );
  return host;
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function pathOf(request: FastifyRequest): string {
  const q = request.url.indexOf("?");
  return q < 0 ? request.url : request.url.slice(0, q);
}

/** Adds CORS headers for an allowed origin; true when it answered a preflight. */
function cors(request: FastifyRequest, reply: FastifyReply, origins: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (origin === undefined || !origins.includes(origin)) return false;
  reply.header("access-control-allow-origin", origin);
  reply.header("vary", "origin");
  reply.header("access-control-allow-headers", "authorization, content-type, x-rapo-conversation");
  reply.header(
    "access-control-expose-headers",
    "x-rapo-agent, x-rapo-handoff, x-rapo-conversation, x-rapo-turn",
  );
  if (request.method !== "OPTIONS") return false;
  reply.header("access-control-allow-methods", "GET, POST");
  reply.code(204).send();
  return true;
}

function logRequest(request: FastifyRequest, reply: FastifyReply, route: string): void {
  if (!(request.log as Logger).isLevelEnabled("info")) return;
  const turn = request.turnIds;
  const line: Record<string, unknown> = {
    method: request.method,
    route,
    status: reply.statusCode,
    ms: Math.round(reply.elapsedTime * 10) / 10,
    tenant: request.tenant.id,
  };
  if (turn) {
    line["turnId"] = turn.turnId;
    line["conversationId"] = turn.conversationId;
    line["agent"] = turn.agentId;
  }
  request.log.info(line, "request");
}
