/**
 * @module eval/report
 * The evaluation report: summary of run records, the paper's numbers, Markdown tables, SVG
 * figures (Vega-Lite, rendered headlessly) and a safe writer.
 */
export {
  failureCausesSpec,
  figurePrefix,
  type ReportFigure,
  renderFigures,
  renderSvg,
  type SmallMultiplesOptions,
  smallMultiplesSpec,
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
export { byValue, overTime, quantileCuts } from "./rate-series.js";
export { type Report, renderBenchReport, renderReport } from "./render-report.js";
export type {
  BenchReportInput,
  ComparisonMetric,
  EvaluationSummary,
  IntervalMetric,
  LiteralSummary,
  MachineInfo,
  MethodComparison,
  RatePoint,
  RateSeries,
  ReportInput,
  ReportMethod,
  Reproduction,
  ScalabilityRow,
  ScenarioInfo,
  SummarySettings,
} from "./report-input.js";
export {
  COMPARABILITY_NOTE,
  calibrationTable,
  comparisonMatrix,
  failureCausesTable,
  literalTable,
  MATRIX_METRICS,
  METRIC_LABELS,
  primaryTable,
  tableOrder,
} from "./scenario-tables.js";
export {
  CLUSTER_RESAMPLES,
  COMPARISON_METRICS,
  INTERVAL_METRICS,
  metricSample,
  type SummarizeOptions,
  summarizeEvaluation,
  TABLE_RESAMPLES,
} from "./summarize.js";
export { type WrittenReport, writeReport } from "./write-report.js";
