/**
 * @module eval/report/paper-numbers
 * The paper's published numbers (§5, Tables 1–3, Figure 1) and SPEC §11's targets, in one data
 * file so the report can print them beside the measured ones. Nothing here feeds a computation.
 */
import type { FailureMode, PaperMethodKey } from "../types.js";

/** One row of the paper's Table 1 (8×A100, real LLMs). */
export interface PaperTable1Row {
  key: PaperMethodKey;
  /** the label as printed in the paper. */
  label: string;
  responseTimeMs: number;
  contextScore: number;
  handoffSuccess: number;
  success: number;
}

/** Paper Table 1: Comparison of Model Performance Metrics. */
export const PAPER_TABLE1: readonly PaperTable1Row[] = [
  {
    key: "baseline",
    label: "Baseline",
    responseTimeMs: 245,
    contextScore: 0.72,
    handoffSuccess: 0.68,
    success: 0.7,
  },
  {
    key: "ampo",
    label: "[12] AMPO",
    responseTimeMs: 198,
    contextScore: 0.78,
    handoffSuccess: 0.75,
    success: 0.76,
  },
  {
    key: "p4",
    label: "[14] P4",
    responseTimeMs: 187,
    contextScore: 0.81,
    handoffSuccess: 0.77,
    success: 0.79,
  },
  {
    key: "clinical",
    label: "[13] Clinical",
    responseTimeMs: 176,
    contextScore: 0.83,
    handoffSuccess: 0.79,
    success: 0.81,
  },
  {
    key: "ours",
    label: "Paper's model",
    responseTimeMs: 142,
    contextScore: 0.89,
    handoffSuccess: 0.88,
    success: 0.87,
  },
];

/** One row of the paper's Table 3 ("Ours vs. X"); the differences match Table 1's context scores. */
export interface PaperTable3Row {
  vs: Exclude<PaperMethodKey, "ours">;
  label: string;
  meanDiff: number;
  ci: readonly [number, number];
  /** as printed: "<0.001". */
  p: string;
  cohensD: number;
}

/** Paper Table 3: Statistical Significance Analysis (context score, Bonferroni α = 0.05/4). */
export const PAPER_TABLE3: readonly PaperTable3Row[] = [
  {
    vs: "baseline",
    label: "Ours vs. Baseline",
    meanDiff: 0.17,
    ci: [0.15, 0.19],
    p: "<0.001",
    cohensD: 1.42,
  },
  { vs: "ampo", label: "Ours vs. [12]", meanDiff: 0.11, ci: [0.09, 0.13], p: "<0.001", cohensD: 0.98 },
  { vs: "p4", label: "Ours vs. [14]", meanDiff: 0.08, ci: [0.06, 0.1], p: "<0.001", cohensD: 0.85 },
  { vs: "clinical", label: "Ours vs. [13]", meanDiff: 0.06, ci: [0.04, 0.08], p: "<0.001", cohensD: 0.73 },
];

/** The metric Table 3 compares (its differences are Table 1's context-score gaps). */
export const PAPER_TABLE3_METRIC = "contextScore" as const;

/** One row of the paper's Table 2 (scalability). */
export interface PaperTable2Row {
  agents: number;
  memoryGb: number;
  cpuPercent: number;
  success: number;
}

/** Paper Table 2: Scalability Analysis Results. */
export const PAPER_TABLE2: readonly PaperTable2Row[] = [
  { agents: 10, memoryGb: 2.3, cpuPercent: 15, success: 0.95 },
  { agents: 50, memoryGb: 8.7, cpuPercent: 38, success: 0.92 },
  { agents: 100, memoryGb: 15.4, cpuPercent: 52, success: 0.89 },
  { agents: 500, memoryGb: 42.8, cpuPercent: 73, success: 0.86 },
  { agents: 1000, memoryGb: 76.5, cpuPercent: 85, success: 0.84 },
];

/**
 * Paper Figure 1 caption: error categories as percentages "of total failures" as printed (they do
 * not sum to 100; the text separately says 68% of failures stem from context loss).
 */
export const PAPER_FIGURE1_PERCENT: Readonly<Partial<Record<FailureMode, number>>> = {
  context_loss: 7,
  ambiguous_query: 5,
  topic_shift: 4,
  resources: 6,
  agent_selection: 10,
};

/** Paper §5.2: share of failures caused by context loss. */
export const PAPER_CONTEXT_LOSS_SHARE = 0.68;

/** SPEC §11: what rapo must reach, with the paper's definitions. */
export const SPEC_TARGETS = {
  /** context score, handoff success and end-to-end success must exceed the paper's model. */
  beatPaper: { contextScore: 0.89, handoffSuccess: 0.88, success: 0.87 },
  /** success ≥ 0.80 on conversations with 15–25 transitions. */
  longConversations: { minTransitions: 15, maxTransitions: 25, success: 0.8 },
} as const;
