/**
 * @module cli/worker
 * `rapo worker` (issue 15): one process of a distributed deployment on Redis. It hosts agents of
 * a config file (all, or `--agents`) and serves their turns from the turn bus, campaigns for
 * leadership (the leader runs the learning control loop and publishes the routing table; there is
 * no separate `rapo leader`), and with `--front` also accepts turns over HTTP (the `rapo serve`
 * API) and routes them through the bus.
 */
import { randomUUID } from "node:crypto";
import { InputError } from "../errors.js";
import type { DistributedNodeEvents } from "../runtime/distributed/distributed-node.js";
import { Orchestrator } from "../runtime/orchestrator.js";

/** Options of `rapo worker`. */
export interface WorkerCliOptions {
  redis: string;
  config: string;
  /** comma-separated agent ids to host; every agent of the config when absent. */
  agents?: string;
  front?: boolean;
  port?: number;
  host?: string;
  keyPrefix?: string;
  id?: string;
  /** false with `--no-lead`: never leads. */
  lead?: boolean;
  /** print leadership, fencing, publication and served-turn lines (tests, debugging). */
  events?: boolean;
}

/** Something `runWorker` can stop. */
interface Closable {
  close(): Promise<void>;
}

/** Starts a worker; resolves with what to close once it serves. */
export async function startWorker(options: WorkerCliOptions, out: (line: string) => void): Promise<Closable> {
  if (!options.redis) throw new InputError("missing_option", "rapo worker needs --redis <url>");
  if (!options.config) throw new InputError("missing_option", "rapo worker needs --config <file>");
  const { loadConfiguredAgents } = await import("./configured-agents.js");
  const orchestra = await loadConfiguredAgents(options.config);
  const nodeId = options.id ?? `worker-${randomUUID().slice(0, 8)}`;
  const host: string[] | "all" = options.agents
    ? options.agents
        .split(",")
        .map((a) => a.trim())
        .filter((a) => a !== "")
    : "all";
  const events: DistributedNodeEvents = options.events
    ? {
        onElected: (token) => out(`elected ${token}`),
        onDemoted: (token) => out(`demoted ${token}`),
        onFencedOff: (token) => out(`fenced ${token}`),
        onPublished: (version, applied) => out(`published ${version} ${applied}`),
        onServed: (turnId, agentId, first) => out(`served ${turnId} ${agentId} ${first ? "first" : "again"}`),
        onRerouted: (turnId, from, to, candidates) =>
          out(`rerouted ${turnId} ${from} ${to ?? "-"} ${candidates.join(",")}`),
      }
    : {};
  const common = {
    ...orchestra,
    store: { redis: options.redis, ...(options.keyPrefix ? { keyPrefix: options.keyPrefix } : {}) },
    distributed: { host, lead: options.lead !== false, nodeId, events },
  };
  let closable: Closable;
  let hosted: string[];
  if (options.front) {
    const { RapoServer } = await import("../serve/server.js");
    const { ApiKeys } = await import("../serve/tenants.js");
    const server = await RapoServer.create({
      ...common,
      apiKeys: ApiKeys.parseList(process.env["RAPO_API_KEYS"]),
    });
    const address = await server.listen({
      ...(options.host ? { host: options.host } : {}),
      ...(options.port !== undefined ? { port: options.port } : {}),
    });
    out(`rapo worker ${nodeId}: front listening on ${address}`);
    hosted = host === "all" ? server.orchestrator.agents().map((a) => a.id) : host;
    closable = server;
  } else {
    const orchestrator = await Orchestrator.create(common);
    hosted = host === "all" ? orchestrator.agents().map((a) => a.id) : host;
    closable = orchestrator;
  }
  out(
    `rapo worker ${nodeId}: ready, hosting ${hosted.join(",")}; ${options.lead === false ? "not a leader candidate" : "leader candidate"}`,
  );
  return closable;
}

/** Runs a worker until SIGTERM/SIGINT, then lets its turns in hand finish and stops. */
export async function runWorker(options: WorkerCliOptions, out: (line: string) => void): Promise<void> {
  const worker = await startWorker(options, out);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      out(`rapo worker: ${signal}: finishing turns in hand`);
      worker.close().then(resolve, (error: unknown) => {
        out(`rapo worker: shutdown error: ${String(error)}`);
        resolve();
      });
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  });
  out("rapo worker: stopped");
}
