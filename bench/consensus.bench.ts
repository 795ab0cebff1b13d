/**
 * Consensus and learning benchmark (issue 3): median consensus tick time at 100, 1,000 and 10,000
 * agents on sparse communication graphs (≤ 8 neighbours, 512-dim prompt vectors, default
 * configuration: 40 ms CPU budget per tick), the median training step of the learned dynamics
 * (batch 32, MLP [134, 256, 128, 131] + context projection) and a batched ∇Q for 64 agents;
 * and the whole control-loop tick of an orchestrator (state update + consensus + routing refresh
 * and every other stage) at the same sizes; and the paper's convergence-time bound T = O(1/(αε))
 * against the ticks observed to reach ε (bench/convergence-time).
 * Run: `npx tsx bench/consensus.bench.ts`. Ends with one JSON line.
 */
import { configSchema } from "../src/config/schema.js";
import { ConsensusEngine } from "../src/consensus/consensus-engine.js";
import { randomSparseGraph, randomUnitVectors } from "../src/consensus/graph-generators.js";
import type { ConsensusAgent } from "../src/consensus/types.js";
import { DynamicsLearner } from "../src/learning/dynamics-learner.js";
import { Orchestrator } from "../src/runtime/orchestrator.js";
import { createPrng } from "../src/util/random.js";
import { convergenceMarkdown, convergenceTable } from "./convergence-time.js";
import { instantModel, machine } from "./harness.js";

const SIZES = [100, 1_000, 10_000];
const config = configSchema.parse({});

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]! * 100) / 100;
}

interface ConsensusFigures {
  agents: number;
  medianTickMs: number;
  p95TickMs: number;
  medianIterations: number;
  convergedShare: number;
  meanUpdatedAgents: number;
  lyapunovFirst: number;
  lyapunovLast: number;
}

function benchConsensus(n: number, ticks: number): ConsensusFigures {
  const engine = ConsensusEngine.fromConfig(config);
  for (const [a, b] of randomSparseGraph(n, 8, n)) engine.observeHandoff(`a${a}`, `a${b}`, 0.8);
  const agents: ConsensusAgent[] = randomUnitVectors(n, config.state.promptDim, 1).map((prompt, i) => ({
    id: `a${i}`,
    prompt,
    utilisation: (i % 10) / 10,
  }));
  for (let t = 0; t < 3; t++) engine.tick(agents); // warm-up: JIT, graph, spectral cold start
  const times: number[] = [];
  const iterations: number[] = [];
  let converged = 0;
  let updated = 0;
  let first = Number.NaN;
  let last = Number.NaN;
  for (let t = 0; t < ticks; t++) {
    const started = performance.now();
    const report = engine.tick(agents);
    times.push(performance.now() - started);
    iterations.push(report.iterations);
    if (report.converged) converged++;
    updated += report.updatedAgents;
    if (t === 0) first = report.lyapunov;
    last = report.lyapunov;
  }
  const sorted = [...times].sort((a, b) => a - b);
  return {
    agents: n,
    medianTickMs: median(times),
    p95TickMs: Math.round(sorted[Math.floor(0.95 * (sorted.length - 1))]! * 100) / 100,
    medianIterations: median(iterations),
    convergedShare: converged / ticks,
    meanUpdatedAgents: Math.round(updated / ticks),
    lyapunovFirst: first,
    lyapunovLast: last,
  };
}

async function benchLearning(): Promise<{ medianTrainStepMs: number; medianGradQ64Ms: number }> {
  const learner = (await DynamicsLearner.fromConfig(config))!;
  const random = createPrng(3);
  const unit = (dim: number) => {
    const v = Float32Array.from({ length: dim }, () => random.gaussian());
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  };
  const state = () => ({
    context: unit(config.state.contextDim),
    capability: Float32Array.from({ length: 50 }, () => random.next()),
    taskIndex: Math.floor(random.next() * 10),
    modalityIndex: Math.floor(random.next() * 5),
  });
  for (let c = 0; c < 50; c++) {
    learner.recordTrajectory(
      Array.from({ length: 20 }, () => ({
        prompt: unit(config.state.promptDim),
        state: state(),
        action: "answer" as const,
        taskReward: random.next(),
        coherenceReward: -random.next() / 2,
      })),
    );
  }
  for (let i = 0; i < 200; i++) learner.projection.observe(unit(256), unit(256), random.next());
  for (let i = 0; i < 3; i++) await learner.trainStep();
  const steps: number[] = [];
  for (let i = 0; i < 20; i++) steps.push((await learner.trainStep()).durationMs);
  const requests = Array.from({ length: 64 }, () => ({
    prompt: unit(config.state.promptDim),
    state: state(),
    action: "answer" as const,
  }));
  learner.gradQBatch(requests);
  const grads: number[] = [];
  for (let i = 0; i < 10; i++) {
    const started = performance.now();
    learner.gradQBatch(requests);
    grads.push(performance.now() - started);
  }
  learner.dispose();
  return { medianTrainStepMs: median(steps), medianGradQ64Ms: median(grads) };
}

