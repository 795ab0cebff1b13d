/**
 * @module cli/scale
 * `rapo scale`: the paper's Table 2 measured on rapo. For each size, one child process runs the
 * orchestrator embedded ({@link runScaleSize}); with `--distributed`, another runs it as a front
 * whose agents' models are served by worker processes ({@link runScaleWorker}) over a Redis turn
 * bus — a redis-server started on a free loopback port unless `--redis` names one. Prints a table
 * and writes `scale.md`, `scale.svg` and `scale.json` into `--out`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { machineInfo } from "../eval/report/machine.js";
import { connectRedis, type RedisClient } from "../store/redis-connection.js";
import { type RedisServerHandle, startRedisServer } from "../store/redis-server-process.js";
import type { ScaleRow } from "./scale-report.js";
import { scaleFigure, scaleMarkdown, scaleTable } from "./scale-report.js";
import type { ScaleRunResult } from "./scale-run.js";
import type { ScaleWorkerStats } from "./scale-worker.js";

/** Options of `rapo scale`. */
export interface ScaleOptions {
  sizes: number[];
  turns: number;
  out: string;
  distributed: boolean;
  redis?: string;
  seed: number;
  concurrency: number;
  /** worker processes of the distributed mode. */
  workers: number;
}

/** The paper's sizes (Table 2) and two beyond it. */
export const DEFAULT_SIZES = [10, 50, 100, 500, 1000, 5000, 10000];

const BIN = fileURLToPath(new URL("../../bin/rapo.js", import.meta.url));

/** Runs every size and writes the report. */
export async function runScale(options: ScaleOptions, out: (line: string) => void): Promise<ScaleRow[]> {
  const rows: ScaleRow[] = [];
  let server: RedisServerHandle | null = null;
  let client: RedisClient | null = null;
  try {
    if (options.distributed) {
      if (options.redis === undefined) server = await startRedisServer();
      client = await connectRedis(options.redis ?? server!.url);
    }
    for (const agents of options.sizes) {
      const embedded = await runFront(options, agents, null);
      rows.push(embeddedRow(embedded.result));
      progress(options, rows, out);
      if (client) {
        const url = options.redis ?? server!.url;
        rows.push(await runDistributed(options, agents, url, client));
        progress(options, rows, out);
      }
    }
  } finally {
    client?.disconnect();
    await server?.stop();
  }
  mkdirSync(options.out, { recursive: true });
  const markdown = scaleMarkdown(rows, {
    turns: options.turns,
    concurrency: options.concurrency,
    seed: options.seed,
    workers: options.workers,
    machine: machineInfo(),
    loadAverage: os.loadavg(),
  });
  writeFileSync(join(options.out, "scale.md"), markdown);
  writeFileSync(join(options.out, "scale.svg"), await scaleFigure(rows));
  writeFileSync(join(options.out, "scale.json"), `${JSON.stringify({ options, rows }, null, 2)}\n`);
  out("");
  out(scaleTable(rows));
  out("");
  out(
    `paper Table 2 (reference, not measured here): ${join(options.out, "scale.md")}; figure ${join(options.out, "scale.svg")}`,
  );
  return rows;
}

/** Prints the row just measured and saves the rows so far (a long run keeps what it measured). */
function progress(options: ScaleOptions, rows: readonly ScaleRow[], out: (line: string) => void): void {
  const r = rows.at(-1)!;
  out(
    `${r.agents} agents, ${r.mode}: RSS ${r.rssMB.toFixed(0)} MB, CPU ${r.cpuPercent.toFixed(0)} %, turn p50 ${r.turnP50Ms.toFixed(1)} ms, success ${r.success.toFixed(3)}, tick p50 ${r.tickP50Ms.toFixed(0)} ms`,
  );
  mkdirSync(options.out, { recursive: true });
  writeFileSync(
    join(options.out, "scale.json"),
    `${JSON.stringify({ options, rows, partial: true }, null, 2)}\n`,
  );
}

function embeddedRow(r: ScaleRunResult): ScaleRow {
  return {
    ...pick(r),
    mode: "embedded",
    rssMB: r.rssMB,
    heapMB: r.heapMB,
    redisMB: null,
    cpuPercent: (r.cpuMs / r.serveMs) * 100,
    agentsUsed: r.agentsUsed,
    processes: 1,
  };
}

function pick(r: ScaleRunResult) {
  const { agents, turnP50Ms, turnP95Ms, success, failedTurns, turns, ticks, tickP50Ms, tickMaxMs, createMs } =
    r;
  return { agents, turnP50Ms, turnP95Ms, success, failedTurns, turns, ticks, tickP50Ms, tickMaxMs, createMs };
}

