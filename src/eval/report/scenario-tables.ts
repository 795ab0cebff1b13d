/**
 * @module eval/report/scenario-tables
 * The tables of one scenario (issue 9): every method's primary metrics with bootstrap CIs, rapo
 * against every method (Welch, Bonferroni, Cohen's d), failure causes, and the paper's Table 1
 * beside the paper-literal row with the cosine calibration. Every header says what its number
 * averages over.
 */
import type { MethodMetrics } from "../metrics/aggregate.js";
import { FAILURE_CAUSE_LABELS, FAILURE_CAUSES } from "../metrics/failure-causes.js";
import type { StatisticInterval } from "../stats/bootstrap.js";
import type { MethodKind } from "../types.js";
import { fmt, fmtP, MISSING, mdTable } from "./markdown.js";
import { PAPER_TABLE1 } from "./paper-numbers.js";
import type {
  ComparisonMetric,
  EvaluationSummary,
  IntervalMetric,
  MethodComparison,
  ReportMethod,
} from "./report-input.js";
import { CLUSTER_RESAMPLES, TABLE_RESAMPLES } from "./summarize.js";

/** Short labels of the compared metrics, with their unit of averaging. */
export const METRIC_LABELS: Readonly<Record<ComparisonMetric, string>> = {
  successInDeadline: "Success within deadline",
  success: "End-to-end success",
  factPreservation: "Fact preservation",
  handoffSuccess: "Handoff success",
  referenceRouge: "Reference ROUGE-L",
  costUsd: "Cost per conversation (USD)",
  responseTimeMs: "Response time per conversation (ms)",
  contextScore: "Context score (paper-literal ROUGE-L)",
  literalHandoffSuccess: "Cosine handoff success (paper-literal)",
};

const KIND_ORDER: Readonly<Record<MethodKind, number>> = { rapo: 0, reference: 1, baseline: 2, ablation: 3 };

/** Methods in table order: rapo, the reference rows, the baselines, then rapo's variants and ablations. */
export function tableOrder(summary: EvaluationSummary): ReportMethod[] {
  return [...summary.methods].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
}

/** Display label of a method id. */
export function methodLabel(summary: EvaluationSummary, method: string): string {
  return summary.methods.find((m) => m.method === method)?.label ?? method;
}

/** "0.853 [0.812, 0.889]" or "—". */
function withCi(
  value: number | null | undefined,
  ci: StatisticInterval | null | undefined,
  digits: number,
  prefix = "",
): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  const v = `${prefix}${value.toFixed(digits)}`;
  return ci ? `${v} [${prefix}${ci.lo.toFixed(digits)}, ${prefix}${ci.hi.toFixed(digits)}]` : v;
}

function cell(
  m: ReportMethod,
  metric: IntervalMetric,
  value: number | null,
  digits: number,
  prefix = "",
): string {
  return withCi(value, m.intervals[metric], digits, prefix);
}

/** n of a per-conversation metric: conversations that have a value. */
function nOf(m: MethodMetrics, metric: "handoff" | "fact"): number {
  return metric === "fact" ? m.factConversations : m.conversationsWithHandoffs;
}