const TURNS = [
  "Calculate the total stock of Lyon-Depot and Paris-Depot.",
  "Correct the grammar of this sentence: the depots has many unit.",
  "Write a short poem about the Lyon-Depot warehouse.",
  "Who supplies Nice-Store, and why does that follow?",
];

/**
 * The whole control-loop tick of an orchestrator with n agents (outcomes, context vectors,
 * facts, routing-table refresh, consensus, learning stage, checkpoint and persistence stages),
 * with turns and feedback between ticks so every stage has work.
 */
async function benchControlLoop(
  n: number,
  ticks: number,
): Promise<{ agents: number; medianTickMs: number; p95TickMs: number }> {
  const rapo = await Orchestrator.create({
    agents: Array.from({ length: n }, (_, i) => ({
      id: `agent-${i}`,
      role: `specialist ${i % 10}`,
      model: instantModel(`m${i}`),
    })),
    config: { loop: { autoStart: false } },
  });
  const turnsPerTick = 50;
  const play = async (count: number) => {
    for (let t = 0; t < count; t += 4) {
      const id = await rapo.startConversation();
      for (let k = 0; k < 4; k++) {
        const reply = await rapo.send({ conversationId: id, content: TURNS[k]! });
        await rapo.feedback(reply.turnId, k % 3 === 0 ? 0 : 1);
      }
      await rapo.endConversation(id);
    }
  };
  // warm-up: give agents handoff neighbours before measuring
  for (let w = 0; w < 10; w++) {
    await play(Math.min(2000, n * 2) / 10);
    await rapo.tick();
  }
  const times: number[] = [];
  for (let t = 0; t < ticks; t++) {
    await play(turnsPerTick);
    const started = performance.now();
    await rapo.tick();
    times.push(performance.now() - started);
  }
  await rapo.close();
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 100) / 100;
  return { agents: n, medianTickMs: at(0.5), p95TickMs: at(0.95) };
}

async function main(): Promise<void> {
  const consensus: ConsensusFigures[] = [];
  for (const n of SIZES) {
    const figures = benchConsensus(n, n >= 10_000 ? 20 : 40);
    consensus.push(figures);
    console.log(
      `consensus ${String(n).padStart(6)} agents: median tick ${figures.medianTickMs} ms (p95 ${figures.p95TickMs}), ` +
        `iterations ${figures.medianIterations}, converged ${(figures.convergedShare * 100).toFixed(0)}%, ` +
        `updated/tick ${figures.meanUpdatedAgents}, V ${figures.lyapunovFirst.toExponential(2)} → ${figures.lyapunovLast.toExponential(2)}`,
    );
  }
  const controlLoop: Awaited<ReturnType<typeof benchControlLoop>>[] = [];
  for (const n of SIZES) {
    const figures = await benchControlLoop(n, 30);
    controlLoop.push(figures);
    console.log(
      `control loop ${String(n).padStart(6)} agents: median tick ${figures.medianTickMs} ms (p95 ${figures.p95TickMs}) ` +
        "— outcomes, context, facts, routing table, consensus, learning, checkpoint, persistence",
    );
  }
  const convergence = convergenceTable();
  console.log(
    "convergence time vs the bound T = O(1/(αε)) — 500 agents, ≤ 8 neighbours, 64-dim prompts, β = 0, " +
      "ε relative to the starting disagreement V(0):",
  );
  console.log(convergenceMarkdown(convergence));
  const learning = await benchLearning();
  console.log(
    `learning: median train step ${learning.medianTrainStepMs} ms, ∇Q for 64 agents ${learning.medianGradQ64Ms} ms`,
  );
  console.log(
    JSON.stringify({
      bench: "consensus",
      machine: machine(),
      tickBudgetMs: config.consensus.tickBudgetMs,
      controlLoop,
      consensus: consensus.map((c) => ({
        agents: c.agents,
        medianTickMs: c.medianTickMs,
        p95TickMs: c.p95TickMs,
        medianIterations: c.medianIterations,
        convergedShare: c.convergedShare,
        meanUpdatedAgents: c.meanUpdatedAgents,
      })),
      convergence,
      ...learning,
    }),
  );
}

await main();
