/**
 * @module eval/report/render-report
 * The Markdown report (issue 9): reproduction and machine, how to read the numbers, the methods,
 * then one section per scenario — every method's primary metrics with bootstrap CIs, rapo against
 * every method (Welch, Bonferroni, Cohen's d), the figures, failure causes, the paper's Table 1
 * beside the paper-literal row (with the cosine calibration and one sentence on comparability),
 * the paper's Table 3 beside the measured context-score comparisons, and breakdowns — and the
 * paper's Table 2 when scalability rows are given. Figures are linked by relative path
 * `figures/<name>.svg`; `writeReport` writes them there.
 */
import { InputError } from "../../errors.js";
import { FAILURE_CAUSE_LABELS } from "../metrics/failure-causes.js";
import {
  bucketSuccess,
  byTransitionsTable,
  failureModesTable,
  longConversationsTable,
  targetsTable,
  windowsTable,
} from "./breakdown-tables.js";
import { driftTrafficTable } from "./drift-traffic.js";
import { type ReportFigure, renderFigures } from "./figures.js";
import { methodsTable, table2, table3 } from "./performance-tables.js";
import type { BenchReportInput, EvaluationSummary, ReportInput } from "./report-input.js";
import {
  COMPARABILITY_NOTE,
  calibrationTable,
  comparisonMatrix,
  failureCausesTable,
  literalTable,
  methodLabel,
  primaryTable,
} from "./scenario-tables.js";

/** A rendered report: Markdown plus the SVG figures it links to. */
export interface Report {
  markdown: string;
  figures: ReportFigure[];
}

/**
 * Renders the report of one summary (a single scenario or dataset).
 * @throws InputError when there is no method or the reference method is missing.
 */
export async function renderReport(input: ReportInput): Promise<Report> {
  const { reproduce, machine, scalability, generatedAt, notes, ...summary } = input;
  return renderBenchReport({
    scenarios: [summary],
    reproduce,
    machine,
    ...(scalability ? { scalability } : {}),
    ...(generatedAt ? { generatedAt } : {}),
    ...(notes ? { notes } : {}),
  });
}

/**
 * Renders the report of a whole bench run: one section per scenario.
 * @throws InputError when there is no scenario, a scenario has no method, its reference method is
 * missing, or two scenarios share a name (their figure files would collide).
 */
export async function renderBenchReport(input: BenchReportInput): Promise<Report> {
  if (input.scenarios.length === 0)
    throw new InputError("no_scenarios", "cannot render a report without scenarios");
  const names = new Set<string>();
  for (const s of input.scenarios) {
    if (s.methods.length === 0) throw new InputError("no_methods", "cannot render a report without methods");
    if (!s.methods.some((m) => m.method === s.reference))
      throw new InputError("unknown_method", `reference method '${s.reference}' is not among the methods`);
    const name = s.scenario?.name ?? "run";
    if (names.has(name)) throw new InputError("duplicate_scenario", `scenario '${name}' appears twice`);
    names.add(name);
  }
  const figures: ReportFigure[] = [];
  const out = [
    "# rapo evaluation report",
    reproduction(input),
    "## How to read the numbers",
    readingGuide(),
    "## Methods",
    methodsTable(allMethods(input)),
  ];
  for (const summary of input.scenarios) {
    const own = await renderFigures(summary);
    figures.push(...own);
    out.push(...scenarioSection(summary, own));
  }
  const scale = table2(input);
  if (scale) out.push("## Table 2: scalability, paper vs measured", scale);
  if (input.notes && input.notes.length > 0)
    out.push("## Notes", input.notes.map((n) => `- ${n}`).join("\n"));
  return { markdown: `${out.join("\n\n")}\n`, figures };
}

function allMethods(input: BenchReportInput): Pick<EvaluationSummary, "methods"> {
  const seen = new Map<string, EvaluationSummary["methods"][number]>();
  for (const s of input.scenarios) for (const m of s.methods) if (!seen.has(m.method)) seen.set(m.method, m);
  return { methods: [...seen.values()] };
}

