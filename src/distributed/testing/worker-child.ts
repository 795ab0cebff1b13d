/**
 * @module distributed/testing/worker-child
 * Child process of the worker fault test: a {@link TurnWorker} on Redis whose handler is an
 * instant-ish model (a random 50–250 ms pause, two tokens, answer `ans:<turnId>`). Prints
 * `ready`, then `done <turnId> <first|again> <deliveries>` per completion.
 * Re-routing picks the hosted agent whose number is nearest (agents are named `a<k>`), standing in
 * for capability similarity.
 *
 * Usage: node --import tsx worker-child.ts <url> <prefix> <workerId> <agents,…> <all agents,…> <visibility ms> [max delay ms]
 * (max delay 0 makes the model instant: the bench measures the bus, not the model).
 */
import { connectRedis } from "../../store/redis-connection.js";
import { RedisLoadTracker } from "../redis-load-tracker.js";
import { RedisTurnBus } from "../redis-turn-bus.js";
import { TurnWorker } from "../turn-worker.js";
import { RedisWorkerRegistry } from "../worker-registry.js";

const [url, prefix, workerId, agentsArg, allArg, visibilityArg, delayArg] = process.argv.slice(2);
const maxDelayMs = Number(delayArg ?? 250);
if (
  url === undefined ||
  prefix === undefined ||
  workerId === undefined ||
  agentsArg === undefined ||
  allArg === undefined
) {
  throw new Error("usage: worker-child.ts <url> <prefix> <workerId> <agents> <all agents> <visibility ms>");
}
const say = (line: string) => process.stdout.write(`${line}\n`);
const client = await connectRedis(url);
const all = allArg.split(",");
const number = (agent: string) => Number(agent.slice(1));
const worker = new TurnWorker({
  workerId,
  agents: agentsArg.split(","),
  bus: new RedisTurnBus(client, { keyPrefix: prefix, pollMs: 100 }),
  registry: new RedisWorkerRegistry(client, prefix),
  load: new RedisLoadTracker(client, prefix),
  visibilityTimeoutMs: Number(visibilityArg ?? 1500),
  concurrency: 64,
  allAgents: () => all,
  reroute: (agentId, failedOver, hosted) =>
    [...hosted]
      .filter((a) => !failedOver.includes(a))
      .sort(
        (x, y) =>
          Math.abs(number(x) - number(agentId)) - Math.abs(number(y) - number(agentId)) || x.localeCompare(y),
      )[0] ?? null,
  handler: async (turn, emit) => {
    if (maxDelayMs > 0)
      await new Promise((r) =>
        setTimeout(r, Math.min(50, maxDelayMs) + Math.random() * Math.max(0, maxDelayMs - 50)),
      );
    await emit("ans:");
    await emit(turn.request.turnId);
    return `ans:${turn.request.turnId}`;
  },
  onCompleted: (turn, _reply, first) =>
    say(`done ${turn.request.turnId} ${first ? "first" : "again"} ${turn.deliveries}`),
  onError: (error) =>
    process.stderr.write(`${workerId}: ${error instanceof Error ? error.message : String(error)}\n`),
});
await worker.start();
say("ready");
process.on("SIGTERM", () => {
  void worker.stop().then(() => process.exit(0));
});
