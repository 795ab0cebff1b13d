/**
 * @module bench/distributed
 * `npm run bench:distributed`: what distributed mode costs and gives — rapo's full turn on the
 * Redis turn bus, with simulated agents whose model is instant (`timeScale: 0`).
 *  1. Overhead: `Orchestrator.send()`, one turn at a time, embedded (memory store), embedded on the
 *     Redis store (no bus), and distributed (a front in this process, one `rapo worker` process);
 *     the p50/p99 added by Redis is distributed minus embedded.
 *  2. Throughput: a front `Orchestrator` (this process) driving `send()` for 100 concurrent
 *     conversations (20 turns each, then a new one), served by 1, 2 and 4 `rapo worker` processes
 *     (`bin/rapo.js worker`, the CLI's code path) hosting all four agents. Each phase reports the
 *     CPU of every process (Linux /proc), the CPU time per turn and the Redis commands per turn.
 *  3. Failover: 200 conversations on 3 `rapo worker` processes hosting capability twins (as in
 *     `worker-kill.int.test.ts`), simulated endpoints with 150–300 ms latency serving 4 calls at once
 *     (the simulated default) and 16; SIGKILL one worker with turns in flight; the time from the kill
 *     until every turn routed to its agents and unanswered at the kill was answered (target 5 s).
 *  4. Bus only (the previous benchmark): a bus round trip with an in-process `TurnWorker` and an
 *     instant handler, and bus throughput with 1, 2, 4 bare worker processes.
 * The instant deployment runs with `learning.enabled: false` (the leader's background training is a
 * fixed cost per control tick, measured by bench:consensus, as bench:routing does).
 * Every figure line carries the 1-minute load average (the machine may be shared). Ends with one
 * JSON line. RAPO_BENCH_SECTIONS=overhead,throughput,failover,bus picks sections (default all).
 *
 * Run: npx tsx bench/distributed.bench.ts [turns for the overhead part]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { loadConfiguredAgents } from "../src/cli/configured-agents.js";
import { RedisTurnBus } from "../src/distributed/redis-turn-bus.js";
import { TurnWorker } from "../src/distributed/turn-worker.js";
import { MemoryWorkerRegistry } from "../src/distributed/worker-registry.js";
import { MemoryTurnBus } from "../src/ports/memory-turn-bus.js";
import type { TurnBus } from "../src/ports/turn-bus.js";
import {
  TWIN_AGENTS,
  TWIN_HOSTS,
  writeDeploymentConfig,
} from "../src/runtime/distributed/testing/worker-process.js";
import { Orchestrator } from "../src/runtime/orchestrator.js";
import { connectRedis, type RedisClient } from "../src/store/redis-connection.js";
import { type RedisServerHandle, startRedisServer } from "../src/store/redis-server-process.js";

const TURNS = Number(process.argv[2] ?? 1000);
const SECTIONS = new Set(
  (process.env["RAPO_BENCH_SECTIONS"] ?? "overhead,throughput,failover,bus").split(",").map((s) => s.trim()),
);
const BIN = fileURLToPath(new URL("../bin/rapo.js", import.meta.url));
const BUS_CHILD = fileURLToPath(new URL("../src/distributed/testing/worker-child.ts", import.meta.url));
const AGENTS = ["a1", "a2", "a3", "a4"];
const ASKS = [
  (n: number) => `Write a python function that returns the ${n}th fibonacci number.`,
  (n: number) => `Compute the integral of x^${n} from 0 to 3.`,
  (n: number) => `Write a short poem about the number ${n} and the sea.`,
  (n: number) => `The stock of Lyon-Depot is ${n} units. What is the stock of Lyon-Depot?`,
];

const load1 = () => `load average ${loadavg()[0]!.toFixed(1)}`;
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

/** A `rapo worker` child process (the CLI's code path); `served` lines when `events`. */
interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  /** completions it printed: all, and those answered already elsewhere (with `events`). */
  counts: { served: number; again: number };
  /** when this worker re-routed each turn of a dead worker (with `events`). */
  reroutedAt: Map<string, number>;
}