/** The primary metrics of every method with their CIs. */
export function primaryTable(summary: EvaluationSummary): string {
  const pct = `${Math.round(summary.settings.confidenceLevel * 100)}%`;
  const priced = summary.methods.some((m) => (m.metrics.costUsd ?? 0) > 0);
  const rows = tableOrder(summary).map((m) => {
    const x = m.metrics;
    return [
      `${m.label}${m.method === summary.reference ? " ◀" : ""}`,
      m.kind,
      cell(m, "success", x.success, 3),
      x.deadlineRecorded ? cell(m, "successInDeadline", x.successInDeadline, 3) : "no deadline",
      cell(m, "turnLatencyP95Ms", x.turnLatencyP95Ms, 0),
      priced ? cell(m, "costPerSuccessUsd", x.costPerSuccessUsd, 4, "$") : "no prices",
      `${cell(m, "factPreservation", x.factPreservation, 3)} (n=${nOf(x, "fact")})`,
      `${cell(m, "handoffSuccess", x.handoffSuccess, 3)} (n=${nOf(x, "handoff")})`,
      cell(m, "referenceRouge", x.referenceRouge, 3),
    ];
  });
  return [
    `Cells: value [${pct} percentile bootstrap CI, resampling conversations, ${Math.min(TABLE_RESAMPLES, summary.settings.bootstrapResamples)} resamples; ` +
      `${Math.min(CLUSTER_RESAMPLES, summary.settings.bootstrapResamples)} for the pooled p95 and the cost ratio]. ◀ marks the reference method every comparison is made against.`,
    "",
    mdTable(
      [
        "Method",
        "Kind",
        "End-to-end success (share of conversations)",
        "Success within deadline (share of conversations)",
        "Turn latency p95 (ms, pooled turns)",
        "Cost per success (USD: total cost / successful conversations)",
        "Fact preservation (mean per conversation with a fact-needing handoff)",
        "Handoff success (mean per conversation with a handoff)",
        "Reference ROUGE-L (mean per conversation with a handoff)",
      ],
      rows,
    ),
  ].join("\n");
}

/** The metrics shown in the comparison matrix (the primary ones). */
export const MATRIX_METRICS: readonly ComparisonMetric[] = [
  "successInDeadline",
  "success",
  "factPreservation",
  "handoffSuccess",
  "referenceRouge",
  "costUsd",
];

/**
 * rapo against every other method: per metric the difference (rapo − other) with its bootstrap
 * CI, the Bonferroni-adjusted Welch p and Cohen's d; `*` marks significance at α/m.
 */
export function comparisonMatrix(summary: EvaluationSummary): string {
  const s = summary.settings;
  const others = tableOrder(summary).filter((m) => m.method !== summary.reference);
  const deadline = summary.methods.some((m) => m.metrics.deadlineRecorded);
  const priced = summary.methods.some((m) => (m.metrics.costUsd ?? 0) > 0);
  const metrics = MATRIX_METRICS.filter(
    (m) => (deadline || m !== "successInDeadline") && (priced || m !== "costUsd"),
  );
  const rows = others.map((m) => [
    m.label,
    ...metrics.map((metric) => matrixCell(find(summary, metric, m.method))),
  ]);
  return [
    `Cells: Δ = ${methodLabel(summary, summary.reference)} − method [${Math.round(s.confidenceLevel * 100)}% bootstrap CI of the difference of per-conversation means, ` +
      `${s.bootstrapResamples} resamples]; p = Welch's two-sided p, Bonferroni-adjusted within its family (baselines, reference rows, variants/ablations; α = ${s.alpha}); ` +
      "d = Cohen's d (pooled SD); * = significant. Each metric is averaged per conversation, over the conversations that have it (the same numbers as the table above).",
    "",
    mdTable(["Method", ...metrics.map((m) => METRIC_LABELS[m])], rows),
  ].join("\n");
}

function find(
  summary: EvaluationSummary,
  metric: ComparisonMetric,
  other: string,
): MethodComparison | undefined {
  return summary.comparisons.find((c) => c.metric === metric && c.other === other);
}

function matrixCell(c: MethodComparison | undefined): string {
  if (!c) return MISSING;
  const digits = c.metric === "costUsd" ? 4 : 3;
  const sign = (x: number) => (x >= 0 ? `+${x.toFixed(digits)}` : x.toFixed(digits));
  if (!Number.isFinite(c.meanDiff)) return MISSING;
  return `${sign(c.meanDiff)} [${sign(c.ci.lo)}, ${sign(c.ci.hi)}] p=${fmtP(c.pAdjusted)}${c.significant ? "*" : ""} d=${fmt(c.cohensD, 2)}`;
}

