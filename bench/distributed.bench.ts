/**
 * @module bench/distributed
 * `npm run bench:distributed`: what the Redis turn bus costs and gives, with an instant model.
 *  1. Overhead: a turn's round trip through the bus (enqueue → claim → complete → reply seen by
 *     the front), one at a time, on the in-memory twin (embedded) and on Redis over loopback, with
 *     the worker in the same process; the added p50/p99 is the difference.
 *  2. Throughput: turns/s at 100 concurrent conversations with 1, 2 and 4 worker processes.
 *  3. Failover: 2 worker processes, 100 conversations, SIGKILL one; the time from the kill until
 *     every turn it held was answered (visibility timeout 1500 ms).
 * It measures the bus and worker loop, not the orchestrator's full turn (routing, handoffs,
 * learning), which is not yet wired onto the bus. Each throughput phase also reports the CPU of every
 * process (Linux /proc), the CPU time per turn, and the turns served from a redelivery or answered
 * twice. RAPO_BENCH_PARTITION=1 gives each worker its own agents instead of all four (measured at
 * load ~23: no consistent change). Ends with one JSON line.
 *
 * Run: npx tsx bench/distributed.bench.ts [turns for the overhead part]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { RedisTurnBus } from "../src/distributed/redis-turn-bus.js";
import { TurnWorker } from "../src/distributed/turn-worker.js";
import { MemoryWorkerRegistry } from "../src/distributed/worker-registry.js";
import { MemoryTurnBus } from "../src/ports/memory-turn-bus.js";
import type { TurnBus } from "../src/ports/turn-bus.js";
import { connectRedis, type RedisClient } from "../src/store/redis-connection.js";
import { startRedisServer } from "../src/store/redis-server-process.js";

const TURNS = Number(process.argv[2] ?? 2000);
const CHILD = fileURLToPath(new URL("../src/distributed/testing/worker-child.ts", import.meta.url));
const AGENTS = ["a1", "a2", "a3", "a4"];
/** RAPO_BENCH_PARTITION=1: worker i hosts agents k with k mod workers = i (no two workers share a stream). */
const PARTITION = process.env["RAPO_BENCH_PARTITION"] === "1";

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Sequential round trips through `bus` with an in-process worker; latencies in ms. */
async function roundTrips(bus: TurnBus, turns: number): Promise<number[]> {
  const worker = new TurnWorker({
    workerId: "bench",
    agents: AGENTS,
    bus,
    registry: new MemoryWorkerRegistry(),
    handler: async (turn) => `ans:${turn.request.turnId}`,
    visibilityTimeoutMs: 60_000,
    concurrency: 8,
    allAgents: () => AGENTS,
    reroute: () => null,
  });
  await worker.start();
  const out: number[] = [];
  for (let i = 0; i < turns; i++) {
    const turnId = `rt-${randomUUID()}`;
    const started = performance.now();
    await bus.enqueue({
      turnId,
      conversationId: "c",
      agentId: AGENTS[i % 4]!,
      seq: i,
      content: "q",
      enqueuedAt: Date.now(),
      failedOver: [],
    });
    await bus.awaitReply(turnId, { timeoutMs: 10_000 });
    out.push(performance.now() - started);
  }
  await worker.stop();
  return out.slice(Math.floor(turns / 10)).sort((a, b) => a - b);
}

/** CPU time (user + system) of a process so far, ms; Linux `/proc` (0 elsewhere). */
function cpuMsOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  if (pid === process.pid) {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  }
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks (USER_HZ 100)
  } catch {
    return 0;
  }
}

function startWorker(
  url: string,
  prefix: string,
  id: string,
  visibilityMs: number,
  hosted: readonly string[] = AGENTS,
): {
  child: ChildProcess;
  ready: Promise<void>;
  /** completions it printed: all, answered already elsewhere, served from a redelivery. */
  counts: { done: number; again: number; redelivered: number };
} {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      CHILD,
      url,
      prefix,
      id,
      hosted.join(","),
      AGENTS.join(","),
      String(visibilityMs),
      "0",
    ],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const counts = { done: 0, again: 0, redelivered: 0 };
  const ready = new Promise<void>((resolve) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (line === "ready") resolve();
      const done = /^done \S+ (first|again) (\d+)$/.exec(line);
      if (done) {
        counts.done++;
        if (done[1] === "again") counts.again++;
        if (Number(done[2]) > 1) counts.redelivered++;
      }
    });
  });
  return { child, ready, counts };
}

/** 100 conversations sending turns back to back for `ms`; returns turns/s. */
async function load(
  front: RedisTurnBus,
  ms: number,
  onTurn?: (turnId: string, at: number) => void,
  inFlight?: Map<string, number>,
): Promise<number> {
  const until = Date.now() + ms;
  let done = 0;
  await Promise.all(
    Array.from({ length: 100 }, async (_, c) => {
      for (let seq = 0; Date.now() < until; seq++) {
        const turnId = `c${c}-${seq}-${randomUUID().slice(0, 8)}`;
        inFlight?.set(turnId, Date.now());
        await front.enqueue({
          turnId,
          conversationId: `c${c}`,
          agentId: AGENTS[c % 4]!,
          seq,
          content: "q",
          enqueuedAt: Date.now(),
          failedOver: [],
        });
        await front.awaitReply(turnId, { timeoutMs: 30_000 });
        inFlight?.delete(turnId);
        onTurn?.(turnId, Date.now());
        done++;
      }
    }),
  );
  return done / (ms / 1000);
}

