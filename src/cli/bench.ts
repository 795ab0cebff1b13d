/**
 * @module cli/bench
 * `rapo bench`: for each scenario (all five preregistered built-ins by default, or the one named
 * by `--scenario <name-or-file>`), plays the same synthetic conversations through every method on
 * freshly built simulated agents, summarises the runs with statistics, writes one Markdown report
 * with a section and figures per scenario, and prints a short table (or one JSON object with
 * `--json`).
 *
 * Time is simulated (see `eval/runner/run-clock`), so every number is identical for a seed
 * whatever the CPU is doing; the wall time of the run is reported separately.
 *
 * Bad input fails before any work, with a typed error: an unknown method or scenario, an invalid
 * scenario file (the field named), zero conversations, a malformed or truncated dataset, an
 * output directory that cannot be written. The report is written only once every scenario has
 * finished; a failure leaves no report that looks complete.
 */
import { randomUUID } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { resolveConfig } from "../config/resolve.js";
import { ConfigError, InputError } from "../errors.js";
import { generateDataset } from "../eval/generator/generate.js";
import { readJsonl } from "../eval/generator/jsonl.js";
import type { SyntheticConversation } from "../eval/generator/types.js";
import { selectMethods } from "../eval/methods/registry.js";
import type { EvalMethod } from "../eval/methods/types.js";
import { loadLiteralEmbedder } from "../eval/metrics/literal-embedder.js";
import { referenceAnswers } from "../eval/metrics/reference-answers.js";
import { machineInfo } from "../eval/report/machine.js";
import { renderBenchReport } from "../eval/report/render-report.js";
import type { EvaluationSummary } from "../eval/report/report-input.js";
import { summarizeEvaluation } from "../eval/report/summarize.js";
import { writeReport } from "../eval/report/write-report.js";
import { benchNotes } from "../eval/runner/bench-notes.js";
import { runMethod } from "../eval/runner/run-method.js";
import { BUILTIN_SCENARIOS, loadScenario } from "../eval/scenario/loader.js";
import type { Scenario } from "../eval/scenario/schema.js";
import { generatorOptionsOf } from "../eval/scenario/world.js";
import type { MethodResult } from "../eval/types.js";
import { createProgress, type Progress } from "./progress.js";

/** Options of `rapo bench` (as parsed by commander in `main.ts`). */
export interface BenchOptions {
  /** conversations per scenario (default: each scenario's `workload.conversations`). */
  conversations?: number;
  seed: number;
  quick?: boolean;
  data?: string;
  methods?: string;
  out: string;
  json?: boolean;
  /** a built-in scenario name or a scenario file; absent: every built-in scenario. */
  scenario?: string;
}

/** `--quick` plays this share of each scenario's conversations (at least {@link QUICK_MIN}). */
export const QUICK_SHARE = 0.04;
/** Fewest conversations `--quick` plays per scenario. */
export const QUICK_MIN = 4;
/** Bootstrap resamples of `--quick` (a full run uses `eval.bootstrapResamples`, SPEC §10: 10,000). */
export const QUICK_RESAMPLES = 1000;

/** One scenario's outcome. */
export interface ScenarioOutcome {
  scenario: Scenario;
  summary: EvaluationSummary;
  results: MethodResult[];
  conversations: number;
  /** mean measured orchestration overhead per turn (wall ms, not in any latency), per method. */
  overheadMs: Record<string, number>;
}

