/**
 * @module eval/report
 * The evaluation report: summary of run records, the paper's numbers, Markdown tables, SVG
 * figures (Vega-Lite, rendered headlessly) and a safe writer.
 */
export {
  contextByLengthSpec,
  FIGURE_FILES,
  failureModesSpec,
  type ReportFigure,
  renderFigures,
  renderSvg,
} from "./figures.js";
export { machineInfo } from "./machine.js";
export {
  PAPER_CONTEXT_LOSS_SHARE,
  PAPER_FIGURE1_PERCENT,
  PAPER_TABLE1,
  PAPER_TABLE2,
  PAPER_TABLE3,
  PAPER_TABLE3_METRIC,
  type PaperTable1Row,
  type PaperTable2Row,
  type PaperTable3Row,
  SPEC_TARGETS,
} from "./paper-numbers.js";
export { type Report, renderReport } from "./render-report.js";
export type {
  ComparisonMetric,
  EvaluationSummary,
  MachineInfo,
  MethodComparison,
  ReportInput,
  ReportMethod,
  Reproduction,
  ScalabilityRow,
  SummarySettings,
} from "./report-input.js";
export { COMPARISON_METRICS, metricSample, type SummarizeOptions, summarizeEvaluation } from "./summarize.js";
export { type WrittenReport, writeReport } from "./write-report.js";
