/**
 * Child process of bench/memory.bench.ts: plain Node on the compiled package, as users run it. Creates an orchestrator with N agents (instant models; learning and consensus on, as by
 * default), serves 100 conversations of 20 turns with feedback and a control-loop tick after
 * each conversation, and prints one JSON line with RSS and heap after a full GC.
 *
 * Usage: node --expose-gc bench/memory-child.mjs <compiled index.js> <agents> <memory | sqlite path>
 */
import { pathToFileURL } from "node:url";
import { instantModel } from "./instant-model.mjs";

const [entry, agentsArg, storeArg] = process.argv.slice(2);
const { Orchestrator } = await import(pathToFileURL(entry).href);
const agents = Number(agentsArg ?? 1000);
const store = storeArg === undefined || storeArg === "memory" ? "memory" : { sqlite: storeArg };
const TEXTS = [
  "The stock of Lyon-Depot is 420 units and Lyon-Depot supplies Nice-Store every Monday.",
  "What is the total stock of Lyon-Depot and Paris-Depot, given that Paris-Depot holds 130 units?",
  "Rephrase the clause that the supplier, which we met in March, delivered late.",
  "If Nice-Store runs out, which site should supply it, and why does that follow?",
];

function settled() {
  for (let i = 0; i < 3; i++) globalThis.gc?.();
  const usage = process.memoryUsage();
  const mb = (bytes) => Math.round((bytes / 2 ** 20) * 10) / 10;
  return { rssMB: mb(usage.rss), heapMB: mb(usage.heapUsed), arrayBuffersMB: mb(usage.arrayBuffers) };
}

const imported = settled();
const createStarted = performance.now();
const rapo = await Orchestrator.create({
  agents: Array.from({ length: agents }, (_, i) => ({
    id: `agent-${i}`,
    role: `specialist ${i}`,
    model: instantModel(`m${i}`),
  })),
  store,
  config: { loop: { autoStart: false } },
});
const createMs = Math.round(performance.now() - createStarted);
const created = settled();
let turns = 0;
for (let c = 0; c < 100; c++) {
  const id = await rapo.startConversation();
  for (let t = 0; t < 20; t++) {
    const reply = await rapo.send({ conversationId: id, content: TEXTS[(c + t) % TEXTS.length] });
    await rapo.feedback(reply.turnId, (c + t) % 3 === 0 ? 0 : 1);
    turns++;
  }
  await rapo.endConversation(id, { outcome: 1 });
  await rapo.tick();
}
const served = settled();
await rapo.close();
console.log(JSON.stringify({ agents, turns, createMs, imported, created, served }));
