/**
 * @module cli/scale-report
 * The outputs of `rapo scale`: the console table, `scale.md` (measured rows, then the paper's
 * Table 2 as a labelled reference, never mixed into the measured columns), `scale.svg` (small
 * multiples of memory, CPU, success and latencies against the number of agents, log–log, with the
 * paper's points as a third series) and `scale.json`.
 */
import type { TopLevelSpec } from "vega-lite";
import { renderSvg } from "../eval/report/figures.js";
import { mdTable } from "../eval/report/markdown.js";
import type { MachineInfo } from "../eval/report/report-input.js";

/** One measured row: one size in one mode. */
export interface ScaleRow {
  agents: number;
  mode: "embedded" | "distributed";
  /** RSS after a full GC, summed over rapo's processes (front + workers when distributed). */
  rssMB: number;
  heapMB: number;
  /** Redis `used_memory` (distributed only). */
  redisMB: number | null;
  /** CPU time of all processes (rapo's and Redis') over the measured phase's wall time, % of one core. */
  cpuPercent: number;
  turnP50Ms: number;
  turnP95Ms: number;
  success: number;
  failedTurns: number;
  turns: number;
  ticks: number;
  tickP50Ms: number;
  tickMaxMs: number;
  createMs: number;
  /** agents whose model was called at least once (so instantiated). */
  agentsUsed: number;
  /** processes the row's figures sum over. */
  processes: number;
}

/** The paper's Table 2 ("Scalability Analysis Results"), as printed; reference only. */
export const PAPER_TABLE_2: readonly {
  agents: number;
  memoryGB: number;
  cpuPercent: number;
  success: number;
}[] = [
  { agents: 10, memoryGB: 2.3, cpuPercent: 15, success: 0.95 },
  { agents: 50, memoryGB: 8.7, cpuPercent: 38, success: 0.92 },
  { agents: 100, memoryGB: 15.4, cpuPercent: 52, success: 0.89 },
  { agents: 500, memoryGB: 42.8, cpuPercent: 73, success: 0.86 },
  { agents: 1000, memoryGB: 76.5, cpuPercent: 85, success: 0.84 },
];

const HEADERS = [
  "agents",
  "mode",
  "RSS MB",
  "heap MB",
  "Redis MB",
  "CPU % (1 core)",
  "turn p50 ms",
  "turn p95 ms",
  "success",
  "failed turns",
  "tick p50 ms",
  "tick max ms",
  "create ms",
  "agents used",
];

function cells(r: ScaleRow): string[] {
  return [
    String(r.agents),
    r.mode,
    r.rssMB.toFixed(0),
    r.heapMB.toFixed(0),
    r.redisMB === null ? "–" : r.redisMB.toFixed(1),
    r.cpuPercent.toFixed(0),
    r.turnP50Ms.toFixed(2),
    r.turnP95Ms.toFixed(2),
    r.success.toFixed(3),
    String(r.failedTurns),
    r.tickP50Ms.toFixed(1),
    r.tickMaxMs.toFixed(1),
    r.createMs.toFixed(0),
    String(r.agentsUsed),
  ];
}

/** Plain-text table for the console. */
export function scaleTable(rows: readonly ScaleRow[]): string {
  const body = [HEADERS, ...rows.map(cells)];
  const widths = HEADERS.map((_, c) => Math.max(...body.map((r) => r[c]!.length)));
  return body.map((r) => r.map((cell, c) => cell.padStart(widths[c]!)).join("  ")).join("\n");
}

