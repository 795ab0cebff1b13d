/**
 * Routing benchmark (issue 2): median routing-decision time at 10…10,000 agents, and the
 * per-turn orchestration overhead (classification, embedding, routing, handoff packet,
 * persistence) with a zero-latency model at turn 1, turn 20 and over every turn. Ends with one JSON line.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveConfig } from "../src/config/resolve.js";
import { route } from "../src/routing/router.js";
import { AgentRegistry } from "../src/runtime/agent-registry.js";
import { Orchestrator } from "../src/runtime/orchestrator.js";
import { randomPrompts } from "../src/runtime/prompt-vectors.js";
import type { AgentSpec } from "../src/runtime/types.js";
import { resolveTaxonomy } from "../src/state/taxonomy.js";
import type { StoreSpec } from "../src/store/open-store.js";
import { instantModel, machine, summarise, timeSync } from "./harness.js";

function specs(n: number): AgentSpec[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `agent-${i}`,
    role: `specialist ${i}`,
    model: instantModel(`m${i}`),
  }));
}

function routingDecision(n: number) {
  const config = resolveConfig();
  const taxonomy = resolveTaxonomy();
  const prompts = randomPrompts(config);
  const registry = new AgentRegistry(specs(n), taxonomy, config, (s, i) => prompts.initialVector(s, i));
  registry.all.forEach((a, i) => {
    for (let k = 0; k < i % 7; k++) {
      a.learned.capability.update(i % 10, i % 5, (i % 3) / 2);
      a.learned.recordTrial(i % 10, i % 5);
    }
    a.learned.publishCapability();
  });
  let cell = 0;
  return timeSync(
    () => {
      cell = (cell + 7) % 50;
      return route(registry.table, registry.allIndices, { cell, previous: 3 }, config.routing);
    },
    n >= 10_000 ? 2_000 : 20_000,
  );
}

const TURN_TEXTS = [
  "The stock of Lyon-Depot is 420 units and Lyon-Depot supplies Nice-Store every Monday.",
  "What is the total stock of Lyon-Depot and Paris-Depot, given that Paris-Depot holds 130 units?",
  "Rephrase the clause that the supplier, which we met in March, delivered late.",
  "If Nice-Store runs out, which site should supply it, and why does that follow?",
];

/**
 * Per-turn orchestration overhead with an instant model: conversations of 20 turns, timing
 * turn 1 (a fresh conversation) and turn 20 (19 turns of history) of each, after a warm-up of
 * the same work so the JIT has settled. The conversation is started outside the timed turn.
 */
async function turnOverhead(store: StoreSpec) {
  const rapo = await Orchestrator.create({
    agents: specs(8),
    store,
    // background training is not per-turn work: measured by bench:consensus
    config: { loop: { autoStart: false }, learning: { enabled: false } },
  });
  const turn1: number[] = [];
  const turn20: number[] = [];
  // every measured turn: work one turn leaves to the next (not to the control loop) shows here
  const every: number[] = [];
  const conversations = 600;
  let measuredStart = 0n;
  for (let c = 0; c < conversations; c++) {
    if (c === conversations / 3) measuredStart = process.hrtime.bigint();
    const id = await rapo.startConversation();
    for (let t = 0; t < 20; t++) {
      const started = process.hrtime.bigint();
      await rapo.send({ conversationId: id, content: TURN_TEXTS[(c + t) % TURN_TEXTS.length]! });
      const us = Number(process.hrtime.bigint() - started) / 1000;
      // the first third is warm-up
      if (c >= conversations / 3) every.push(us);
      if (c >= conversations / 3 && t === 0) turn1.push(us);
      if (c >= conversations / 3 && t === 19) turn20.push(us);
    }
    await rapo.endConversation(id);
    if (c % 20 === 0) await rapo.tick();
  }
  // everything per turn, deferred work included: starting and ending conversations and the
  // control-loop ticks (outcomes, context vectors, the SQLite journal fold, agent states)
  await rapo.tick();
  const measuredTurns = (conversations - conversations / 3) * 20;
  const amortisedUs = Number(process.hrtime.bigint() - measuredStart) / 1000 / measuredTurns;
  await rapo.close();
  return {
    turn1: summarise(Float64Array.from(turn1)),
    turn20: summarise(Float64Array.from(turn20)),
    every: summarise(Float64Array.from(every)),
    amortisedUs: Math.round(amortisedUs * 10) / 10,
  };
}