function startRapoWorker(
  redis: string,
  keyPrefix: string,
  config: string,
  id: string,
  agents: readonly string[],
  events = false,
): Worker {
  const args = [BIN, "worker", "--redis", redis, "--config", config, "--key-prefix", keyPrefix, "--id", id];
  args.push("--agents", agents.join(","));
  if (events) args.push("--events");
  const extra = process.env["RAPO_BENCH_WORKER_NODE_OPTIONS"];
  const child = spawn(process.execPath, [...(extra ? extra.split(" ") : []), ...args], {
    env: { ...process.env, RAPO_LOG_LEVEL: "error" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const counts = { served: 0, again: 0 };
  const reroutedAt = new Map<string, number>();
  const ready = new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`worker ${id} exited with ${code}`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (/ready, hosting/.test(line)) resolve();
      if (line.startsWith("served ")) {
        counts.served++;
        if (line.endsWith(" again")) counts.again++;
      }
      if (line.startsWith("rerouted ")) reroutedAt.set(line.split(" ")[1]!, Date.now());
    });
  });
  ready.catch(() => undefined);
  return { child, ready, counts, reroutedAt };
}

/** Redis commands executed so far, by command (`INFO commandstats`). */
async function commandStats(client: RedisClient): Promise<Map<string, number>> {
  const info = (await client.call("INFO", "commandstats")) as string;
  const out = new Map<string, number>();
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) out.set(m[1]!, Number(m[2]));
  return out;
}

function commandsPerTurn(before: Map<string, number>, after: Map<string, number>, turns: number) {
  const per: Record<string, number> = {};
  let total = 0;
  for (const [cmd, n] of after) {
    const d = n - (before.get(cmd) ?? 0);
    if (d <= 0 || cmd === "info") continue;
    per[cmd] = Math.round((d / turns) * 100) / 100;
    total += d;
  }
  return { total: Math.round((total / turns) * 100) / 100, per };
}

const top = (per: Record<string, number>) =>
  Object.entries(per)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");

/** `turns` sequential `send()`s (conversations of 20 turns); latencies in ms, warm-up dropped. */
async function sequentialTurns(rapo: Orchestrator, turns: number): Promise<number[]> {
  const out: number[] = [];
  let conversationId = "";
  for (let i = 0; i < turns; i++) {
    if (i % 20 === 0) conversationId = await rapo.startConversation();
    const started = performance.now();
    await rapo.send({ conversationId, content: ASKS[i % ASKS.length]!(i) });
    out.push(performance.now() - started);
  }
  return out.slice(Math.floor(turns / 5)).sort((a, b) => a - b);
}

/** Section 1: one turn at a time, embedded vs distributed. */
async function overhead(server: RedisServerHandle, config: string, result: Record<string, unknown>) {
  const orchestra = await loadConfiguredAgents(config);
  const embedded = await Orchestrator.create({ ...orchestra, store: "memory" });
  const e = await sequentialTurns(embedded, TURNS);
  await embedded.close();
  const storeOnly = await Orchestrator.create({
    ...orchestra,
    store: { redis: server.url, keyPrefix: `o-${randomUUID()}:` },
  });
  const s = await sequentialTurns(storeOnly, TURNS);
  await storeOnly.close();
  const keyPrefix = `o-${randomUUID()}:`;
  const worker = startRapoWorker(server.url, keyPrefix, config, "w0", AGENTS);
  await worker.ready;
  const front = await Orchestrator.create({
    ...orchestra,
    store: { redis: server.url, keyPrefix },
    distributed: { nodeId: "front" },
  });
  const d = await sequentialTurns(front, TURNS);
  await front.close();
  worker.child.kill("SIGKILL");
  const row = (name: string, xs: number[]) =>
    console.log(
      `full turn, ${name}: p50 ${quantile(xs, 0.5).toFixed(3)} ms, p99 ${quantile(xs, 0.99).toFixed(3)} ms (${load1()})`,
    );
  row("embedded, memory store          ", e);
  row("embedded, redis store (no bus)  ", s);
  row("distributed, 1 worker process   ", d);
  const [e50, e99, d50, d99] = [quantile(e, 0.5), quantile(e, 0.99), quantile(d, 0.5), quantile(d, 0.99)];
  console.log(
    `added by redis (distributed − embedded): p50 ${(d50 - e50).toFixed(3)} ms, p99 ${(d99 - e99).toFixed(3)} ms (${load1()})`,
  );
  Object.assign(result, {
    turns: TURNS,
    embeddedP50Ms: e50,
    embeddedP99Ms: e99,
    redisStoreP50Ms: quantile(s, 0.5),
    redisStoreP99Ms: quantile(s, 0.99),
    distributedP50Ms: d50,
    distributedP99Ms: d99,
    addedP50Ms: d50 - e50,
    addedP99Ms: d99 - e99,
    overheadLoad: loadavg()[0],
  });
}