function scenarioSection(summary: EvaluationSummary, figures: readonly ReportFigure[]): string[] {
  const s = summary.settings;
  const name = summary.scenario?.name ?? "run";
  const n = summary.methods[0]?.metrics.conversations ?? 0;
  const out = [`## Scenario \`${name}\``];
  if (summary.scenario?.description) out.push(summary.scenario.description);
  out.push(
    `${n} conversations per method, identical for every method.`,
    "### Primary metrics, every method",
    primaryTable(summary),
    "### rapo against every method",
    comparisonMatrix(summary),
    "### Figures",
    ...figures.map((f) => `![${f.title}](figures/${f.name})`),
    ...(summary.driftTraffic ?? []).flatMap((d) => [
      "### Traffic to the drifting agent",
      driftTrafficTable(d, (method) => methodLabel(summary, method)),
    ]),
    "### Failure causes",
    failureCauseRules(),
    failureCausesTable(summary),
    "The same failures in the paper's Figure 1 categories (mapped from the causes, never from a cosine):",
    failureModesTable(summary),
    "### Paper-literal metrics beside the paper's Table 1",
    COMPARABILITY_NOTE,
    literalTable(summary),
    "#### Cosine threshold calibration",
    calibrationTable(summary),
    "#### Paper's Table 3 (context score) beside the measured comparisons",
    `Welch's t-test, Bonferroni over the baselines (α = ${s.alpha}/m), Cohen's d with pooled SD, percentile bootstrap CI of the ` +
      `difference of per-conversation means (${s.bootstrapResamples} resamples, seed ${s.seed}).`,
    table3(summary),
    `### Success by number of transitions (0–${s.maxTransitionsBucket - 1}, ${s.maxTransitionsBucket}+; share of conversations)`,
    byTransitionsTable(summary, bucketSuccess),
    "### Long conversations (SPEC §11)",
    longConversationsTable(summary),
    `### End-to-end success in windows of ${s.window} conversations (share of conversations)`,
    windowsTable(summary, "success"),
    "### SPEC §11 targets (paper definitions, measured as above)",
    targetsTable(summary),
  );
  return out;
}

function readingGuide(): string {
  return [
    "- **End-to-end success**: share of conversations whose every required turn (one with an expected output in the answer key) the rule verifier accepted. No lexical or cosine rule.",
    "- **Success within deadline**: end-to-end success and no turn later than the scenario's client deadline (a late turn is a failed turn for the user); equals end-to-end success in scenarios without a deadline.",
    "- **Turn latency p95**: 95th percentile of per-turn latency pooled over all turns (simulated ms; queueing, retries and failovers included).",
    "- **Cost per success**: the cost of all conversations (input and output tokens at each agent's price) divided by the conversations that succeeded within the deadline.",
    "- **Fact preservation**: per conversation, the share of its handoff turns needing a fact stated earlier where every such fact was in the receiving agent's prompt; averaged over the conversations with at least one such handoff.",
    "- **Handoff success**: per conversation, the share of handoffs whose receiver's first answer the verifier accepted (on a required turn) or that needed no clarification (on other turns); averaged over the conversations with a handoff.",
    "- **Reference ROUGE-L**: per conversation, the mean over handoffs of ROUGE-L F between the receiver's answer and the answer of a full-context oracle agent to the same turn; averaged over the conversations with a handoff.",
    "- **Paper-literal** (only beside the paper's Table 1): context score = ROUGE-L F between the sender's last and the receiver's first answer; cosine handoff success with a real word embedding and a calibrated threshold.",
    "- Every rate in the tables, the CIs and the tests is averaged per conversation (the unit that is resampled), so one metric has one value. CIs are percentile bootstrap intervals over conversations.",
    "- Rows: rapo (◀, the reference of every comparison), the oracle ceiling and no-context floor, the baselines, then rapo's variants and ablations.",
  ].join("\n");
}

function failureCauseRules(): string {
  const l = FAILURE_CAUSE_LABELS;
  return [
    "Each conversation that failed within the deadline gets one cause, decided at its first turn that failed the user (a required turn judged wrong, or a late turn), in this order:",
    `1. ${l.fault}: the turn got no answer after a model error or a 429.`,
    `2. ${l.timeout}: the turn was past the deadline, or got no answer after a timeout.`,
    `3. ${l.missing_fact}: a fact stated earlier and needed by the answer was not in the answering agent's prompt.`,
    `4. ${l.wrong_agent}: the answering agent's hidden skill on the turn's task was more than 0.1 below the best agent's at that moment.`,
    `5. ${l.clarification}: the answer asked for clarification.`,
    `6. ${l.format}: the verifier rejected only the answer's format.`,
    `7. ${l.model}: anything else.`,
    "Cells: count (share of the method's failures).",
  ].join("\n");
}

function reproduction(input: BenchReportInput): string {
  const r = input.reproduce;
  const m = input.machine;
  const lines = [
    "Reproduce with:",
    "",
    "```sh",
    r.command,
    "```",
    "",
    `- seed: ${r.seed}; conversations: ${r.conversations}${r.dataset ? `; dataset: ${r.dataset}` : ""}; scenarios: ${input.scenarios.map((s) => s.scenario?.name ?? "run").join(", ")}`,
    `- machine: ${m.cpuModel} (${m.cores} cores), ${m.memoryGb} GB RAM, ${m.platform} ${m.arch}, Node ${m.node}`,
  ];
  if (input.generatedAt) lines.push(`- generated: ${input.generatedAt}`);
  return lines.join("\n");
}
