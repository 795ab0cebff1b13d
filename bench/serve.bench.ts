/**
 * @module bench/serve
 * `npm run bench:serve`: rapo's HTTP cost. autocannon drives non-streaming chat completions at
 * 100 connections against `rapo serve` (8 instant-model agents, API key, per-key rate limiter,
 * request logs at info to /dev/null, metrics, a new conversation per request) and, in the same
 * run, against a bare fastify route that calls the same instant model and returns the same
 * shape — so the ratio is rapo's own cost (routing, handoff logic, learning signals, store,
 * auth, validation, logs, metrics). Targets (issue 16): ≥ 3,000 turns/s on 2 cores, p99 < 50 ms,
 * ≥ 50 % of the bare route. Ends with one JSON line. The machine may be shared: the load average
 * is printed beside the figures.
 */
import os from "node:os";
import autocannon from "autocannon";
import Fastify from "fastify";
import { pino } from "pino";
import { RapoServer } from "../src/serve/server.js";
import { instantModel, machine } from "./harness.js";

const CONNECTIONS = 100;
const DURATION_S = Number(process.env["BENCH_SERVE_SECONDS"] ?? 10);
const KEY = "sk-bench";
const BODY = JSON.stringify({
  model: "rapo",
  messages: [
    { role: "user", content: "The stock of Lyon-Depot is 420 units. What is the stock of Lyon-Depot?" },
  ],
});
const AGENTS = [
  "grammar-specialist",
  "knowledge-specialist",
  "reasoning-specialist",
  "retrieval-agent",
  "planner",
  "writer",
  "concierge",
  "generalist",
];

async function startRapo(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = await RapoServer.create({
    agents: AGENTS.map((id) => ({ id, role: id, model: instantModel(id), capacity: 64 })),
    config: { serve: { rateLimit: { max: 100_000_000, windowMs: 60_000 } } },
    apiKeys: [KEY],
    requestLogger: pino({ level: "info" }, pino.destination({ dest: "/dev/null", sync: false })),
  });
  const url = await server.listen({ host: "127.0.0.1", port: 0 });
  return { url: `${url}/v1/chat/completions`, close: () => server.close() };
}

async function startBare(): Promise<{ url: string; close: () => Promise<void> }> {
  const app = Fastify();
  const model = instantModel("bare");
  app.post("/v1/chat/completions", async (request) => {
    const body = request.body as { model: string; messages: { content: string }[] };
    const content = body.messages[body.messages.length - 1]!.content;
    const reply = await model.doGenerate({
      prompt: [{ role: "user", content: [{ type: "text", text: content }] }],
    });
    const text = reply.content.find((c) => c.type === "text");
    return {
      id: `chatcmpl-${crypto.randomUUID()}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: text?.type === "text" ? text.text : "" },
          finish_reason: "stop",
        },
      ],
      usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
    };
  });
  const url = await app.listen({ host: "127.0.0.1", port: 0 });
  return { url: `${url}/v1/chat/completions`, close: () => app.close() };
}

async function load(url: string, duration: number) {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration,
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
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

async function measure(start: () => Promise<{ url: string; close: () => Promise<void> }>) {
  const target = await start();
  try {
    await load(target.url, 2); // warm-up: JIT, pools, caches
    return await load(target.url, DURATION_S);
  } finally {
    await target.close();
  }
}

const loadBefore = os.loadavg();
const bare = await measure(startBare);
const rapo = await measure(startRapo);
const ratio = Math.round((rapo.rps / Math.max(1, bare.rps)) * 1000) / 1000;
const loadAfter = os.loadavg();
const targets = { rps: 3000, p99Ms: 50, ratio: 0.5 };
const met = {
  rps: rapo.rps >= targets.rps,
  p99Ms: rapo.p99Ms < targets.p99Ms,
  ratio: ratio >= targets.ratio,
};
const fmt = (name: string, r: typeof rapo) =>
  `${name.padEnd(6)} ${String(r.rps).padStart(7)} req/s   p50 ${String(r.p50Ms).padStart(4)} ms   p99 ${String(r.p99Ms).padStart(4)} ms   (${r.requests} requests, ${r.non2xx} non-2xx, ${r.errors} errors)`;
console.log(
  `bench:serve — non-streaming chat completions, ${CONNECTIONS} connections, ${DURATION_S} s each, loopback`,
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
