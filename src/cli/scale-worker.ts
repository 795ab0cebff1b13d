/**
 * @module cli/scale-worker
 * A worker process of `rapo scale --distributed`: a {@link TurnWorker} on the Redis turn bus that
 * serves the model calls of the scale agents it hosts (agent i lives on worker i mod W), building
 * each agent's simulated model on its first call. All its agents are served from one stream
 * (`scale-w<k>`), so a worker with 5,000 agents still reads one stream. Prints `ready`; SIGUSR2
 * starts its CPU measurement; SIGTERM stops it and prints one JSON line ({@link ScaleWorkerStats}).
 */
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { RedisTurnBus } from "../distributed/redis-turn-bus.js";
import { TurnWorker } from "../distributed/turn-worker.js";
import { RedisWorkerRegistry } from "../distributed/worker-registry.js";
import { connectRedis } from "../store/redis-connection.js";
import { answerCall, scaleAgentModel, workerStream } from "./scale-agents.js";

/** Options of one worker process. */
export interface ScaleWorkerOptions {
  redis: string;
  prefix: string;
  worker: number;
  seed: number;
}

/** What a worker reports when stopped. */
export interface ScaleWorkerStats {
  worker: number;
  rssMB: number;
  heapMB: number;
  /** CPU time since SIGUSR2 (or since ready), ms. */
  cpuMs: number;
  served: number;
  /** agents whose model it built (called at least once). */
  agentsUsed: number;
}

/** Runs the worker until SIGTERM. */
export async function runScaleWorker(
  options: ScaleWorkerOptions,
  say: (line: string) => void,
): Promise<void> {
  const client = await connectRedis(options.redis);
  const bus = new RedisTurnBus(client, { keyPrefix: options.prefix, pollMs: 100 });
  const models = new Map<number, LanguageModelV3>();
  const modelOf = (index: number) => {
    let model = models.get(index);
    if (!model) {
      model = scaleAgentModel(index, options.seed);
      models.set(index, model);
    }
    return model;
  };
  let served = 0;
  const id = `scale-worker-${options.worker}-${process.pid}`;
  const stream = workerStream(options.worker);
  const worker = new TurnWorker({
    workerId: id,
    agents: [stream],
    bus,
    registry: new RedisWorkerRegistry(client, options.prefix),
    handler: async (turn) => {
      served++;
      return answerCall(turn.request.content, modelOf);
    },
    visibilityTimeoutMs: 10_000,
    concurrency: 64,
    allAgents: () => [stream],
    reroute: () => null,
    onError: (error) =>
      process.stderr.write(
        `scale worker ${options.worker}: ${error instanceof Error ? error.message : error}\n`,
      ),
  });
  await worker.start();
  let cpuStart = process.cpuUsage();
  process.on("SIGUSR2", () => {
    cpuStart = process.cpuUsage();
  });
  process.once("SIGTERM", () => {
    void (async () => {
      const cpu = process.cpuUsage(cpuStart);
      await worker.stop();
      await bus.close();
      client.disconnect();
      for (let i = 0; i < 3; i++) globalThis.gc?.();
      const memory = process.memoryUsage();
      const stats: ScaleWorkerStats = {
        worker: options.worker,
        rssMB: Math.round(memory.rss / 2 ** 20),
        heapMB: Math.round(memory.heapUsed / 2 ** 20),
        cpuMs: Math.round((cpu.user + cpu.system) / 1000),
        served,
        agentsUsed: models.size,
      };
      say(JSON.stringify(stats));
      process.exit(0);
    })();
  });
  say("ready");
}