/** Failure causes per method: count and share of the method's failed conversations. */
export function failureCausesTable(summary: EvaluationSummary): string {
  const rows = tableOrder(summary).map((m) => [
    m.label,
    `${m.metrics.failed} / ${m.metrics.conversations}`,
    ...FAILURE_CAUSES.map((cause) => {
      const n = m.metrics.failureCauses[cause];
      return m.metrics.failed === 0 ? "0" : `${n} (${fmt((100 * n) / m.metrics.failed, 0)}%)`;
    }),
  ]);
  return mdTable(
    ["Method", "Failed (within deadline)", ...FAILURE_CAUSES.map((c) => FAILURE_CAUSE_LABELS[c])],
    rows,
  );
}

/** The paper's Table 1 beside the paper-literal measurements of every method. */
export function literalTable(summary: EvaluationSummary): string {
  const cal = summary.literal.calibration;
  const cosineHeader = cal
    ? `Cosine handoff success (${cal.embedder}, τ = ${cal.threshold.toFixed(3)}; mean per conversation with a handoff)`
    : "Cosine handoff success (not computed)";
  const rows = tableOrder(summary).map((m) => {
    const paper = PAPER_TABLE1.find((p) => p.key === m.paperRef);
    const x = m.metrics;
    return [
      m.label,
      fmt(paper?.responseTimeMs, 0),
      fmt(x.responseTimeMeanMs, 0),
      fmt(paper?.contextScore),
      cell(m, "contextScore", x.contextScore, 3),
      fmt(paper?.handoffSuccess),
      cell(m, "literalHandoffSuccess", x.literalHandoffSuccess, 3),
      fmt(paper?.success),
      cell(m, "success", x.success, 3),
    ];
  });
  for (const p of PAPER_TABLE1) {
    if (summary.methods.some((m) => m.paperRef === p.key)) continue;
    rows.push([
      `${p.label} (not run)`,
      fmt(p.responseTimeMs, 0),
      MISSING,
      fmt(p.contextScore),
      MISSING,
      fmt(p.handoffSuccess),
      MISSING,
      fmt(p.success),
      MISSING,
    ]);
  }
  return mdTable(
    [
      "Method",
      "Paper RT (ms)",
      "RT mean (ms, per conversation)",
      "Paper context",
      "Context score (ROUGE-L sender's last vs receiver's first answer; mean per conversation with a handoff)",
      "Paper handoff",
      cosineHeader,
      "Paper success",
      "End-to-end success (share of conversations)",
    ],
    rows,
  );
}

/** The cosine calibration: threshold, rates and both distributions. */
export function calibrationTable(summary: EvaluationSummary): string {
  const cal = summary.literal.calibration;
  if (!cal) return summary.literal.note;
  const row = (name: string, d: typeof cal.positives) => [
    name,
    String(d.n),
    fmt(d.mean, 3),
    fmt(d.p05, 3),
    fmt(d.p50, 3),
    fmt(d.p95, 3),
  ];
  return [
    `${summary.literal.note} Threshold τ = ${cal.threshold.toFixed(3)} maximises TPR − FPR between the two distributions below ` +
      `(TPR ${fmt(cal.truePositiveRate, 3)}, FPR ${fmt(cal.falsePositiveRate, 3)}, AUC ${fmt(cal.auc, 3)}). ` +
      "Positives: the full-context oracle's answer to a turn vs that turn's context (its user message and the oracle's previous answer); " +
      "negatives: an oracle answer from another conversation vs the same context.",
    "",
    mdTable(
      ["Distribution", "n", "mean", "p5", "median", "p95"],
      [
        row("oracle answer vs its context", cal.positives),
        row("unrelated answer vs the same context", cal.negatives),
      ],
    ),
  ].join("\n");
}

/** One honest sentence on what the literal table can and cannot be compared with. */
export const COMPARABILITY_NOTE =
  "Only the ordering of methods is comparable with the paper: its numbers come from real LLMs on 8×A100 with its own unpublished conversations, " +
  "verifier and embedding, while here the agents are simulated, the context score compares answers to different questions (its attainable level is " +
  "the oracle row's, not 1.0), the cosine threshold is calibrated on this run rather than fixed at 0.7, and response times are simulated milliseconds.";
