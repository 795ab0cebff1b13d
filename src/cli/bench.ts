/**
 * @module cli/bench
 * `rapo bench`: plays the same synthetic conversations through every method (rapo, the four
 * baselines, the four ablations) on freshly built simulated agents, summarises the runs with
 * statistics, writes the Markdown report with its SVG figures, and prints a short table (or one
 * JSON object with `--json`).
 *
 * Bad input fails before any work, with a typed error: unknown method names, zero conversations,
 * a malformed or truncated dataset, an output directory that cannot be written. The report is
 * written only once every method has finished; a failure leaves no report that looks complete.
 */
import { randomUUID } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { resolveConfig } from "../config/resolve.js";
import { InputError } from "../errors.js";
import { generateDataset } from "../eval/generator/generate.js";
import { readJsonl } from "../eval/generator/jsonl.js";
import type { SyntheticConversation } from "../eval/generator/types.js";
import { selectMethods } from "../eval/methods/registry.js";
import type { EvalMethod } from "../eval/methods/types.js";
import { machineInfo } from "../eval/report/machine.js";
import { renderReport } from "../eval/report/render-report.js";
import type { EvaluationSummary } from "../eval/report/report-input.js";
import { summarizeEvaluation } from "../eval/report/summarize.js";
import { writeReport } from "../eval/report/write-report.js";
import { benchNotes } from "../eval/runner/bench-notes.js";
import { runMethod } from "../eval/runner/run-method.js";
import type { MethodResult } from "../eval/types.js";
import { createProgress, type Progress } from "./progress.js";

/** Options of `rapo bench` (as parsed by commander in `main.ts`). */
export interface BenchOptions {
  conversations: number;
  seed: number;
  quick?: boolean;
  data?: string;
  methods?: string;
  out: string;
  json?: boolean;
}

/** `--quick` plays at most this many conversations. */
export const QUICK_CONVERSATIONS = 100;

/** What a bench run produced (also what `--json` prints, without the per-method runs). */
export interface BenchOutcome {
  summary: EvaluationSummary;
  results: MethodResult[];
  reportPath: string;
  /** mean measured orchestration overhead per turn, ms, per method. */
  overheadMs: Record<string, number>;
  wallSeconds: number;
  command: string;
}

/** Runs the benchmark and prints its outcome through `out`. */
export async function runBench(options: BenchOptions, out: (line: string) => void): Promise<BenchOutcome> {
  const outcome = await bench(options, createProgress(options.json === true));
  out(options.json ? JSON.stringify(benchJson(outcome)) : renderTable(outcome));
  return outcome;
}

/**
 * The benchmark without printing: validates the input, plays every method, writes the report.
 * @throws InputError on bad input (see the module comment).
 */
export async function bench(
  options: BenchOptions,
  progress: Progress = createProgress(true),
): Promise<BenchOutcome> {
  const started = performance.now();
  const methods = selectMethods(options.methods === undefined ? undefined : options.methods.split(","));
  const limit = conversationLimit(options);
  await assertWritable(options.out);
  const dataset = await loadDataset(options, limit);
  const config = resolveConfig({});
  const results: MethodResult[] = [];
  const overheadMs: Record<string, number> = {};
  progress.start(methods.length * dataset.length, "conversations × methods");
  try {
    for (const method of methods) {
      const { result, overhead } = await playMethod(method, dataset, options.seed, progress);
      results.push(result);
      overheadMs[method.id] = overhead;
    }
  } finally {
    progress.stop();
  }
  const summary = summarizeEvaluation(results, {
    eval: config.eval,
    seed: options.seed,
    reference: referenceOf(methods),
  });
  const command = reproduceCommand(options, dataset.length);
  const wallSeconds = (performance.now() - started) / 1000;
  const report = await renderReport({
    ...summary,
    reproduce: {
      command,
      seed: options.seed,
      conversations: dataset.length,
      ...(options.data ? { dataset: options.data } : {}),
    },
    machine: machineInfo(),
    notes: benchNotes({ methods, overheadMs, wallSeconds }),
  });
  const written = await writeReport(options.out, report);
  return { summary, results, reportPath: written.reportPath, overheadMs, wallSeconds, command };
}

async function playMethod(
  method: EvalMethod,
  dataset: readonly SyntheticConversation[],
  seed: number,
  progress: Progress,
) {
  let overhead = 0;
  let turns = 0;
  const result = await runMethod(method, dataset, {
    seed,
    onTurn: (o) => {
      overhead += o.overheadMs;
      turns++;
    },
    onConversation: () => progress.tick(),
  });
  return { result, overhead: turns === 0 ? 0 : overhead / turns };
}

function referenceOf(methods: readonly EvalMethod[]): string {
  return (methods.find((m) => m.kind === "rapo") ?? methods[0]!).id;
}

