/**
 * State-layer micro-measurements (not a test): median µs per call of the per-turn hot paths on
 * 30-word turns — classify, embedSync, extractFacts — after warm-up. Texts rotate so that the
 * one-entry analysis memo never serves a call from the previous one (cold numbers); the
 * "classify + extractFacts" line shows the shared-analysis case the runtime hits.
 * Run: npx tsx bench/state-micro.bench.ts
 */
import os from "node:os";
import { resolveConfig } from "../src/config/resolve.js";
import { CapabilityMatrix } from "../src/state/capability-matrix.js";
import { createClassifier } from "../src/state/classifier.js";
import { ContextWindow, computeContext } from "../src/state/context-vector.js";
import { LocalEmbedder } from "../src/state/embedding.js";
import { extractFacts } from "../src/state/fact-extraction.js";
import { RandomProjection } from "../src/state/random-projection.js";
import { resolveTaxonomy } from "../src/state/taxonomy.js";

const TURNS = [
  "If Lyon-Depot supplies Berlin Hub with 40 kg of steel and Berlin Hub supplies Acme Corp, which supplier should ship the remaining 120 units by Friday, and why?",
  "Please write a short TypeScript function that reads the orders table, groups the rows by customer and returns the total amount per customer sorted from the largest to smallest value.",
  "The shipment from the Marseille warehouse arrived two days late because the truck broke down near Valence, so the client in Geneva received only half of the 300 boxes it ordered.",
  "Hello again, thanks for the summary you gave me yesterday, could you remind me what we agreed about the delivery schedule for the northern sites before the meeting on Monday?",
  "Summarise the report on the Lyon site: it holds 420 units, ships 35 pallets a day to Paris, and the manager, Claire Dubois, expects a 12 percent rise next quarter.",
  "Correct the grammar of this sentence, which the customer wrote in a hurry: the parcels has been send to the wrong adress and nobody have answered our emails since Tuesday.",
];

const WARMUP = 3_000;
const RUNS = 20_000;

function medianMicros(run: (i: number) => void): number {
  for (let i = 0; i < WARMUP; i++) run(i);
  const samples = new Float64Array(RUNS);
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    run(i);
    samples[i] = Number(process.hrtime.bigint() - start) / 1_000;
  }
  samples.sort();
  return samples[RUNS >> 1]!;
}

const config = resolveConfig();
const taxonomy = resolveTaxonomy();
const classifier = createClassifier(taxonomy);
const classifierNer = createClassifier(taxonomy, { ner: true });
const embedder = LocalEmbedder.fromConfig(config);
const projection = RandomProjection.fromConfig(config);
const window = ContextWindow.fromConfig(config);
const context = new Float32Array(config.state.contextDim);
const matrix = CapabilityMatrix.fromPrior(taxonomy, undefined, config);
const embeddings = TURNS.map((t) => embedder.embedSync(t));
const pick = (i: number): string => TURNS[i % TURNS.length]!;
const words = TURNS.map((t) => t.split(/\s+/).length);

const results: Record<string, number> = {
  classify: medianMicros((i) => classifier.classify(pick(i))),
  "classify (ner: true)": medianMicros((i) => classifierNer.classify(pick(i))),
  embedSync: medianMicros((i) => embedder.embedSync(pick(i))),
  extractFacts: medianMicros((i) => extractFacts(pick(i))),
  "classify + extractFacts (same turn)": medianMicros((i) => {
    classifier.classify(pick(i));
    extractFacts(pick(i));
  }),
  "computeContext (k=20, 256→768)": medianMicros((i) => {
    window.push(embeddings[i % embeddings.length]!);
    computeContext(window, projection, context);
  }),
  "CapabilityMatrix.update": medianMicros((i) => matrix.update(i % 10, i % 5, (i % 3) / 2)),
};

console.log(
  `state micro-benchmarks — ${os.cpus()[0]?.model ?? "cpu"} ×${os.cpus().length}, node ${process.version}`,
);
console.log(
  `turns: ${TURNS.length}, words per turn: ${words.join(", ")}; median of ${RUNS} after ${WARMUP} warm-up`,
);
for (const [name, micros] of Object.entries(results))
  console.log(`${name.padEnd(38)} ${micros.toFixed(1).padStart(8)} µs`);
console.log(JSON.stringify({ bench: "state-micro", medianMicros: results }));