/** One size with the orchestrator as a front and `workers` worker processes serving its models. */
async function runDistributed(
  options: ScaleOptions,
  agents: number,
  url: string,
  client: RedisClient,
): Promise<ScaleRow> {
  const prefix = `rapo-scale-${randomUUID()}:`;
  const workers = Array.from({ length: options.workers }, (_, k) =>
    spawnRapo([
      "scale-worker",
      "--redis",
      url,
      "--prefix",
      prefix,
      "--worker",
      String(k),
      "--seed",
      String(options.seed),
    ]),
  );
  try {
    await Promise.all(workers.map((w) => w.next()));
    let redisCpu0 = 0;
    const front = await runFront(options, agents, { redis: url, prefix }, async () => {
      for (const w of workers) w.child.kill("SIGUSR2");
      redisCpu0 = await redisCpuMs(client);
    });
    const redisCpu = (await redisCpuMs(client)) - redisCpu0;
    const redisMB = Number(/used_memory:(\d+)/.exec(await client.info("memory"))?.[1] ?? 0) / 2 ** 20;
    for (const w of workers) w.child.kill("SIGTERM");
    const stats = (await Promise.all(workers.map((w) => w.next()))).map(
      (l) => JSON.parse(l) as ScaleWorkerStats,
    );
    const r = front.result;
    const cpuMs = r.cpuMs + redisCpu + stats.reduce((s, w) => s + w.cpuMs, 0);
    return {
      ...pick(r),
      mode: "distributed",
      rssMB: r.rssMB + stats.reduce((s, w) => s + w.rssMB, 0),
      heapMB: r.heapMB + stats.reduce((s, w) => s + w.heapMB, 0),
      redisMB: Math.round(redisMB * 10) / 10,
      cpuPercent: (cpuMs / r.serveMs) * 100,
      agentsUsed: stats.reduce((s, w) => s + w.agentsUsed, 0),
      processes: 1 + workers.length,
    };
  } finally {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill("SIGKILL");
    await deleteKeys(client, prefix);
  }
}

async function runFront(
  options: ScaleOptions,
  agents: number,
  distributed: { redis: string; prefix: string } | null,
  onServing?: () => Promise<void>,
): Promise<{ result: ScaleRunResult }> {
  const args = [
    "scale-size",
    "--agents",
    String(agents),
    "--turns",
    String(options.turns),
    "--seed",
    String(options.seed),
    "--concurrency",
    String(options.concurrency),
  ];
  if (distributed)
    args.push(
      "--redis",
      distributed.redis,
      "--prefix",
      distributed.prefix,
      "--workers",
      String(options.workers),
    );
  const child = spawnRapo(args);
  try {
    const serving = await child.next();
    if (serving !== "serving")
      throw new Error(`rapo scale: unexpected line from a size's process: ${serving}`);
    await onServing?.();
    return { result: JSON.parse(await child.next()) as ScaleRunResult };
  } finally {
    if (child.child.exitCode === null) child.child.kill("SIGKILL");
  }
}

/** A child `rapo` process (hidden commands) whose stdout lines are read one by one. */
function spawnRapo(args: string[]): { child: ChildProcess; next: () => Promise<string> } {
  const child = spawn(process.execPath, ["--expose-gc", BIN, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, RAPO_LOG_LEVEL: process.env["RAPO_LOG_LEVEL"] ?? "silent" },
  });
  const lines: string[] = [];
  const waiting: { resolve: (line: string) => void; reject: (e: Error) => void }[] = [];
  let ended: Error | null = null;
  createInterface({ input: child.stdout! }).on("line", (line) => {
    const w = waiting.shift();
    if (w) w.resolve(line);
    else lines.push(line);
  });
  child.once("exit", (code, signal) => {
    ended = new Error(`rapo scale: '${args[0]}' process exited (${signal ?? code}) before reporting`);
    // stdout may still hold lines: let readline flush before failing the waiters
    setImmediate(() => {
      for (const w of waiting.splice(0)) w.reject(ended!);
    });
  });
  return {
    child,
    next: () =>
      new Promise<string>((resolve, reject) => {
        const line = lines.shift();
        if (line !== undefined) resolve(line);
        else if (ended) reject(ended);
        else waiting.push({ resolve, reject });
      }),
  };
}

async function redisCpuMs(client: RedisClient): Promise<number> {
  const info = await client.info("cpu");
  const get = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return (get("used_cpu_user") + get("used_cpu_sys")) * 1000;
}

/** Removes what a size left on Redis (its streams, replies, registry). */
async function deleteKeys(client: RedisClient, prefix: string): Promise<void> {
  if ("nodes" in client) return;
  let cursor = "0";
  do {
    const [next, keys] = await client.scan(cursor, "MATCH", `*${prefix}*`, "COUNT", 1000);
    if (keys.length > 0) await client.unlink(...keys);
    cursor = next;
  } while (cursor !== "0");
}
