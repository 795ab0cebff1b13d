/**
 * @module bench/serve-target
 * The server side of `npm run bench:serve`, run in its own process so that the load generator
 * does not share its thread: `rapo` (`rapo serve` with eight instant-model agents, an API key, the
 * rate limiter, request logs at info to /dev/null, metrics — the default configuration) or `bare`
 * (a fastify route that calls the same instant model and returns the same shape). It prints its
 * URL (its argv: the kind and the API key), then answers lines on stdin: `idle` (CPU ms per s
 * spent over 3 s without requests: the control loop's own work), `mark` (start counting),
 * `report` (one JSON line since the mark: requests answered, CPU µs used — user + system,
 * `process.cpuUsage` — and wall ms), `exit`.
 */
import { createInterface } from "node:readline";
import Fastify, { type FastifyInstance } from "fastify";
import { createRequestLogger } from "../src/serve/request-logger.js";
import { RapoServer } from "../src/serve/server.js";
import { instantModel } from "./harness.js";

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

async function startRapo(): Promise<{ app: FastifyInstance; url: string; close: () => Promise<void> }> {
  const server = await RapoServer.create({
    agents: AGENTS.map((id) => ({ id, role: id, model: instantModel(id), capacity: 64 })),
    config: { serve: { rateLimit: { max: 100_000_000, windowMs: 60_000 } } },
    apiKeys: [BENCH_KEY],
    // the service's own logger configuration, written to /dev/null
    requestLogger: createRequestLogger({ level: "info", dest: "/dev/null" }),
  });
  countResponses(server.app);
  const url = await server.listen({ host: "127.0.0.1", port: 0 });
  return { app: server.app, url, close: () => server.close() };
}

async function startBare(): Promise<{ app: FastifyInstance; url: string; close: () => Promise<void> }> {
  const app = Fastify();
  const model = instantModel("bare");
  countResponses(app);
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
  return { app, url, close: () => app.close() };
}

let answered = 0;
const IDLE_MS = 3000;
function countResponses(app: FastifyInstance): void {
  app.addHook("onResponse", (_request, _reply, done) => {
    answered++;
    done();
  });
}

const [kind, BENCH_KEY = ""] = process.argv.slice(2);
if (kind !== "rapo" && kind !== "bare") throw new Error("usage: serve-target.ts rapo|bare <api key>");
const target = kind === "rapo" ? await startRapo() : await startBare();
console.log(target.url);
let cpu = process.cpuUsage();
let count = 0;
let since = performance.now();
createInterface({ input: process.stdin }).on("line", (line) => {
  if (line === "mark") {
    cpu = process.cpuUsage();
    since = performance.now();
    count = answered;
    console.log("marked");
  } else if (line === "idle") {
    // the CPU the process spends with no request at all (control loop, learning), in ms per s
    const before = process.cpuUsage();
    setTimeout(() => {
      const used = process.cpuUsage(before);
      console.log(String(Math.round((used.user + used.system) / IDLE_MS)));
    }, IDLE_MS);
  } else if (line === "report") {
    const used = process.cpuUsage(cpu);
    const requests = answered - count;
    const cpuUs = used.user + used.system;
    console.log(JSON.stringify({ requests, cpuUs, wallMs: performance.now() - since }));
  } else if (line === "exit") {
    void target.close().then(() => process.exit(0));
  }
});