/** The Markdown report. */
export function scaleMarkdown(
  rows: readonly ScaleRow[],
  run: {
    turns: number;
    concurrency: number;
    seed: number;
    workers: number;
    machine: MachineInfo;
    loadAverage: number[];
  },
): string {
  const m = run.machine;
  return [
    "# rapo scale (the paper's Table 2)",
    "",
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGb} GB, ${m.platform}, Node ${m.node}; load average at the end ${run.loadAverage.map((x) => x.toFixed(1)).join(" / ")}.`,
    `Per size: ${run.turns} turns of synthetic conversations (seed ${run.seed}) in ${run.concurrency} parallel lanes, simulated models (instant: no model time), verifier outcomes fed back, one control-loop tick per conversation. Distributed: the orchestrator in one process, the agents' models in ${run.workers} worker processes behind a Redis turn bus on loopback.`,
    "",
    "## Measured",
    "",
    mdTable(HEADERS, rows.map(cells)),
    "",
    "- RSS and heap after a full GC at the end of the size, summed over rapo's processes; Redis memory separately.",
    "- CPU: CPU time of every process involved (with Redis) over the measured phase's wall time, in % of one core.",
    "- Turn latency: wall time of `send()`, routing, prompt, model call (through Redis when distributed), recording.",
    "- Success: verified success on answerable turns (a failed turn counts as a failure).",
    "- Tick: wall time of one control-loop tick (outcomes, context, routing table, consensus, checkpoint) run after each conversation.",
    "- Agents used: agents whose model was called, so built (models are built on first use).",
    "",
    "## Reference: the paper's Table 2 (reported by the paper, not measured here)",
    "",
    mdTable(
      ["agents", "memory (GB)", "CPU load (%)", "success rate"],
      PAPER_TABLE_2.map((p) => [
        String(p.agents),
        p.memoryGB.toFixed(1),
        String(p.cpuPercent),
        p.success.toFixed(2),
      ]),
    ),
    "",
    "The paper does not say what its memory and CPU figures include (model hosting, coordination metadata), on what hardware, or how success is judged, so the two tables are shown side by side, not compared as like for like.",
    "",
    "![scale figure](scale.svg)",
    "",
  ].join("\n");
}

/** The SVG figure: one panel per quantity, x = agents (log), measured modes and the paper's points. */
export function scaleFigure(rows: readonly ScaleRow[]): Promise<string> {
  const values: { agents: number; quantity: string; series: string; value: number }[] = [];
  for (const r of rows) {
    const series = `rapo ${r.mode} (measured)`;
    values.push(
      { agents: r.agents, quantity: "memory (MB, RSS)", series, value: r.rssMB },
      { agents: r.agents, quantity: "CPU (% of one core)", series, value: r.cpuPercent },
      { agents: r.agents, quantity: "success", series, value: r.success },
      { agents: r.agents, quantity: "turn p50 (ms)", series, value: r.turnP50Ms },
      { agents: r.agents, quantity: "control tick p50 (ms)", series, value: r.tickP50Ms },
    );
  }
  for (const p of PAPER_TABLE_2) {
    const series = "paper Table 2 (reference)";
    values.push(
      { agents: p.agents, quantity: "memory (MB, RSS)", series, value: p.memoryGB * 1024 },
      { agents: p.agents, quantity: "CPU (% of one core)", series, value: p.cpuPercent },
      { agents: p.agents, quantity: "success", series, value: p.success },
    );
  }
  const spec: TopLevelSpec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: "rapo scale: measured vs the paper's Table 2",
    data: { values },
    facet: { field: "quantity", type: "nominal", title: null, sort: null },
    columns: 3,
    resolve: { scale: { y: "independent" } },
    spec: {
      width: 220,
      height: 150,
      mark: { type: "line", point: true },
      encoding: {
        x: { field: "agents", type: "quantitative", scale: { type: "log" }, title: "agents" },
        // log: the paper's memory is ~100 × rapo's; a linear axis would flatten rapo's line
        y: { field: "value", type: "quantitative", title: null, scale: { type: "log" } },
        color: {
          field: "series",
          type: "nominal",
          title: null,
          legend: { orient: "bottom", labelLimit: 400, direction: "vertical" },
        },
      },
    },
  };
  return renderSvg(spec);
}