/** 100 conversations sending turns back to back through `rapo` for `ms`; returns turns answered. */
async function drive(rapo: Orchestrator, ms: number, conversations = 100): Promise<number> {
  const until = Date.now() + ms;
  let done = 0;
  await Promise.all(
    Array.from({ length: conversations }, async (_, c) => {
      let conversationId = "";
      for (let k = 0; Date.now() < until; k++) {
        if (k % 20 === 0) conversationId = await rapo.startConversation();
        await rapo.send({ conversationId, content: ASKS[c % ASKS.length]!(k) });
        done++;
      }
    }),
  );
  return done;
}

/** Section 2: turns/s at 100 concurrent conversations with 1, 2 and 4 worker processes. */
async function throughput(
  server: RedisServerHandle,
  client: RedisClient,
  config: string,
  result: Record<string, unknown>,
) {
  const orchestra = await loadConfiguredAgents(config);
  const rates: Record<string, number> = {};
  const cpu: Record<string, Record<string, unknown>> = {};
  const cores = cpus().length;
  for (const workers of [1, 2, 4]) {
    const keyPrefix = `t-${randomUUID()}:`;
    const children = Array.from({ length: workers }, (_, i) =>
      startRapoWorker(server.url, keyPrefix, config, `w${i}`, AGENTS),
    );
    await Promise.all(children.map((c) => c.ready));
    const front = await Orchestrator.create({
      ...orchestra,
      store: { redis: server.url, keyPrefix },
      distributed: { nodeId: "front" },
    });
    await drive(front, 1500); // warm-up (JIT, groups, leader elected)
    const pids = [process.pid, server.process.pid, ...children.map((c) => c.child.pid)];
    const before = pids.map(cpuMsOf);
    const stats0 = await commandStats(client);
    const started = performance.now();
    const turns = await drive(front, 5000);
    const wall = performance.now() - started;
    const percent = pids.map((pid, i) => ((cpuMsOf(pid) - before[i]!) / wall) * 100);
    const commands = commandsPerTurn(stats0, await commandStats(client), turns);
    const total = percent.reduce((a, b) => a + b, 0);
    const rate = turns / (wall / 1000);
    rates[String(workers)] = Math.round(rate);
    cpu[String(workers)] = {
      frontPercent: Math.round(percent[0]!),
      redisPercent: Math.round(percent[1]!),
      workersPercent: percent.slice(2).map(Math.round),
      totalPercent: Math.round(total),
      cpuMsPerTurn: Math.round(((total / 100) * wall * 1000) / turns) / 1000,
      redisCommandsPerTurn: commands.total,
      load: loadavg()[0],
    };
    console.log(
      `throughput, full turn, ${workers} worker process(es), 100 conversations: ${rate.toFixed(0)} turns/s; CPU % front ${percent[0]!.toFixed(0)}, redis ${percent[1]!.toFixed(0)}, workers ${percent
        .slice(2)
        .map((x) => x.toFixed(0))
        .join(
          "/",
        )} = ${total.toFixed(0)} % of ${cores * 100} %; ${cpu[String(workers)]!["cpuMsPerTurn"]} CPU-ms per turn; ${commands.total} redis commands per turn (${top(commands.per)}) (${load1()})`,
    );
    await front.close();
    for (const c of children) c.child.kill("SIGKILL");
    await sleep(300);
  }
  result["throughputTurnsPerS"] = rates;
  result["throughputCpu"] = cpu;
}

