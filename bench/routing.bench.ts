/**
 * Routing benchmark (issue 2): median routing-decision time at 10…10,000 agents, and the
 * per-turn orchestration overhead (classification, embedding, routing, handoff packet,
 * persistence) with a zero-latency model at turn 1 and turn 20. Ends with one JSON line.
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
import { instantModel, machine, timeAsync, timeSync } from "./harness.js";

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
    for (let k = 0; k < i % 7; k++) a.capability.update(i % 10, i % 5, (i % 3) / 2);
    a.publishCapability();
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

async function turnOverhead(store: "memory" | { sqlite: string }) {
  const rapo = await Orchestrator.create({
    agents: specs(8),
    store,
    // background training is not per-turn work: measured by bench:consensus
    config: { loop: { autoStart: false }, learning: { enabled: false } },
  });
  const samples = 400;
  // turn 1: a fresh conversation per sample
  const first = await timeAsync(
    async (i) => rapo.send({ content: TURN_TEXTS[i % TURN_TEXTS.length]! }),
    samples,
  );
  // turn 20: one conversation advanced to 19 turns per sample, then the timed 20th turn
  const conversations: string[] = [];
  for (let i = 0; i < samples + 50; i++) {
    const id = await rapo.startConversation();
    for (let t = 0; t < 19; t++)
      await rapo.send({ conversationId: id, content: TURN_TEXTS[t % TURN_TEXTS.length]! });
    conversations.push(id);
    if (i % 50 === 0) await rapo.tick();
  }
  const twentieth = await timeAsync(
    async (i) =>
      rapo.send({ conversationId: conversations[i]!, content: TURN_TEXTS[i % TURN_TEXTS.length]! }),
    samples,
  );
  await rapo.close();
  return { turn1: first, turn20: twentieth };
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
    `per-turn overhead, memory store: turn 1 ${memory.turn1.medianUs} µs, turn 20 ${memory.turn20.medianUs} µs (medians)`,
  );
  const dir = mkdtempSync(join(tmpdir(), "rapo-bench-"));
  const sqlite = await turnOverhead({ sqlite: `${dir}/bench.sqlite` });
  console.log(
    `per-turn overhead, SQLite store: turn 1 ${sqlite.turn1.medianUs} µs, turn 20 ${sqlite.turn20.medianUs} µs (medians)`,
  );
  console.log(
    JSON.stringify({
      bench: "routing",
      machine: machine(),
      routingMedianUs: routing,
      turnOverheadMedianUs: {
        memory: { turn1: memory.turn1.medianUs, turn20: memory.turn20.medianUs },
        sqlite: { turn1: sqlite.turn1.medianUs, turn20: sqlite.turn20.medianUs },
      },
    }),
  );
}

await main();
