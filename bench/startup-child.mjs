/**
 * Child process of bench/startup.bench.ts: plain Node on the compiled package. Times
 * `import("<compiled index.js>")`, then (case `orchestrator`) `Orchestrator.create` with four
 * agents on the memory store and learning off, and reports RSS after each step and which heavy
 * packages were loaded (they are CommonJS, so Node's CommonJS cache lists them).
 *
 * Usage: node bench/startup-child.mjs <compiled index.js> <import | orchestrator>
 */
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { instantModel } from "./instant-model.mjs";

const [entry, mode] = process.argv.slice(2);
const HEAVY = { tensorflow: "/@tensorflow/", betterSqlite3: "/better-sqlite3/", winkNlp: "/wink-nlp/" };
const mb = (bytes) => Math.round((bytes / 2 ** 20) * 10) / 10;

function loaded() {
  const paths = Object.keys(createRequire(import.meta.url).cache);
  return Object.fromEntries(
    Object.entries(HEAVY).map(([name, part]) => [name, paths.some((p) => p.includes(part))]),
  );
}

const start = performance.now();
const { Orchestrator } = await import(pathToFileURL(entry).href);
const importMs = performance.now() - start;
const result = { importMs, importRssMB: mb(process.memoryUsage().rss), importLoaded: loaded() };
if (mode === "orchestrator") {
  const created = performance.now();
  const rapo = await Orchestrator.create({
    agents: Array.from({ length: 4 }, (_, i) => ({
      id: `agent-${i}`,
      role: `specialist ${i}`,
      model: instantModel(`m${i}`),
    })),
    store: "memory",
    config: { loop: { autoStart: false }, learning: { enabled: false } },
  });
  result.createMs = performance.now() - created;
  result.totalMs = performance.now() - start;
  result.createRssMB = mb(process.memoryUsage().rss);
  result.createLoaded = loaded();
  await rapo.close();
}
console.log(JSON.stringify(result));