/**
 * Turn latency while the control loop runs on its own (default configuration: 100 ms ticks with
 * learning and consensus), 1,000 agents: a client that wants to send every 2 ms, latency
 * measured from the moment it wanted to send (so time the event loop was blocked counts).
 */
async function latencyUnderLoop(agents: number, seconds: number) {
  const rapo = await Orchestrator.create({ agents: specs(agents), store: "memory" });
  const latencies: number[] = [];
  const end = Date.now() + seconds * 1000;
  for (let c = 0; Date.now() < end; c++) {
    const id = await rapo.startConversation();
    for (let t = 0; t < 20; t++) {
      const wanted = performance.now() + 2;
      await new Promise((resolve) => setTimeout(resolve, 2));
      const reply = await rapo.send({
        conversationId: id,
        content: TURN_TEXTS[(c + t) % TURN_TEXTS.length]!,
      });
      latencies.push((performance.now() - wanted) * 1000);
      void rapo.feedback(reply.turnId, t % 3 === 0 ? 0 : 1);
    }
    await rapo.endConversation(id, { outcome: 1 });
  }
  await rapo.close();
  const sorted = Float64Array.from(latencies).sort();
  const at = (q: number) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!) / 1000;
  return { turns: sorted.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: at(1) };
}

async function main() {
  const routing: Record<string, number> = {};
  for (const n of [10, 100, 1_000, 10_000]) {
    const t = routingDecision(n);
    routing[String(n)] = t.medianUs;
    console.log(`routing decision, ${n} agents: median ${t.medianUs} µs (p95 ${t.p95Us} µs)`);
  }
  const memory = await turnOverhead("memory");
  console.log(
    `per-turn overhead, memory store: turn 1 ${memory.turn1.medianUs} µs, turn 20 ${memory.turn20.medianUs} µs, every turn ${memory.every.medianUs} µs (medians); ${memory.amortisedUs} µs per turn amortised with control-loop ticks`,
  );
  const dir = mkdtempSync(join(tmpdir(), "rapo-bench-"));
  const sqlite = await turnOverhead({ sqlite: `${dir}/bench.sqlite` });
  console.log(
    `per-turn overhead, SQLite store: turn 1 ${sqlite.turn1.medianUs} µs, turn 20 ${sqlite.turn20.medianUs} µs, every turn ${sqlite.every.medianUs} µs (medians); ${sqlite.amortisedUs} µs per turn amortised with control-loop ticks (journal fold included)`,
  );
  const exclusive = await turnOverhead({ sqlite: join(dir, "bench-exclusive.sqlite"), locking: "exclusive" });
  console.log(
    `per-turn overhead, SQLite store with exclusive locking: turn 1 ${exclusive.turn1.medianUs} µs, turn 20 ${exclusive.turn20.medianUs} µs, every turn ${exclusive.every.medianUs} µs (medians); ${exclusive.amortisedUs} µs amortised`,
  );
  const underLoop = await latencyUnderLoop(1_000, 10);
  console.log(
    `turn latency with the control loop running (1,000 agents, default config): p50 ${underLoop.p50Ms} ms, p99 ${underLoop.p99Ms} ms, max ${underLoop.maxMs} ms over ${underLoop.turns} turns`,
  );
  console.log(
    JSON.stringify({
      bench: "routing",
      machine: machine(),
      routingMedianUs: routing,
      turnOverheadMedianUs: {
        memory: {
          turn1: memory.turn1.medianUs,
          turn20: memory.turn20.medianUs,
          every: memory.every.medianUs,
        },
        sqlite: {
          turn1: sqlite.turn1.medianUs,
          turn20: sqlite.turn20.medianUs,
          every: sqlite.every.medianUs,
        },
        sqliteExclusive: {
          turn1: exclusive.turn1.medianUs,
          turn20: exclusive.turn20.medianUs,
          every: exclusive.every.medianUs,
        },
      },
      latencyUnderLoopMs: underLoop,
      turnAmortisedUs: {
        memory: memory.amortisedUs,
        sqlite: sqlite.amortisedUs,
        sqliteExclusive: exclusive.amortisedUs,
      },
    }),
  );
}

await main();