/** Section 3: SIGKILL a worker with turns in flight; time until every affected turn is answered. */
async function failover(server: RedisServerHandle, config: string, capacity: number) {
  const keyPrefix = `f-${randomUUID()}:`;
  const workers: Record<string, Worker> = {};
  for (const [id, agents] of Object.entries(TWIN_HOSTS))
    workers[id] = startRapoWorker(server.url, keyPrefix, config, id, agents, true);
  await Promise.all(Object.values(workers).map((w) => w.ready));
  const front = await Orchestrator.create({
    ...(await loadConfiguredAgents(config)),
    store: { redis: server.url, keyPrefix },
    distributed: { nodeId: "front" },
  });
  const routed = new Map<string, string>();
  const answeredAt = new Map<string, number>();
  const failedOver = new Set<string>();
  front.on("routed", (e) => routed.set(e.turnId, e.agentId));
  let stop = false;
  let errors = 0;
  const running = Promise.all(
    Array.from({ length: 200 }, async (_, c) => {
      const conversationId = await front.startConversation();
      for (let k = 0; !stop; k++) {
        try {
          const r = await front.send({ conversationId, content: ASKS[c % 3]!(c * 7 + k) });
          answeredAt.set(r.turnId, Date.now());
          if (r.failedOver.length > 0) failedOver.add(r.turnId);
        } catch {
          errors++;
        }
      }
    }),
  );
  await sleep(3000);
  const dead = TWIN_HOSTS["w2"]!;
  workers["w2"]!.child.kill("SIGKILL");
  const killedAt = Date.now();
  const affected = [...routed]
    .filter(([id, agent]) => dead.includes(agent) && !answeredAt.has(id))
    .map(([id]) => id);
  const giveUp = killedAt + 30_000;
  while (affected.some((id) => !answeredAt.has(id)) && Date.now() < giveUp) await sleep(20);
  stop = true;
  await running;
  const times = affected
    .map((id) => (answeredAt.get(id) ?? Number.POSITIVE_INFINITY) - killedAt)
    .sort((a, b) => a - b);
  const again = Object.values(workers).reduce((n, w) => n + w.counts.again, 0);
  const worst = times.at(-1) ?? 0;
  // where the time went: the kill → the re-route (detection: heartbeat, visibility timeout, reaper
  // cadence), the re-route → the answer (service on the substitute, behind its own queue)
  const rerouted = new Map<string, number>();
  for (const w of Object.values(workers)) for (const [id, at] of w.reroutedAt) rerouted.set(id, at);
  const detect = affected.flatMap((id) => (rerouted.has(id) ? [rerouted.get(id)! - killedAt] : []));
  const serve = affected.flatMap((id) =>
    rerouted.has(id) && answeredAt.has(id) ? [answeredAt.get(id)! - rerouted.get(id)!] : [],
  );
  detect.sort((a, b) => a - b);
  serve.sort((a, b) => a - b);
  console.log(
    `failover, endpoints serving ${capacity} calls at once: ${affected.length} turns in flight on the killed worker, ${affected.filter((id) => failedOver.has(id)).length} re-routed; answered p50 ${quantile(times, 0.5)} ms, all ${worst} ms after the kill (target 5000 ms); kill → re-route p50 ${quantile(detect, 0.5)} / max ${detect.at(-1)} ms, re-route → answer p50 ${quantile(serve, 0.5)} / max ${serve.at(-1)} ms; ${errors} errors, ${again} answered twice (${load1()})`,
  );
  await front.close();
  for (const w of Object.values(workers)) w.child.kill("SIGKILL");
  await sleep(300);
  return {
    ms: worst,
    p50Ms: quantile(times, 0.5),
    affected: affected.length,
    rerouteP50Ms: quantile(detect, 0.5),
    rerouteMaxMs: detect.at(-1) ?? null,
    serviceP50Ms: quantile(serve, 0.5),
    serviceMaxMs: serve.at(-1) ?? null,
    errors,
    again,
    load: loadavg()[0],
  };
}

/** Bus only: sequential round trips through `bus` with an in-process worker; latencies in ms. */
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

