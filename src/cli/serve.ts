/**
 * @module cli/serve
 * `rapo serve`: builds the orchestra (the demo's simulated specialists by default, or the agents
 * of a config file), starts the service, prints where it listens, and on SIGTERM or SIGINT drains
 * in-flight requests, persists state and exits.
 */
import type { RapoConfigInput } from "../config/schema.js";
import { castAgents } from "../eval/cast.js";
import type { AgentSpec } from "../runtime/types.js";
import { RapoServer, type RapoServerOptions } from "../serve/server.js";
import { ApiKeys } from "../serve/tenants.js";

/** Options of `rapo serve`. */
export interface ServeCliOptions {
  config?: string;
  port?: number;
  host?: string;
  store?: string;
  seed: number;
}

/** Starts the service; resolves with the server once it listens. */
export async function startServe(
  options: ServeCliOptions,
  out: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RapoServer> {
  const orchestra = await loadOrchestra(options);
  const server = await RapoServer.create({
    ...orchestra,
    store: options.store ? { sqlite: options.store } : "memory",
    apiKeys: ApiKeys.parseList(env["RAPO_API_KEYS"]),
  });
  let address: string;
  try {
    address = await server.listen({
      ...(options.host ? { host: options.host } : {}),
      ...(options.port !== undefined ? { port: options.port } : {}),
    });
  } catch (error) {
    await server.close();
    throw error;
  }
  const agents = server.orchestrator.agents().map((a) => a.id);
  out(`rapo serve: listening on ${address}`);
  out(
    `  agents (${agents.length}): ${agents.join(", ")}; models: rapo, ${agents.map((a) => `rapo/${a}`).join(", ")}`,
  );
  out(
    `  store: ${options.store ? `SQLite ${options.store}` : "memory"}; dashboard: ${address}/dashboard; metrics: ${address}/metrics`,
  );
  out(
    server.keys.enabled
      ? "  API keys required (Authorization: Bearer <key>); each key is a tenant"
      : "  no API key configured (RAPO_API_KEYS): loopback only, no authentication",
  );
  return server;
}

/** Runs until SIGTERM/SIGINT, then drains and resolves. */
export async function runServe(options: ServeCliOptions, out: (line: string) => void): Promise<void> {
  const server = await startServe(options, out);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      out(`rapo serve: ${signal}: draining in-flight requests`);
      server.close().then(resolve, (error) => {
        out(`rapo serve: shutdown error: ${String(error)}`);
        resolve();
      });
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  });
  out("rapo serve: stopped");
}

async function loadOrchestra(options: ServeCliOptions): Promise<Omit<RapoServerOptions, "store">> {
  if (!options.config)
    return { agents: castAgents({ seed: options.seed }) as AgentSpec[], config: {} as RapoConfigInput };
  const { loadConfiguredAgents } = await import("./configured-agents.js");
  return loadConfiguredAgents(options.config);
}
