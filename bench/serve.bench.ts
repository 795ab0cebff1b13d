/**
 * @module bench/serve
 * `npm run bench:serve`: rapo's HTTP cost. autocannon drives non-streaming chat completions at
 * 100 connections against `rapo serve` (8 instant-model agents, API key, per-key rate limiter,
 * request logs at info to /dev/null, metrics, a new conversation per request, the default
 * configuration: control loop, learning and consensus on) and, in the same run, against a bare
 * fastify route that calls the same instant model and returns the same shape — so the ratio is
 * rapo's own cost (routing, handoff logic, learning, store, auth, validation, logs, metrics).
 * Each server runs in its own process (`serve-target.ts`), so autocannon does not share its
 * thread, and reports the CPU time it spent per request (user + system, `process.cpuUsage`) —
 * the figure that holds on a shared machine, where requests/s move with the other jobs — and
 * the CPU it burns per second with no request at all (the control loop's learning), measured
 * for 3 s after the warm-up (the busier the server, the less of each request's CPU it is).
 * Targets (issue 16): ≥ 3,000 turns/s on 2 cores, p99 < 50 ms, ≥ 50 % of the bare route. Ends
 * with one JSON line. The load average is printed beside the figures.
 */
import { spawn } from "node:child_process";
import os from "node:os";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { machine } from "./harness.js";

const CONNECTIONS = 100;
const BENCH_KEY = "sk-bench";
const DURATION_S = Number(process.env["BENCH_SERVE_SECONDS"] ?? 10);
const BODY = JSON.stringify({
  model: "rapo",
  messages: [
    { role: "user", content: "The stock of Lyon-Depot is 420 units. What is the stock of Lyon-Depot?" },
  ],
});

/** A server process: its URL and a line protocol on stdin/stdout. */
async function startTarget(kind: "rapo" | "bare") {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", fileURLToPath(new URL("./serve-target.ts", import.meta.url)), kind, BENCH_KEY],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`the ${kind} server exited`);
    return value as string;
  };
  const ask = async (command: string) => {
    child.stdin!.write(`${command}\n`);
    return next();
  };
  const url = `${await next()}/v1/chat/completions`;
  return {
    url,
    mark: () => ask("mark"),
    idle: async () => Number(await ask("idle")),
    report: async () =>
      JSON.parse(await ask("report")) as { requests: number; cpuUs: number; wallMs: number },
    close: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.stdin!.write("exit\n");
      }),
  };
}

async function load(url: string, duration: number) {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration,
    method: "POST",
    headers: { authorization: `Bearer ${BENCH_KEY}`, "content-type": "application/json" },
    body: BODY,
  });
  return {
    rps: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function measure(kind: "rapo" | "bare") {
  const target = await startTarget(kind);
  try {
    await load(target.url, 2); // warm-up: JIT, pools, caches
    const idleCpuMsPerS = await target.idle();
    await target.mark();
    const figures = await load(target.url, DURATION_S);
    const { requests, cpuUs, wallMs } = await target.report();
    const n = Math.max(1, requests);
    return {
      ...figures,
      cpuUsPerRequest: Math.round(cpuUs / n),
      /** CPU spent with no request at all (the control loop), ms per s: part of every figure above. */
      idleCpuMsPerS,
      wallS: Math.round(wallMs) / 1000,
    };
  } finally {
    await target.close();
  }
}

const loadBefore = os.loadavg();
const bare = await measure("bare");
const rapo = await measure("rapo");
const ratio = Math.round((rapo.rps / Math.max(1, bare.rps)) * 1000) / 1000;
const loadAfter = os.loadavg();
const targets = { rps: 3000, p99Ms: 50, ratio: 0.5 };
const met = {
  rps: rapo.rps >= targets.rps,
  p99Ms: rapo.p99Ms < targets.p99Ms,
  ratio: ratio >= targets.ratio,
};
const fmt = (name: string, r: typeof rapo) =>
  `${name.padEnd(6)} ${String(r.rps).padStart(7)} req/s   p50 ${String(r.p50Ms).padStart(4)} ms   p99 ${String(r.p99Ms).padStart(4)} ms   CPU ${String(r.cpuUsPerRequest).padStart(5)} µs/request (idle ${r.idleCpuMsPerS} ms/s)   (${r.requests} requests, ${r.non2xx} non-2xx, ${r.errors} errors)`;
console.log(
  `bench:serve — non-streaming chat completions, ${CONNECTIONS} connections, ${DURATION_S} s each, loopback, each server in its own process`,
);
console.log(fmt("bare", bare));
console.log(fmt("rapo", rapo));
console.log(
  `rapo / bare = ${ratio}; targets: ≥ ${targets.rps} turns/s ${met.rps ? "met" : "MISSED"}, p99 < ${targets.p99Ms} ms ${met.p99Ms ? "met" : "MISSED"}, ≥ 50 % of bare ${met.ratio ? "met" : "MISSED"}`,
);
console.log(
  `load average before ${loadBefore.map((x) => x.toFixed(2)).join(" ")}, after ${loadAfter.map((x) => x.toFixed(2)).join(" ")} on ${os.cpus().length} cores (shared machine: figures move with it)`,
);
console.log(
  JSON.stringify({
    bench: "serve",
    connections: CONNECTIONS,
    durationS: DURATION_S,
    bare,
    rapo,
    ratio,
    targets,
    met,
    loadavg: { before: loadBefore, after: loadAfter },
    machine: machine(),
  }),
);