/** Section 4: the bus alone (enqueue → claim → complete → reply), as the previous benchmark. */
async function busOnly(server: RedisServerHandle, client: RedisClient, result: Record<string, unknown>) {
  const embedded = await roundTrips(new MemoryTurnBus(), 2000);
  const redisBus = new RedisTurnBus(client, { keyPrefix: `b-${randomUUID()}:`, pollMs: 100 });
  const redis = await roundTrips(redisBus, 2000);
  await redisBus.close();
  const added50 = quantile(redis, 0.5) - quantile(embedded, 0.5);
  const added99 = quantile(redis, 0.99) - quantile(embedded, 0.99);
  console.log(
    `bus only, round trip added by redis: p50 ${added50.toFixed(3)} ms, p99 ${added99.toFixed(3)} ms (${load1()})`,
  );
  const rates: Record<string, number> = {};
  for (const workers of [1, 2, 4]) {
    const prefix = `b-${randomUUID()}:`;
    const children = Array.from({ length: workers }, (_, i) => {
      const child = spawn(
        process.execPath,
        [
          "--import",
          "tsx",
          BUS_CHILD,
          server.url,
          prefix,
          `w${i}`,
          AGENTS.join(","),
          AGENTS.join(","),
          "1500",
          "0",
        ],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      const ready = new Promise<void>((resolve) =>
        createInterface({ input: child.stdout! }).on("line", (l) => l === "ready" && resolve()),
      );
      return { child, ready };
    });
    await Promise.all(children.map((c) => c.ready));
    const front = new RedisTurnBus(client, { keyPrefix: prefix, pollMs: 100 });
    const busLoad = async (ms: number) => {
      const until = Date.now() + ms;
      let done = 0;
      await Promise.all(
        Array.from({ length: 100 }, async (_, c) => {
          for (let seq = 0; Date.now() < until; seq++) {
            const turnId = `c${c}-${seq}-${randomUUID().slice(0, 8)}`;
            const request = { turnId, conversationId: `c${c}`, agentId: AGENTS[c % 4]!, seq, content: "q" };
            await front.enqueue({ ...request, enqueuedAt: Date.now(), failedOver: [] });
            await front.awaitReply(turnId, { timeoutMs: 30_000 });
            done++;
          }
        }),
      );
      return done;
    };
    await busLoad(1000);
    const pids = [process.pid, server.process.pid, ...children.map((c) => c.child.pid)];
    const before = pids.map(cpuMsOf);
    const started = performance.now();
    const turns = await busLoad(3000);
    const wall = performance.now() - started;
    const total = pids.reduce<number>((n, pid, i) => n + ((cpuMsOf(pid) - before[i]!) / wall) * 100, 0);
    const rate = turns / (wall / 1000);
    rates[String(workers)] = Math.round(rate);
    console.log(
      `bus only, throughput, ${workers} worker process(es): ${rate.toFixed(0)} turns/s; CPU ${total.toFixed(0)} %; ${(((total / 100) * wall) / turns).toFixed(3)} CPU-ms per turn (${load1()})`,
    );
    await front.close();
    for (const c of children) c.child.kill("SIGKILL");
  }
  result["busOnly"] = { addedP50Ms: added50, addedP99Ms: added99, throughputTurnsPerS: rates };
}

async function main(): Promise<void> {
  const server = await startRedisServer();
  const client: RedisClient = await connectRedis(server.url);
  const dir = mkdtempSync(join(tmpdir(), "rapo-bench-dist-"));
  const result: Record<string, unknown> = {};
  const instant = writeDeploymentConfig(
    dir,
    AGENTS.map((id) => ({ id, role: "You answer questions.", prior: {} })),
    // The leader's background training (∇Q refresh, Lipschitz probe, dynamics training: a fixed
    // cost per control tick, ~30 % of a core here) is not per-turn work, as in bench:routing; it
    // is measured by bench:consensus. Every other control-loop stage runs.
    { learning: { enabled: false } },
    { timeScale: 0, capacity: 64 },
    "instant.json",
  );
  try {
    if (SECTIONS.has("overhead")) await overhead(server, instant, result);
    if (SECTIONS.has("throughput")) await throughput(server, client, instant, result);
    if (SECTIONS.has("failover")) {
      const out: Record<string, unknown> = {};
      for (const capacity of [4, 16]) {
        const config = writeDeploymentConfig(
          dir,
          TWIN_AGENTS,
          // as worker-kill.int.test.ts
          { loop: { intervalMs: 100 }, distributed: { visibilityTimeoutMs: 1500, leaderLeaseMs: 1000 } },
          { capacity }, // 150–300 ms per call (the default)
          `twins-${capacity}.json`,
        );
        out[String(capacity)] = await failover(server, config, capacity);
      }
      result["failover"] = out;
    }
    if (SECTIONS.has("bus")) await busOnly(server, client, result);
  } finally {
    client.disconnect();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify({ bench: "distributed", ...result }));
}

await main();
