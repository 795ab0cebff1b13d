/**
 * @module eval/report/performance-tables
 * The paper's Tables 1–3 beside the measured numbers, plus the method list and the comparisons
 * the paper does not print (other metrics, ablations).
 */
import { fmt, fmtInterval, fmtP, fmtSigned, MISSING, mdTable } from "./markdown.js";
import { PAPER_TABLE1, PAPER_TABLE2, PAPER_TABLE3, PAPER_TABLE3_METRIC } from "./paper-numbers.js";
import type { ComparisonMetric, MethodComparison, ReportInput, ReportMethod } from "./report-input.js";

const METRIC_LABELS: Record<ComparisonMetric, string> = {
  contextScore: "Context score",
  handoffSuccess: "Handoff success",
  success: "End-to-end success",
  responseTimeMs: "Response time (ms)",
};

/** The methods that were run, with their kind, paper row and core mechanism. */
export function methodsTable(input: ReportInput): string {
  return mdTable(
    ["Method", "Kind", "Paper row", "Core mechanism"],
    input.methods.map((m) => [m.label, m.kind, paperLabel(m) ?? MISSING, m.description]),
  );
}

/**
 * Table 1: every measured method with the paper's numbers for its counterpart; paper rows with no
 * measured counterpart are listed too, so the paper's table is always complete.
 */
export function table1(input: ReportInput): string {
  const rows = input.methods.map((m) => {
    const paper = PAPER_TABLE1.find((p) => p.key === m.paperRef);
    const x = m.metrics;
    return [
      m.label,
      fmt(paper?.responseTimeMs, 0),
      fmt(x.responseTimeMeanMs, 1),
      fmt(x.responseTimeP95Ms, 1),
      fmt(paper?.contextScore),
      fmt(x.contextScore, 3),
      fmt(paper?.handoffSuccess),
      fmt(x.handoffSuccess, 3),
      fmt(paper?.success),
      fmt(x.success, 3),
    ];
  });
  for (const p of PAPER_TABLE1) {
    if (input.methods.some((m) => m.paperRef === p.key)) continue;
    const paper = [fmt(p.responseTimeMs, 0), MISSING, MISSING, fmt(p.contextScore), MISSING];
    rows.push([`${p.label} (not run)`, ...paper, fmt(p.handoffSuccess), MISSING, fmt(p.success), MISSING]);
  }
  return mdTable(
    [
      "Method",
      "Paper RT (ms)",
      "RT mean (ms)",
      "RT p95 (ms)",
      "Paper context",
      "Context score",
      "Paper handoff",
      "Handoff success",
      "Paper success",
      "End-to-end success",
    ],
    rows,
  );
}

/** Table 3: the paper's context-score comparisons beside the measured ones (reference vs baselines). */
export function table3(input: ReportInput): string {
  const baselines = input.methods.filter((m) => m.kind === "baseline");
  const rows: string[][] = [];
  for (const p of PAPER_TABLE3) {
    const method = baselines.find((m) => m.paperRef === p.vs);
    const c = method && findComparison(input, PAPER_TABLE3_METRIC, method.method);
    rows.push([
      method ? `${referenceLabel(input)} vs ${method.label}` : `${p.label} (not run)`,
      fmtSigned(p.meanDiff),
      fmtInterval(p.ci[0], p.ci[1]),
      p.p,
      fmt(p.cohensD),
      ...measuredCells(c),
    ]);
  }
  for (const m of baselines.filter((b) => !PAPER_TABLE3.some((p) => p.vs === b.paperRef))) {
    const c = findComparison(input, PAPER_TABLE3_METRIC, m.method);
    rows.push([
      `${referenceLabel(input)} vs ${m.label}`,
      MISSING,
      MISSING,
      MISSING,
      MISSING,
      ...measuredCells(c),
    ]);
  }
  return mdTable(
    [
      "Comparison",
      "Paper diff",
      "Paper 95% CI",
      "Paper p",
      "Paper d",
      "Diff",
      `Bootstrap ${pct(input)} CI`,
      "Welch p",
      "Bonferroni p",
      "d",
      "Significant",
    ],
    rows,
  );
}