/** What a bench run produced (also what `--json` prints, without the per-method runs). */
export interface BenchOutcome {
  scenarios: ScenarioOutcome[];
  reportPath: string;
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
 * The benchmark without printing: validates the input, plays every scenario and method, writes
 * the report.
 * @throws InputError on bad input (see the module comment).
 */
export async function bench(
  options: BenchOptions,
  progress: Progress = createProgress(true),
): Promise<BenchOutcome> {
  const started = performance.now();
  checkNumbers(options);
  const methods = selectMethods(options.methods === undefined ? undefined : options.methods.split(","));
  const scenarios = await loadScenarios(options);
  await assertWritable(options.out);
  const data = options.data ? await loadDataset(options.data) : undefined;
  const plans = scenarios.map((scenario) => {
    const n = conversationsFor(options, scenario, data?.length);
    const dataset = data ? data.slice(0, n) : generateDataset(generatorOptionsOf(scenario, n, options.seed));
    return { scenario, dataset };
  });
  const config = resolveConfig({});
  const literal = await loadLiteralEmbedder();
  const outcomes: ScenarioOutcome[] = [];
  const total = plans.reduce((s, p) => s + p.dataset.length, 0) * methods.length;
  progress.start(total, "conversations × methods × scenarios");
  try {
    for (const { scenario, dataset } of plans) {
      const references = await referenceAnswers(dataset);
      const results: MethodResult[] = [];
      const overheadMs: Record<string, number> = {};
      for (const method of methods) {
        const { result, overhead } = await playMethod(method, dataset, options.seed, scenario, progress);
        results.push(result);
        overheadMs[method.id] = overhead;
      }
      const summary = summarizeEvaluation(results, {
        // --quick is a smoke run: fewer bootstrap resamples (the report prints how many were used)
        eval: options.quick ? { ...config.eval, bootstrapResamples: QUICK_RESAMPLES } : config.eval,
        seed: options.seed,
        reference: referenceOf(methods),
        references,
        literal,
        scenario: {
          name: scenario.name,
          description: scenario.description,
          markers: scenario.drift.map((d) => ({
            at: Math.floor(d.at * dataset.length),
            label: `${d.agent} ${d.taskType} ${d.from}→${d.to}`,
          })),
          drift: scenario.drift.map((d) => ({
            agent: d.agent,
            taskType: d.taskType,
            at: Math.floor(d.at * dataset.length),
            label: `${d.from}→${d.to}`,
          })),
        },
      });
      outcomes.push({ scenario, summary, results, conversations: dataset.length, overheadMs });
    }
  } finally {
    progress.stop();
  }
  const command = reproduceCommand(options);
  const wallSeconds = (performance.now() - started) / 1000;
  const report = await renderBenchReport({
    scenarios: outcomes.map((o) => o.summary),
    reproduce: {
      command,
      seed: options.seed,
      conversations: outcomes.reduce((s, o) => s + o.conversations, 0),
      ...(options.data ? { dataset: options.data } : {}),
    },
    machine: machineInfo(),
    notes: [
      ...benchNotes({
        methods,
        scenarios: outcomes.map((o) => ({
          scenario: o.scenario,
          conversations: o.conversations,
          overheadMs: o.overheadMs,
        })),
        wallSeconds,
      }),
      literal.note,
    ],
  });
  const written = await writeReport(options.out, report);
  return { scenarios: outcomes, reportPath: written.reportPath, wallSeconds, command };
}

async function playMethod(
  method: EvalMethod,
  dataset: readonly SyntheticConversation[],
  seed: number,
  scenario: Scenario,
  progress: Progress,
) {
  let overhead = 0;
  let turns = 0;
  const result = await runMethod(method, dataset, {
    seed,
    scenario,
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

function checkNumbers(options: BenchOptions): void {
  const n = options.conversations;
  if (n !== undefined && !(Number.isInteger(n) && n > 0)) {
    throw new InputError(
      "invalid_conversations",
      `--conversations must be a positive integer, got ${String(n)}`,
      { conversations: n },
    );
  }
  if (!Number.isInteger(options.seed))
    throw new InputError("invalid_seed", `--seed must be an integer, got ${String(options.seed)}`);
}

/** The scenarios to run: the one named by `--scenario`, or every built-in one. */
async function loadScenarios(options: BenchOptions): Promise<Scenario[]> {
  const refs = options.scenario !== undefined ? [options.scenario] : [...BUILTIN_SCENARIOS];
  if (options.scenario !== undefined && options.scenario.trim() === "")
    throw new InputError("invalid_scenario", "--scenario needs a built-in name or a scenario file");
  const out: Scenario[] = [];
  for (const ref of refs) {
    try {
      out.push(await loadScenario(ref));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      throw new InputError("invalid_scenario", error.message, { scenario: ref, ...error.details });
    }
  }
  return out;
}

/** Conversations to play in `scenario`: `--conversations`, else its own, cut by `--quick` and the dataset. */
function conversationsFor(options: BenchOptions, scenario: Scenario, available?: number): number {
  let n = options.conversations ?? scenario.workload.conversations;
  if (options.quick) {
    // never fewer than the conversations in flight, or the scenario's offered load is never reached
    const c = scenario.workload.concurrency;
    const inFlight = typeof c === "number" ? c : Math.max(c.start, c.end);
    n = Math.min(n, Math.max(QUICK_MIN, inFlight, Math.ceil(scenario.workload.conversations * QUICK_SHARE)));
  }
  return available === undefined ? n : Math.min(n, available);
}

async function loadDataset(file: string): Promise<SyntheticConversation[]> {
  let dataset: SyntheticConversation[];
  try {
    dataset = await readJsonl(file);
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException)?.code;
    throw new InputError("dataset_unreadable", `cannot read dataset '${file}': ${(error as Error).message}`, {
      path: file,
      code,
    });
  }
  if (dataset.length === 0)
    throw new InputError("no_conversations", `dataset '${file}' holds no conversation`, { path: file });
  return dataset;
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

function reproduceCommand(options: BenchOptions): string {
  const parts = ["rapo bench"];
  if (options.scenario !== undefined) parts.push(`--scenario ${quote(options.scenario)}`);
  if (options.conversations !== undefined) parts.push(`--conversations ${options.conversations}`);
  if (options.quick) parts.push("--quick");
  parts.push(`--seed ${options.seed}`);
  if (options.data) parts.push(`--data ${quote(options.data)}`);
  if (options.methods) parts.push(`--methods ${quote(options.methods)}`);
  parts.push(`--out ${quote(options.out)}`);
  return parts.join(" ");
}

function quote(s: string): string {
  return /^[\w./,:=-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

/** The `--json` object: per scenario and method the headline numbers, then the statistics. */
export function benchJson(outcome: BenchOutcome) {
  return {
    command: outcome.command,
    reportPath: outcome.reportPath,
    wallSeconds: round(outcome.wallSeconds, 1),
    scenarios: outcome.scenarios.map(({ scenario, summary, conversations, overheadMs }) => ({
      scenario: scenario.name,
      reference: summary.reference,
      seed: summary.settings.seed,
      conversations,
      methods: summary.methods.map((m) => ({
        method: m.method,
        label: m.label,
        kind: m.kind,
        success: m.metrics.success,
        successInDeadline: m.metrics.successInDeadline,
        responseTimeMeanMs: m.metrics.responseTimeMeanMs,
        responseTimeP95Ms: m.metrics.responseTimeP95Ms,
        turnLatencyP95Ms: m.metrics.turnLatencyP95Ms,
        costPerSuccessUsd: m.metrics.costPerSuccessUsd,
        factPreservation: m.metrics.factPreservation,
        handoffSuccess: m.metrics.handoffSuccess,
        referenceRouge: m.metrics.referenceRouge,
        contextScore: m.metrics.contextScore,
        literalHandoffSuccess: m.metrics.literalHandoffSuccess,
        transitionsMean: m.metrics.transitionsMean,
        failureCauses: m.metrics.failureCauses,
        overheadMsPerTurn: overheadMs[m.method] ?? null,
      })),
      comparisons: summary.comparisons,
      ...(summary.driftTraffic ? { driftTraffic: summary.driftTraffic } : {}),
    })),
  };
}

function renderTable(outcome: BenchOutcome): string {
  const lines = [
    `rapo bench: ${outcome.scenarios.length} scenario(s), ${fmt(outcome.wallSeconds, 1)} s wall`,
  ];
  lines.push("latencies in simulated ms (identical for a seed whatever the CPU does); cost in USD");
  for (const { scenario, summary, conversations } of outcome.scenarios) {
    lines.push("", `## ${scenario.name}: ${conversations} conversations, seed ${summary.settings.seed}`);
    lines.push(
      `${"method".padEnd(28)} ${"success".padStart(8)} ${"in dl".padStart(8)} ${"p95 turn".padStart(9)} ${"$/succ".padStart(9)} ${"facts".padStart(6)} ${"handoff".padStart(8)} ${"refRL".padStart(6)}`,
    );
    for (const m of summary.methods) {
      const x = m.metrics;
      lines.push(
        `${m.label.padEnd(28)} ${fmt(x.success, 3).padStart(8)} ${fmt(x.successInDeadline, 3).padStart(8)} ${fmt(x.turnLatencyP95Ms, 0).padStart(9)} ${fmt(x.costPerSuccessUsd, 5).padStart(9)} ${fmt(x.factPreservation, 3).padStart(6)} ${fmt(x.handoffSuccess, 3).padStart(8)} ${fmt(x.referenceRouge, 3).padStart(6)}`,
      );
    }
  }
  lines.push("", `report: ${outcome.reportPath}`, `reproduce: ${outcome.command}`);
  return lines.join("\n");
}

function fmt(x: number | null, digits: number): string {
  return x === null || !Number.isFinite(x) ? "–" : x.toFixed(digits);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