function conversationLimit(options: BenchOptions): number {
  const n = options.conversations;
  if (!(Number.isInteger(n) && n > 0)) {
    throw new InputError(
      "invalid_conversations",
      `--conversations must be a positive integer, got ${String(n)}`,
      { conversations: n },
    );
  }
  if (!Number.isInteger(options.seed))
    throw new InputError("invalid_seed", `--seed must be an integer, got ${String(options.seed)}`);
  return options.quick ? Math.min(n, QUICK_CONVERSATIONS) : n;
}

async function loadDataset(options: BenchOptions, limit: number): Promise<SyntheticConversation[]> {
  if (!options.data) return generateDataset({ conversations: limit, seed: options.seed });
  let dataset: SyntheticConversation[];
  try {
    dataset = await readJsonl(options.data);
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException)?.code;
    throw new InputError(
      "dataset_unreadable",
      `cannot read dataset '${options.data}': ${(error as Error).message}`,
      { path: options.data, code },
    );
  }
  if (dataset.length === 0)
    throw new InputError("no_conversations", `dataset '${options.data}' holds no conversation`, {
      path: options.data,
    });
  return dataset.slice(0, limit);
}

/** Fails early (before minutes of benchmarking) when the report directory cannot be written. */
async function assertWritable(dir: string): Promise<void> {
  const probe = path.join(dir, `.rapo-bench-probe-${process.pid}-${randomUUID().slice(0, 8)}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, "");
    await rm(probe, { force: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputError(
      "output_not_writable",
      `cannot write the report to '${dir}': ${reason}; nothing was run`,
      { dir },
    );
  }
}

function reproduceCommand(options: BenchOptions, conversations: number): string {
  const parts = ["rapo bench", `--conversations ${conversations}`, `--seed ${options.seed}`];
  if (options.data) parts.push(`--data ${quote(options.data)}`);
  if (options.methods) parts.push(`--methods ${quote(options.methods)}`);
  parts.push(`--out ${quote(options.out)}`);
  return parts.join(" ");
}

function quote(s: string): string {
  return /^[\w./,:=-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

/** The `--json` object: per method the headline numbers, then the statistics. */
export function benchJson(outcome: BenchOutcome) {
  const { summary } = outcome;
  return {
    reference: summary.reference,
    seed: summary.settings.seed,
    conversations: summary.methods[0]?.metrics.conversations ?? 0,
    command: outcome.command,
    reportPath: outcome.reportPath,
    wallSeconds: round(outcome.wallSeconds, 1),
    methods: summary.methods.map((m) => ({
      method: m.method,
      label: m.label,
      kind: m.kind,
      responseTimeMeanMs: m.metrics.responseTimeMeanMs,
      responseTimeP95Ms: m.metrics.responseTimeP95Ms,
      turnLatencyMeanMs: m.metrics.turnLatencyMeanMs,
      contextScore: m.metrics.contextScore,
      handoffSuccess: m.metrics.handoffSuccess,
      success: m.metrics.success,
      successAt15to25: summary.longConversations.find((l) => l.method === m.method)?.success ?? null,
      transitionsMean: m.metrics.transitionsMean,
      failureModes: m.metrics.failureModes,
      overheadMsPerTurn: outcome.overheadMs[m.method] ?? null,
    })),
    comparisons: summary.comparisons,
    longConversations: summary.longConversations,
    quartiles: summary.quartiles,
  };
}

function renderTable(outcome: BenchOutcome): string {
  const { summary } = outcome;
  const head = `${"method".padEnd(28)} ${"rt mean".padStart(8)} ${"rt p95".padStart(8)} ${"context".padStart(8)} ${"handoff".padStart(8)} ${"success".padStart(8)} ${"15-25 tr".padStart(9)}`;
  const rows = summary.methods.map((m) => {
    const x = m.metrics;
    const long = summary.longConversations.find((l) => l.method === m.method);
    return `${m.label.padEnd(28)} ${fmt(x.responseTimeMeanMs, 0).padStart(8)} ${fmt(x.responseTimeP95Ms, 0).padStart(8)} ${fmt(x.contextScore, 3).padStart(8)} ${fmt(x.handoffSuccess, 3).padStart(8)} ${fmt(x.success, 3).padStart(8)} ${fmt(long?.success ?? null, 3).padStart(9)}`;
  });
  const n = summary.methods[0]?.metrics.conversations ?? 0;
  return [
    `rapo bench: ${n} conversations, seed ${summary.settings.seed}, ${summary.methods.length} methods, ${fmt(outcome.wallSeconds, 1)} s`,
    "response times in simulated ms per conversation (model latency with queueing + measured orchestration overhead)",
    "",
    head,
    ...rows,
    "",
    `report: ${outcome.reportPath}`,
    `reproduce: ${outcome.command}`,
  ].join("\n");
}

function fmt(x: number | null, digits: number): string {
  return x === null || !Number.isFinite(x) ? "–" : x.toFixed(digits);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
