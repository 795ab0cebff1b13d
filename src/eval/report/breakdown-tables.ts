/**
 * @module eval/report/breakdown-tables
 * Tables that break the results down: by number of transitions, long conversations (SPEC §11),
 * quartiles of transitions, failure modes, sliding windows and the SPEC §11 targets.
 */

import type { TransitionBucket } from "../metrics/by-transitions.js";
import { FAILURE_MODE_LABELS, FAILURE_MODES } from "../metrics/failure-modes.js";
import type { QuartileGroup } from "../stats/quartiles.js";
import { fmt, fmtRate, MISSING, mdTable } from "./markdown.js";
import { PAPER_FIGURE1_PERCENT, SPEC_TARGETS } from "./paper-numbers.js";
import { labelOf } from "./performance-tables.js";
import type { EvaluationSummary } from "./report-input.js";

/** One column per method, one row per transition bucket (0 … max−1, "max+"). */
export function byTransitionsTable(input: EvaluationSummary, pick: (b: TransitionBucket) => string): string {
  const columns = input.byTransitions;
  const labels = columns[0]?.buckets.map((b) => b.label) ?? [];
  return mdTable(
    ["Transitions", ...columns.map((c) => labelOf(input, c.method))],
    labels.map((label, i) => [label, ...columns.map((c) => pick(c.buckets[i]!))]),
  );
}

/** Cell: success rate of a bucket with its size. */
export const bucketSuccess = (b: TransitionBucket): string => fmtRate(b.success, b.conversations);

/** Cell: mean context score of a bucket with the number of scored conversations. */
export const bucketContext = (b: TransitionBucket): string =>
  b.contextScore === null ? MISSING : fmtRate(b.contextScore.mean, b.contextScore.n);

/** Success at 15–25 transitions per method, against SPEC §11's 0.80. */
export function longConversationsTable(input: EvaluationSummary): string {
  const target = SPEC_TARGETS.longConversations;
  return mdTable(
    [
      "Method",
      `Conversations with ${target.minTransitions}–${target.maxTransitions} transitions`,
      "Success",
      `≥ ${fmt(target.success)}`,
    ],
    input.longConversations.map((l) => [
      labelOf(input, l.method),
      String(l.conversations),
      fmt(l.success, 3),
      l.success === null ? MISSING : l.success >= target.success ? "yes" : "no",
    ]),
  );
}

/** Quartile analysis: rows are quartiles of transitions, columns methods, for one metric. */
export function quartileTable(input: EvaluationSummary, metric: "success" | "contextScore"): string {
  const rows = input.quartiles.rows.filter((r) => r.metric === metric);
  const ranges = rows[0]?.groups.map(rangeLabel) ?? [];
  return mdTable(
    ["Quartile (transitions)", ...rows.map((r) => labelOf(input, r.method))],
    ranges.map((range, q) => [range, ...rows.map((r) => groupCell(r.groups[q]!))]),
  );
}

/**
 * The paper's Figure 1 categories per method (derived from the failure causes, see
 * `metrics/failure-modes`): count and share of the method's failed conversations; the paper's
 * Figure 1 percentages as printed in its caption are the last row.
 */
export function failureModesTable(input: EvaluationSummary): string {
  const rows = input.methods.map((m) => [
    m.label,
    `${m.metrics.failed} / ${m.metrics.conversations}`,
    ...FAILURE_MODES.map((mode) => {
      const n = m.metrics.failureModes[mode];
      return m.metrics.failed === 0 ? "0" : `${n} (${fmt((100 * n) / m.metrics.failed, 0)}%)`;
    }),
  ]);
  rows.push([
    "Paper (Figure 1 caption)",
    MISSING,
    ...FAILURE_MODES.map((mode) =>
      PAPER_FIGURE1_PERCENT[mode] === undefined ? MISSING : `${PAPER_FIGURE1_PERCENT[mode]}%`,
    ),
  ]);
  return mdTable(["Method", "Failed", ...FAILURE_MODES.map((mode) => FAILURE_MODE_LABELS[mode])], rows);
}

/** Sliding windows: one row per window, one column per method, for success or context score. */
export function windowsTable(input: EvaluationSummary, metric: "success" | "contextScore"): string {
  const columns = input.windows;
  const first = columns[0]?.windows ?? [];
  return mdTable(
    ["Conversations", ...columns.map((c) => labelOf(input, c.method))],
    first.map((w, i) => [
      `${w.start + 1}–${w.end}${w.partial ? " (partial)" : ""}`,
      ...columns.map((c) => fmt(c.windows[i]?.metrics[metric], 3)),
    ]),
  );
}

/** SPEC §11 targets for the reference method. */
export function targetsTable(input: EvaluationSummary): string {
  const ref = input.methods.find((m) => m.method === input.reference)!;
  const long = input.longConversations.find((l) => l.method === input.reference);
  const beat = SPEC_TARGETS.beatPaper;
  const above = (x: number | null, t: number) => (x === null ? MISSING : x > t ? "yes" : "no");
  const lt = SPEC_TARGETS.longConversations;
  return mdTable(
    ["Target (SPEC §11)", "Required", "Measured", "Met"],
    [
      [
        "Context score (paper-literal ROUGE-L)",
        `> ${fmt(beat.contextScore)}`,
        fmt(ref.metrics.contextScore, 3),
        above(ref.metrics.contextScore, beat.contextScore),
      ],
      [
        "Handoff success (paper-literal cosine, calibrated threshold)",
        `> ${fmt(beat.handoffSuccess)}`,
        fmt(ref.metrics.literalHandoffSuccess, 3),
        above(ref.metrics.literalHandoffSuccess, beat.handoffSuccess),
      ],
      [
        "End-to-end success",
        `> ${fmt(beat.success)}`,
        fmt(ref.metrics.success, 3),
        above(ref.metrics.success, beat.success),
      ],
      [
        `Success at ${lt.minTransitions}–${lt.maxTransitions} transitions`,
        `≥ ${fmt(lt.success)}`,
        long ? fmtRate(long.success, long.conversations, 3) : MISSING,
        long?.success == null ? MISSING : long.success >= lt.success ? "yes" : "no",
      ],
    ],
  );
}

function rangeLabel(g: QuartileGroup): string {
  const lo = g.lowerExclusive === null ? "" : `> ${fmt(g.lowerExclusive, 2)}`;
  const hi = g.upperInclusive === null ? "" : `≤ ${fmt(g.upperInclusive, 2)}`;
  return `Q${g.quartile}: ${[lo, hi].filter(Boolean).join(", ")}`;
}

function groupCell(g: QuartileGroup): string {
  return g.stats.n === 0
    ? MISSING
    : `${fmt(g.stats.mean, 3)} [${fmt(g.stats.lo, 3)}, ${fmt(g.stats.hi, 3)}] (n=${g.stats.n})`;
}
