/**
 * @module cli/inspect-redis
 * `rapo inspect --redis URL`: what a distributed deployment on Redis holds and is doing — store
 * row counts, the leader and its fencing token, live workers and the agents they host, per agent
 * its queue length, in-flight turns, dead letters and load, and the routing-table version.
 */
import { RedisLeaderElection } from "../distributed/redis-leader-election.js";
import { RedisLoadTracker } from "../distributed/redis-load-tracker.js";
import { RedisRoutingSnapshots } from "../distributed/redis-routing-snapshots.js";
import { RedisTurnBus } from "../distributed/redis-turn-bus.js";
import { RedisWorkerRegistry } from "../distributed/worker-registry.js";
import type { StoreStats } from "../store/contract.js";
import { connectRedis } from "../store/redis-connection.js";
import { RedisStore } from "../store/redis-store.js";

/** Options of `rapo inspect --redis`. */
export interface InspectRedisOptions {
  redis: string;
  keyPrefix?: string;
  json: boolean;
}

/** What `rapo inspect --redis` reports. */
export interface RedisView {
  store: StoreStats;
  leader: { holder: string; token: number } | null;
  routingTableVersion: number | null;
  workers: { workerId: string; agents: string[]; lastHeartbeatMsAgo: number }[];
  agents: { agentId: string; queued: number; inFlight: number; deadLetters: number; load: number }[];
}

/** Reads the deployment under `keyPrefix` and prints it. Throws StoreError when Redis is unreachable. */
export async function inspectRedis(
  options: InspectRedisOptions,
  out: (line: string) => void,
): Promise<RedisView> {
  const prefix = options.keyPrefix ?? "rapo:";
  const client = await connectRedis(options.redis);
  try {
    const store = RedisStore.onClient(client, prefix);
    const bus = new RedisTurnBus(client, { keyPrefix: prefix });
    const registry = new RedisWorkerRegistry(client, prefix);
    const now = Date.now();
    const workers = (await registry.live(Number.POSITIVE_INFINITY)).map((w) => ({
      workerId: w.workerId,
      agents: w.agents,
      lastHeartbeatMsAgo: now - w.at,
    }));
    const load = await new RedisLoadTracker(client, prefix).snapshot();
    const agentIds = new Set<string>([...load.keys(), ...workers.flatMap((w) => w.agents)]);
    for (const state of await store.listAgentStates()) agentIds.add(state.agentId);
    const agents = [];
    for (const agentId of [...agentIds].sort()) {
      const stream = bus.keys.agentStream(agentId);
      const exists = (await client.exists(stream)) === 1;
      agents.push({
        agentId,
        queued: exists ? await client.xlen(stream) : 0,
        inFlight: exists ? await bus.inFlight(agentId) : 0,
        deadLetters: await client.xlen(bus.keys.deadLetters(agentId)),
        load: load.get(agentId) ?? 0,
      });
    }
    const routing = await new RedisRoutingSnapshots(client, prefix).latest();
    const view: RedisView = {
      store: await store.stats(),
      leader: await new RedisLeaderElection(client, prefix).current(),
      routingTableVersion: routing?.version ?? null,
      workers,
      agents,
    };
    if (options.json) out(JSON.stringify(view, null, 2));
    else out(renderText(view));
    return view;
  } finally {
    client.disconnect();
  }
}

function renderText(view: RedisView): string {
  const s = view.store;
  const lines = [
    `store: ${s.conversations} conversations, ${s.turns} turns, ${s.agentStates} agent states, ${s.checkpoints} checkpoints, ${s.blobs} blobs`,
    `leader: ${view.leader === null ? "none" : `${view.leader.holder} (fencing token ${view.leader.token})`}`,
    `routing table: ${view.routingTableVersion === null ? "never published" : `version ${view.routingTableVersion}`}`,
    `workers (${view.workers.length}):`,
    ...view.workers.map(
      (w) => `  ${w.workerId}: ${w.agents.join(", ")} (heartbeat ${w.lastHeartbeatMsAgo} ms ago)`,
    ),
    "agents: queued / in flight / dead letters / load",
    ...view.agents.map((a) => `  ${a.agentId}: ${a.queued} / ${a.inFlight} / ${a.deadLetters} / ${a.load}`),
  ];
  return lines.join("\n");
}
