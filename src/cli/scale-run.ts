/**
 * @module cli/scale-run
 * One size of `rapo scale`, run in its own process (RSS never shrinks, so sizes must not share
 * one): creates an orchestrator with N agents — simulated models built on first use (embedded),
 * or stand-ins whose calls travel over Redis to worker processes (distributed) — and serves
 * synthetic conversations (the `rapo demo` generator) in `concurrency` parallel lanes until
 * `turns` turns were sent. Each answerable turn is checked by the rule verifier and fed back as
 * the outcome (the models never see the answer key); a control-loop tick (learning, consensus,
 * routing-table refresh, checkpoint) runs after each conversation. Prints `serving` when the
 * measured phase starts and then one JSON line ({@link ScaleRunResult}).
 */
import { randomUUID } from "node:crypto";
import { RedisTurnBus } from "../distributed/redis-turn-bus.js";
import { generateDataset } from "../eval/generator/generate.js";
import { verifyTurn } from "../eval/verifier.js";
import { Orchestrator } from "../runtime/orchestrator.js";
import type { AgentSpec } from "../runtime/types.js";
import { connectRedis, type RedisClient } from "../store/redis-connection.js";
import { busModel, lazyModel, scaleAgentModel, scaleAgentSpec } from "./scale-agents.js";

/** Options of one size. */
export interface ScaleRunOptions {
  agents: number;
  turns: number;
  seed: number;
  concurrency: number;
  /** distributed: the Redis URL, key prefix and worker count the parent set up. */
  distributed?: { redis: string; prefix: string; workers: number };
}

/** What one size measured in this process. */
export interface ScaleRunResult {
  agents: number;
  mode: "embedded" | "distributed";
  turns: number;
  conversations: number;
  /** wall time of `Orchestrator.create`, ms. */
  createMs: number;
  /** wall time of the measured phase, ms. */
  serveMs: number;
  /** this process after serving and a full GC. */
  rssMB: number;
  heapMB: number;
  /** CPU time of this process during the measured phase, ms. */
  cpuMs: number;
  turnP50Ms: number;
  turnP95Ms: number;
  /** verified success on answerable turns (a failed turn counts as a failure). */
  success: number;
  failedTurns: number;
  ticks: number;
  tickP50Ms: number;
  tickMaxMs: number;
  /** agents whose model was called at least once (embedded; distributed: see the workers). */
  agentsUsed: number;
}

/** Runs one size and returns its measurements. */
export async function runScaleSize(
  options: ScaleRunOptions,
  say: (line: string) => void,
): Promise<ScaleRunResult> {
  let built = 0;
  let client: RedisClient | null = null;
  let bus: RedisTurnBus | null = null;
  const d = options.distributed;
  if (d) {
    client = await connectRedis(d.redis);
    bus = new RedisTurnBus(client, { keyPrefix: d.prefix, pollMs: 100 });
  }
  const agents: AgentSpec[] = Array.from({ length: options.agents }, (_, i) => {
    const spec = scaleAgentSpec(i);
    const model =
      bus && d
        ? busModel(i, d.workers, bus, () => `t-${randomUUID()}`)
        : lazyModel(spec.id, () => {
            built++;
            return scaleAgentModel(i, options.seed);
          });
    return { ...spec, model };
  });
  const createStarted = performance.now();
  const rapo = await Orchestrator.create({ agents, store: "memory", config: { loop: { autoStart: false } } });
  const createMs = performance.now() - createStarted;
  const dataset = generateDataset({
    conversations: Math.ceil(options.turns / 2) + options.concurrency,
    seed: options.seed,
  });
  const latencies: number[] = [];
  const ticks: number[] = [];
  let sent = 0;
  let correct = 0;
  let required = 0;
  let failed = 0;
  let conversations = 0;
  let next = 0;
  say("serving");
  const cpuStart = process.cpuUsage();
  const serveStart = performance.now();
  const lane = async () => {
    while (sent < options.turns && next < dataset.length) {
      const conversation = dataset[next++]!;
      conversations++;
      const id = await rapo.startConversation();
      for (const turn of conversation.turns) {
        if (sent >= options.turns) break;
        sent++;
        const answerable = turn.expected.result !== null || turn.expected.mustInclude.length > 0;
        if (answerable) required++;
        const started = performance.now();
        try {
          const reply = await rapo.send({ conversationId: id, content: turn.user });
          latencies.push(performance.now() - started);
          if (answerable) {
            const verdict = verifyTurn(turn, reply.content);
            if (verdict.correct) correct++;
            await rapo.feedback(reply.turnId, verdict.correct ? 1 : 0);
          }
        } catch {
          latencies.push(performance.now() - started);
          failed++;
        }
      }
      await rapo.endConversation(id);
      const tickStarted = performance.now();
      await rapo.tick();
      ticks.push(performance.now() - tickStarted);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, lane));
  const serveMs = performance.now() - serveStart;
  const cpu = process.cpuUsage(cpuStart);
  await rapo.close();
  await bus?.close();
  client?.disconnect();
  for (let i = 0; i < 3; i++) globalThis.gc?.();
  const memory = process.memoryUsage();
  latencies.sort((a, b) => a - b);
  ticks.sort((a, b) => a - b);
  return {
    agents: options.agents,
    mode: d ? "distributed" : "embedded",
    turns: sent,
    conversations,
    createMs: round(createMs),
    serveMs: round(serveMs),
    rssMB: round(memory.rss / 2 ** 20),
    heapMB: round(memory.heapUsed / 2 ** 20),
    cpuMs: round((cpu.user + cpu.system) / 1000),
    turnP50Ms: round(quantile(latencies, 0.5)),
    turnP95Ms: round(quantile(latencies, 0.95)),
    success: required === 0 ? 0 : round(correct / required, 3),
    failedTurns: failed,
    ticks: ticks.length,
    tickP50Ms: round(quantile(ticks, 0.5)),
    tickMaxMs: round(ticks.at(-1) ?? 0),
    agentsUsed: built,
  };
}

/** The `q` quantile of ascending `sorted` (0 when empty). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
