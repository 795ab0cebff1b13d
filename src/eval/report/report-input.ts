/**
 * @module eval/report/report-input
 * What the report is rendered from: the evaluation summary (computed from run records by
 * `summarizeEvaluation`) plus how to reproduce it, the machine, and optional scalability rows.
 * Everything is plain JSON so `rapo bench --json` can print it as is (non-finite numbers, which
 * only arise for constant samples, serialise as null).
 */

import type { ConversationMetric, MethodMetrics } from "../metrics/aggregate.js";
import type { LengthPoint, TransitionBucket } from "../metrics/by-transitions.js";
import type { LiteralCalibration } from "../metrics/literal.js";
import type { WindowMetrics } from "../metrics/windows.js";
import type { StatisticInterval } from "../stats/bootstrap.js";
import type { SampleComparison } from "../stats/compare.js";
import type { QuartileCuts, QuartileGroup } from "../stats/quartiles.js";
import type { MethodKind, PaperMethodKey } from "../types.js";
import type { DriftPoint, DriftTraffic } from "./drift-traffic.js";

/** Per-conversation quantities that methods are compared on (Welch, Bonferroni, Cohen's d). */
export type ComparisonMetric = ConversationMetric;

/** Quantities of the per-method table that get a bootstrap CI. */
export type IntervalMetric = ConversationMetric | "turnLatencyP95Ms" | "costPerSuccessUsd";

/** A method's identity, aggregate metrics and their bootstrap intervals. */
export interface ReportMethod {
  method: string;
  label: string;
  kind: MethodKind;
  paperRef?: PaperMethodKey;
  description: string;
  metrics: MethodMetrics;
  /**
   * percentile bootstrap CI (resampling conversations) per metric; null when the metric has fewer
   * than two values or was not recorded.
   */
  intervals: Partial<Record<IntervalMetric, StatisticInterval | null>>;
}

/** One point of a figure: a rate over a group of conversations with its Wilson interval. */
export interface RatePoint {
  /** x position (window midpoint in conversations, mean offered load, or length in turns). */
  x: number;
  /** human label of the group (e.g. "101–200", "0.8–1.0", "11–15 turns"). */
  label: string;
  n: number;
  rate: number;
  lo: number;
  hi: number;
}

/** A figure's series: one per method. */
export interface RateSeries {
  method: string;
  points: RatePoint[];
}

/** The paper-literal measurements of a scenario. */
export interface LiteralSummary {
  /** the calibrated cosine threshold and the distributions it separates; null when not computed. */
  calibration: LiteralCalibration | null;
  /** what was used, or why the literal cosine is missing. */
  note: string;
}

/** The scenario a summary belongs to. */
export interface ScenarioInfo {
  /** short id, e.g. `contended`; also the prefix of its figure files. */
  name: string;
  description?: string;
  /** x positions (conversation index) to mark on the over-time figure, e.g. a drift point. */
  markers?: { at: number; label: string }[];
  /** skill drifts of the run (conversation index of each drift point): the report measures the traffic to the drifting agent. */
  drift?: DriftPoint[];
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
  family: "baselines" | "references" | "ablations";
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
  window: number;
  windowStep: number;
  bootstrapResamples: number;
  alpha: number;
  confidenceLevel: number;
  maxTransitionsBucket: number;
  seed: number;
}

/** Everything computed from the run records of one scenario. */
export interface EvaluationSummary {
  /** the scenario (absent for a plain dataset run). */
  scenario?: ScenarioInfo;
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
  /** context score by conversation length (paper Figure 2 data). */
  contextByLength: { method: string; points: LengthPoint[] }[];
  /** success within the deadline over the run (sliding windows): learning and drift recovery. */
  successOverTime: RateSeries[];
  /** success within the deadline by the conversation's mean offered load; empty when not recorded. */
  successByLoad: RateSeries[];
  /** success within the deadline by conversation length in turns. */
  successByLength: RateSeries[];
  literal: LiteralSummary;
  /** traffic to each drifting agent around its drift point (scenarios with drift). */
  driftTraffic?: DriftTraffic[];
  settings: SummarySettings;
}

/** Input of `renderBenchReport`: one summary per scenario, and what is common to the run. */
export interface BenchReportInput {
  scenarios: EvaluationSummary[];
  reproduce: Reproduction;
  machine: MachineInfo;
  scalability?: ScalabilityRow[];
  generatedAt?: string;
  notes?: string[];
}

/** Input of `renderReport` (a single scenario or dataset). */
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