async function main(): Promise<void> {
  const server = await startRedisServer();
  const client: RedisClient = await connectRedis(server.url);
  const result: Record<string, unknown> = { turns: TURNS };
  try {
    const embedded = await roundTrips(new MemoryTurnBus(), TURNS);
    const redisBus = new RedisTurnBus(client, { keyPrefix: `b-${randomUUID()}:`, pollMs: 100 });
    const redis = await roundTrips(redisBus, TURNS);
    await redisBus.close();
    const [e50, e99, r50, r99] = [
      quantile(embedded, 0.5),
      quantile(embedded, 0.99),
      quantile(redis, 0.5),
      quantile(redis, 0.99),
    ];
    console.log(`round trip, embedded bus: p50 ${e50.toFixed(3)} ms, p99 ${e99.toFixed(3)} ms`);
    console.log(`round trip, redis bus:    p50 ${r50.toFixed(3)} ms, p99 ${r99.toFixed(3)} ms`);
    console.log(
      `added by redis:           p50 ${(r50 - e50).toFixed(3)} ms, p99 ${(r99 - e99).toFixed(3)} ms`,
    );
    result["embeddedP50Ms"] = e50;
    result["embeddedP99Ms"] = e99;
    result["redisP50Ms"] = r50;
    result["redisP99Ms"] = r99;
    result["addedP50Ms"] = r50 - e50;
    result["addedP99Ms"] = r99 - e99;

    const throughput: Record<string, number> = {};
    const cpu: Record<string, Record<string, unknown>> = {};
    const cores = cpus().length;
    for (const workers of [1, 2, 4]) {
      const prefix = `b-${randomUUID()}:`;
      const children = Array.from({ length: workers }, (_, i) =>
        startWorker(
          server.url,
          prefix,
          `w${i}`,
          1500,
          PARTITION ? AGENTS.filter((_, k) => k % workers === i) : AGENTS,
        ),
      );
      await Promise.all(children.map((c) => c.ready));
      const front = new RedisTurnBus(client, { keyPrefix: prefix, pollMs: 100 });
      await load(front, 1000); // warm-up
      // CPU of each process over the measured 5 s: shows whether the cores are full and which
      // process is the bottleneck (the front is this process, one Node event loop).
      const pids = [process.pid, server.process.pid, ...children.map((c) => c.child.pid)];
      const before = pids.map(cpuMsOf);
      const sum = (k: "done" | "again" | "redelivered") => children.reduce((n, c) => n + c.counts[k], 0);
      const [again0, redelivered0] = [sum("again"), sum("redelivered")];
      const started = performance.now();
      const rate = await load(front, 5000);
      const wall = performance.now() - started;
      const percent = pids.map((pid, i) => ((cpuMsOf(pid) - before[i]!) / wall) * 100);
      const total = percent.reduce((a, b) => a + b, 0);
      throughput[String(workers)] = rate;
      cpu[String(workers)] = {
        frontPercent: Math.round(percent[0]!),
        redisPercent: Math.round(percent[1]!),
        workersPercent: percent.slice(2).map(Math.round),
        totalPercent: Math.round(total),
        cpuMsPerTurn: Math.round(((total / 100) * 1000 * 1000) / rate) / 1000,
        answeredTwice: sum("again") - again0,
        redelivered: sum("redelivered") - redelivered0,
      };
      console.log(
        `throughput, ${workers} worker process(es), 100 conversations: ${rate.toFixed(0)} turns/s; CPU % front ${percent[0]!.toFixed(0)}, redis ${percent[1]!.toFixed(0)}, workers ${percent
          .slice(2)
          .map((x) => x.toFixed(0))
          .join(
            "/",
          )} = ${total.toFixed(0)} % of ${cores * 100} %; ${cpu[String(workers)]!.cpuMsPerTurn} CPU-ms per turn; ${cpu[String(workers)]!.redelivered} served from a redelivery, ${cpu[String(workers)]!.answeredTwice} answered twice (load average ${loadavg()[0]!.toFixed(1)})`,
      );
      await front.close();
      for (const c of children) c.child.kill("SIGKILL");
    }
    result["throughputTurnsPerS"] = throughput;
    result["throughputCpu"] = cpu;

    const prefix = `b-${randomUUID()}:`;
    const pair = [startWorker(server.url, prefix, "w0", 1500), startWorker(server.url, prefix, "w1", 1500)];
    await Promise.all(pair.map((c) => c.ready));
    const front = new RedisTurnBus(client, { keyPrefix: prefix, pollMs: 100 });
    const inFlight = new Map<string, number>();
    const answered = new Map<string, number>();
    let affected: string[] = [];
    let killedAt = 0;
    const running = load(front, 6000, (id, at) => answered.set(id, at), inFlight);
    await new Promise((r) => setTimeout(r, 2000));
    affected = [...inFlight.keys()];
    pair[0]!.child.kill("SIGKILL");
    killedAt = Date.now();
    await running;
    const failover = Math.max(
      0,
      ...affected.map((id) => (answered.get(id) ?? Number.POSITIVE_INFINITY) - killedAt),
    );
    console.log(
      `failover: ${affected.length} turns in flight at the kill, all answered ${failover} ms after it`,
    );
    result["failoverMs"] = failover;
    result["failoverAffected"] = affected.length;
    await front.close();
    pair[1]!.child.kill("SIGKILL");
  } finally {
    client.disconnect();
    await server.stop();
  }
  console.log(JSON.stringify({ bench: "distributed", ...result }));
}

await main();
