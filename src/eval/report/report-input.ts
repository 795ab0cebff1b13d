/**
 * @module eval/report/report-input
 * What the report is rendered from: the evaluation summary (computed from run records by
 * `summarizeEvaluation`) plus how to reproduce it, the machine, and optional scalability rows.
 * Everything is plain JSON so `rapo bench --json` can print it as is (non-finite numbers, which
 * only arise for constant samples, serialise as null).
 */
import type { MethodMetrics } from "../metrics/aggregate.js";
import type { LengthPoint, TransitionBucket } from "../metrics/by-transitions.js";
import type { WindowMetrics } from "../metrics/windows.js";
import type { SampleComparison } from "../stats/compare.js";
import type { QuartileCuts, QuartileGroup } from "../stats/quartiles.js";
import type { MethodKind, PaperMethodKey } from "../types.js";

/** Per-conversation quantities that methods are compared on. */
export type ComparisonMetric = "contextScore" | "handoffSuccess" | "success" | "responseTimeMs";

/** A method's identity and aggregate metrics. */
export interface ReportMethod {
  method: string;
  label: string;
  kind: MethodKind;
  paperRef?: PaperMethodKey;
  description: string;
  metrics: MethodMetrics;
}

/**
 * The reference method (rapo) against another method on one metric. Bonferroni families:
 * `baselines` (m = number of baselines, as the paper's α = 0.05/4) and `ablations` separately.
 */
export interface MethodComparison extends SampleComparison {
  metric: ComparisonMetric;
  /** reference method id (sample a). */
  reference: string;
  /** the other method id (sample b). */
  other: string;
  family: "baselines" | "ablations";
}

/** Measured scalability (paper Table 2), from `rapo scale`. */
export interface ScalabilityRow {
  agents: number;
  /** resident memory, MB. */
  memoryMb: number;
  /** CPU load, percent of the machine. */
  cpuPercent: number;
  success: number;
  /** consensus time per control tick, ms (absent when not measured). */
  consensusMsPerTick?: number;
}

/** How to reproduce the run. */
export interface Reproduction {
  /** the exact command line. */
  command: string;
  seed: number;
  conversations: number;
  /** dataset file, when one was loaded instead of generated. */
  dataset?: string;
}

/** The machine the numbers were measured on. */
export interface MachineInfo {
  platform: string;
  arch: string;
  cpuModel: string;
  cores: number;
  memoryGb: number;
  node: string;
}

/** Thresholds and parameters the summary was computed with. */
export interface SummarySettings {
  handoffCosine: number;
  contextBreakCosine: number;
  window: number;
  windowStep: number;
  bootstrapResamples: number;
  alpha: number;
  confidenceLevel: number;
  maxTransitionsBucket: number;
  seed: number;
}

/** Everything computed from the run records. */
export interface EvaluationSummary {
  /** id of the reference method (rapo) that every comparison is made against. */
  reference: string;
  /** methods in input order. */
  methods: ReportMethod[];
  comparisons: MethodComparison[];
  byTransitions: { method: string; buckets: TransitionBucket[] }[];
  /** success on conversations in SPEC §11's long range (15–25 transitions). */
  longConversations: {
    method: string;
    minTransitions: number;
    maxTransitions: number;
    conversations: number;
    success: number | null;
  }[];
  /** quartiles of transitions, cut on all methods' conversations pooled, so groups align. */
  quartiles: {
    cuts: QuartileCuts;
    rows: { method: string; metric: "success" | "contextScore"; groups: QuartileGroup[] }[];
  };
  windows: { method: string; windows: WindowMetrics[] }[];
  /** Figure 2 data. */
  contextByLength: { method: string; points: LengthPoint[] }[];
  settings: SummarySettings;
}

/** Input of `renderReport`. */
export interface ReportInput extends EvaluationSummary {
  reproduce: Reproduction;
  machine: MachineInfo;
  /** measured scalability rows, shown beside the paper's Table 2 when present. */
  scalability?: ScalabilityRow[];
  /** ISO timestamp, printed when present (omit it for byte-identical reports). */
  generatedAt?: string;
  /** free-form notes appended to the report (e.g. each baseline's implementation details). */
  notes?: string[];
}