/** Measured comparisons of one family on every metric (the paper prints only context score). */
export function comparisonsTable(input: ReportInput, family: MethodComparison["family"]): string | null {
  const list = input.comparisons.filter((c) => c.family === family);
  if (list.length === 0) return null;
  return mdTable(
    [
      "Metric",
      "Comparison",
      "Reference mean",
      "Other mean",
      "Diff",
      `Bootstrap ${pct(input)} CI`,
      "Welch t",
      "df",
      "Welch p",
      "Bonferroni p",
      "d",
      "Significant",
    ],
    list.map((c) => [
      METRIC_LABELS[c.metric],
      `${referenceLabel(input)} vs ${labelOf(input, c.other)}`,
      fmt(c.meanA, 3),
      fmt(c.meanB, 3),
      fmtSigned(c.meanDiff, 3),
      fmtInterval(c.ci.lo, c.ci.hi, 3),
      fmt(c.t, 2),
      fmt(c.df, 1),
      fmtP(c.p),
      fmtP(c.pAdjusted),
      fmt(c.cohensD, 2),
      c.significant ? "yes" : "no",
    ]),
  );
}

/** Table 2 (scalability): the paper's rows beside measured rows, joined on the number of agents. */
export function table2(input: ReportInput): string | null {
  const measured = input.scalability ?? [];
  if (measured.length === 0) return null;
  const agents = [...new Set([...PAPER_TABLE2.map((p) => p.agents), ...measured.map((m) => m.agents)])].sort(
    (a, b) => a - b,
  );
  return mdTable(
    [
      "Agents",
      "Paper memory (GB)",
      "Memory (MB)",
      "Paper CPU (%)",
      "CPU (%)",
      "Paper success",
      "Success",
      "Consensus (ms/tick)",
    ],
    agents.map((n) => {
      const p = PAPER_TABLE2.find((r) => r.agents === n);
      const m = measured.find((r) => r.agents === n);
      return [
        String(n),
        fmt(p?.memoryGb, 1),
        fmt(m?.memoryMb, 1),
        fmt(p?.cpuPercent, 0),
        fmt(m?.cpuPercent, 1),
        fmt(p?.success),
        fmt(m?.success, 3),
        fmt(m?.consensusMsPerTick, 2),
      ];
    }),
  );
}

/** Display label of a method id. */
export function labelOf(input: ReportInput, method: string): string {
  return input.methods.find((m) => m.method === method)?.label ?? method;
}

/** Display label of the reference method. */
export function referenceLabel(input: ReportInput): string {
  return labelOf(input, input.reference);
}

function measuredCells(c: MethodComparison | undefined): string[] {
  if (!c) return [MISSING, MISSING, MISSING, MISSING, MISSING, MISSING];
  return [
    fmtSigned(c.meanDiff, 3),
    fmtInterval(c.ci.lo, c.ci.hi, 3),
    fmtP(c.p),
    fmtP(c.pAdjusted),
    fmt(c.cohensD, 2),
    c.significant ? `yes (α/m = ${fmt(c.alphaAdjusted, 4)})` : "no",
  ];
}

function findComparison(
  input: ReportInput,
  metric: ComparisonMetric,
  other: string,
): MethodComparison | undefined {
  return input.comparisons.find(
    (c) => c.metric === metric && c.other === other && c.reference === input.reference,
  );
}

function paperLabel(m: ReportMethod): string | undefined {
  return PAPER_TABLE1.find((p) => p.key === m.paperRef)?.label;
}

function pct(input: ReportInput): string {
  return `${Math.round(input.settings.confidenceLevel * 100)}%`;
}
