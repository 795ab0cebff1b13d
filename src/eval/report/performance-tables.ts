/**
 * @module eval/report/performance-tables
 * The method list, the paper's Table 3 (context-score significance) beside the measured
 * comparisons of a scenario, and Table 2 (scalability) beside measured rows when given. Table 1
 * and the primary tables live in `scenario-tables.ts`.
 */
import { fmt, fmtInterval, fmtP, fmtSigned, MISSING, mdTable } from "./markdown.js";
import { PAPER_TABLE1, PAPER_TABLE2, PAPER_TABLE3, PAPER_TABLE3_METRIC } from "./paper-numbers.js";
import type {
  BenchReportInput,
  ComparisonMetric,
  EvaluationSummary,
  MethodComparison,
  ReportMethod,
} from "./report-input.js";

/** The methods that were run, with their kind, paper row and core mechanism. */
export function methodsTable(input: Pick<EvaluationSummary, "methods">): string {
  return mdTable(
    ["Method", "Kind", "Paper row", "Core mechanism"],
    input.methods.map((m) => [m.label, m.kind, paperLabel(m) ?? MISSING, m.description]),
  );
}

/** Table 3: the paper's context-score comparisons beside the measured ones (reference vs baselines). */
export function table3(input: EvaluationSummary): string {
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

/** Table 2 (scalability): the paper's rows beside measured rows, joined on the number of agents. */
export function table2(input: Pick<BenchReportInput, "scalability">): string | null {
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
export function labelOf(input: Pick<EvaluationSummary, "methods">, method: string): string {
  return input.methods.find((m) => m.method === method)?.label ?? method;
}

/** Display label of the reference method. */
export function referenceLabel(input: EvaluationSummary): string {
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
  input: EvaluationSummary,
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

function pct(input: EvaluationSummary): string {
  return `${Math.round(input.settings.confidenceLevel * 100)}%`;
}
