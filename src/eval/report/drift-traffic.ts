/**
 * @module eval/report/drift-traffic
 * Issue 10: how fast routing moves traffic off an agent whose skill drifts down. For a drift
 * (agent, task type, conversation index of the drift point), per method: the share of the turns
 * of that task type (by the answer key) that the drifting agent answered, over the
 * {@link DRIFT_WINDOW} conversations before the drift point, then in adjacent windows of as many
 * conversations after it; and after how many conversations past the drift point a window's share
 * is first at most half the pre-drift share ("traffic halves within N conversations").
 * Conversations are in dataset (start) order, the order the drift is applied in.
 */
import type { MethodResult } from "../types.js";
import { fmt, MISSING, mdTable } from "./markdown.js";

/** Conversations per window of the drift traffic table. */
export const DRIFT_WINDOW = 20;

/** A drift of the run: `agent`'s skill at `taskType` changes at conversation index `at`. */
export interface DriftPoint {
  agent: string;
  taskType: string;
  /** index of the first conversation started after the drift. */
  at: number;
  /** e.g. "0.95→0.6". */
  label?: string;
}

/** One window of conversations [from, to). */
export interface DriftWindow {
  from: number;
  to: number;
  /** turns of the drifted task type in the window. */
  turns: number;
  /** share of them the drifting agent answered; null without such turns. */
  share: number | null;
}

/** One method's traffic to the drifting agent around the drift point. */
export interface DriftTrafficRow {
  method: string;
  /** the window just before the drift point. */
  before: DriftWindow;
  /** adjacent windows from the drift point to the end of the run. */
  after: DriftWindow[];
  /**
   * conversations past the drift point at the end of the first window whose share is at most half
   * the pre-drift share; null when no window gets there (or nothing went to the agent before).
   */
  halvedAfter: number | null;
}

/** The drift traffic of every method for one drift. */
export interface DriftTraffic extends DriftPoint {
  window: number;
  rows: DriftTrafficRow[];
}

/** Measures the traffic to `drift.agent` on `drift.taskType` around the drift point, per method. */
export function driftTraffic(
  results: readonly MethodResult[],
  drift: DriftPoint,
  window: number = DRIFT_WINDOW,
): DriftTraffic {
  const rows = results.map((r): DriftTrafficRow => {
    const n = r.conversations.length;
    const measure = (from: number, to: number): DriftWindow => {
      let turns = 0;
      let served = 0;
      for (let i = Math.max(0, from); i < Math.min(n, to); i++) {
        for (const t of r.conversations[i]!.turns) {
          if (t.taskType !== drift.taskType) continue;
          turns++;
          if (t.agentId === drift.agent) served++;
        }
      }
      return {
        from: Math.max(0, from),
        to: Math.min(n, to),
        turns,
        share: turns === 0 ? null : served / turns,
      };
    };
    const before = measure(drift.at - window, drift.at);
    const after: DriftWindow[] = [];
    for (let from = drift.at; from < n; from += window) after.push(measure(from, from + window));
    const target = before.share === null || before.share === 0 ? null : before.share / 2;
    const first = target === null ? undefined : after.find((w) => w.share !== null && w.share <= target);
    return { method: r.method, before, after, halvedAfter: first ? first.to - drift.at : null };
  });
  return { ...drift, window, rows };
}

/** The drift traffic table: share per window, before and after the drift point, per method. */
export function driftTrafficTable(traffic: DriftTraffic, labelOf: (method: string) => string): string {
  const windows = traffic.rows[0]?.after ?? [];
  const headers = [
    "Method",
    `Before (conversations ${traffic.rows[0]?.before.from ?? 0}–${traffic.at - 1})`,
    ...windows.map((w) => `+${w.from - traffic.at}…+${w.to - traffic.at - 1}`),
    "Halved after (conversations)",
  ];
  const share = (w: DriftWindow | undefined) =>
    w === undefined || w.share === null ? MISSING : `${fmt(w.share, 2)} (${w.turns})`;
  const rows = traffic.rows.map((r) => [
    labelOf(r.method),
    share(r.before),
    ...windows.map((_, i) => share(r.after[i])),
    r.halvedAfter === null ? "not within the run" : `≤ ${r.halvedAfter}`,
  ]);
  return [
    `Drift of \`${traffic.agent}\` on ${traffic.taskType}${traffic.label ? ` (${traffic.label})` : ""} at conversation ${traffic.at}: ` +
      `share of the ${traffic.taskType} turns (by the answer key) that \`${traffic.agent}\` answered, in windows of ${traffic.window} conversations ` +
      "(in start order) before and after the drift point; cells: share (turns). " +
      "Halved after: conversations past the drift point at the end of the first window whose share is at most half the pre-drift share.",
    "",
    mdTable(headers, rows),
  ].join("\n");
}
