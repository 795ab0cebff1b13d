/**
 * @module bench/convergence-time
 * The paper's convergence-time bound (SPEC §4: E‖Φ(t) − Φ*‖² ≤ ε within T = O(1/(αε))
 * iterations) against what the consensus engine does. From random unit prompt vectors on a
 * sparse random graph, ticks run until ‖Φ(t) − Φ*‖²/‖Φ(0) − Φ*‖² = V(t)/V(0) ≤ ε (V the
 * engine's Lyapunov value, so ε is relative to the starting disagreement); "ticks" counts
 * consensus updates (the paper's iterations), "inner" the Picard iterations inside them. The
 * bound is reported with constant 1: ratio = ticks / (1/(αε)). Consensus term only (β = 0): the
 * β∇Q term moves the fixed point Φ* itself.
 */
import { configSchema } from "../src/config/schema.js";
import { ConsensusEngine } from "../src/consensus/consensus-engine.js";
import { buildConsensusGraph } from "../src/consensus/consensus-graph.js";
import { randomSparseGraph, randomUnitVectors } from "../src/consensus/graph-generators.js";
import { lyapunov } from "../src/consensus/lyapunov.js";

/** One row of the table. */
export interface ConvergenceRow {
  alpha: number;
  epsilon: number;
  /** consensus ticks until V(t)/V(0) ≤ ε (null: not within `maxTicks`). */
  ticks: number | null;
  /** Picard iterations summed over those ticks. */
  innerIterations: number;
  bound: number;
  ratio: number | null;
}

/** Runs the grid on `agents` agents (≤ 8 neighbours, `dim`-dimensional prompts). */
export function convergenceTable(
  agents = 500,
  dim = 64,
  alphas: readonly number[] = [0.05, 0.1, 0.2],
  epsilons: readonly number[] = [1e-1, 1e-2, 1e-3, 1e-4],
  maxTicks = 20_000,
): ConvergenceRow[] {
  const rows: ConvergenceRow[] = [];
  const edges = randomSparseGraph(agents, 8, 7);
  for (const alpha of alphas) {
    const config = configSchema.parse({
      state: { promptDim: dim },
      consensus: { alpha, beta: 0, tickBudgetMs: 10_000 },
    });
    const engine = ConsensusEngine.fromConfig(config);
    for (const [a, b] of edges) engine.observeHandoff(`a${a}`, `a${b}`, 0.8);
    const views = randomUnitVectors(agents, dim, 11).map((prompt, i) => ({
      id: `a${i}`,
      prompt,
      utilisation: 1,
    }));
    const pending = [...epsilons].sort((a, b) => b - a);
    const ids = views.map((v) => v.id);
    const graph = buildConsensusGraph(ids, engine.pairs, config.consensus.maxNeighbours);
    const v0 = lyapunov(
      graph,
      views.map((v) => v.prompt),
      views.map((v) => v.utilisation),
      dim,
    ).value;
    let inner = 0;
    for (let tick = 1; tick <= maxTicks && pending.length > 0; tick++) {
      const report = engine.tick(views);
      inner += report.iterations;
      while (pending.length > 0 && report.lyapunov / v0 <= pending[0]!) {
        const epsilon = pending.shift()!;
        const bound = 1 / (alpha * epsilon);
        rows.push({ alpha, epsilon, ticks: tick, innerIterations: inner, bound, ratio: tick / bound });
      }
    }
    for (const epsilon of pending)
      rows.push({
        alpha,
        epsilon,
        ticks: null,
        innerIterations: inner,
        bound: 1 / (alpha * epsilon),
        ratio: null,
      });
  }
  return rows.sort((a, b) => a.alpha - b.alpha || b.epsilon - a.epsilon);
}

/** The table as Markdown. */
export function convergenceMarkdown(rows: readonly ConvergenceRow[]): string {
  const lines = [
    "| α | ε | observed ticks to ε | Picard iterations | bound 1/(αε) | ratio |",
    "|---|---|---|---|---|---|",
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.alpha} | ${r.epsilon} | ${r.ticks ?? "not reached"} | ${r.innerIterations} | ${Math.round(r.bound)} | ${r.ratio === null ? "—" : r.ratio.toPrecision(2)} |`,
    );
  }
  return lines.join("\n");
}
