/**
 * @module serve/testing/serve-fixture
 * A real rapo service on a free loopback port for tests: the demo's simulated specialists (no
 * faults, so tests are deterministic) or given agents, silent request logs, and a `close()`.
 */
import type { RapoConfigInput } from "../../config/schema.js";
import { castAgents } from "../../eval/cast.js";
import type { AgentSpec } from "../../runtime/types.js";
import type { StoreSpec } from "../../store/open-store.js";
import { createLogger } from "../../telemetry/logger.js";
import { RapoServer } from "../server.js";

/** A started test server. */
export interface TestServer {
  server: RapoServer;
  /** base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  close(): Promise<void>;
}

/** Options of {@link startTestServer}. */
export interface TestServerOptions {
  apiKeys?: string[];
  config?: RapoConfigInput;
  agents?: AgentSpec[];
  store?: StoreSpec;
}

/** The default agents of tests: the demo cast without random faults. */
export function testAgents(seed = 7): AgentSpec[] {
  return castAgents({ seed, errorRate: 0 }) as AgentSpec[];
}

/** Starts a server on 127.0.0.1 and a free port. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const server = await RapoServer.create({
    agents: options.agents ?? testAgents(),
    store: options.store ?? "memory",
    config: options.config ?? {},
    apiKeys: options.apiKeys ?? [],
    requestLogger: createLogger("silent"),
  });
  const url = await server.listen({ host: "127.0.0.1", port: 0 });
  return { server, url, close: () => server.close() };
}
