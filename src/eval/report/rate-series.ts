/**
 * @module eval/report/rate-series
 * Data of the report's figures (issue 9): success within the deadline (a) over the run in sliding
 * windows — capability learning and recovery after a drift show here —, (b) by the conversation's
 * mean offered load, and (c) by conversation length in turns; each point a rate over a group of
 * conversations with its Wilson interval.
 */
import type { ConversationMetrics } from "../metrics/conversation-metrics.js";
import { quantileSorted } from "../stats/descriptive.js";
import { wilsonInterval } from "../stats/wilson.js";
import type { RatePoint } from "./report-input.js";

function point(group: readonly ConversationMetrics[], x: number, label: string, level: number): RatePoint {
  const ok = group.filter((c) => c.successInDeadline).length;
  const { lo, hi } = wilsonInterval(ok, group.length, level);
  return { x, label, n: group.length, rate: group.length > 0 ? ok / group.length : 0, lo, hi };
}

/**
 * Sliding windows over the run, in dataset order: size = min(window, max(10, ⌊n/5⌋)) so even a
 * short run shows a curve, step = ⌈size/4⌉; x = the window's midpoint (conversation index).
 */
export function overTime(convs: readonly ConversationMetrics[], window: number, level: number): RatePoint[] {
  const n = convs.length;
  if (n === 0) return [];
  const size = Math.min(n, window, Math.max(10, Math.floor(n / 5)));
  const step = Math.max(1, Math.ceil(size / 4));
  const out: RatePoint[] = [];
  for (let start = 0; start + size <= n; start += step) {
    out.push(
      point(convs.slice(start, start + size), start + size / 2, `${start + 1}–${start + size}`, level),
    );
  }
  const last = out[out.length - 1];
  if (last && last.x + size / 2 < n)
    out.push(point(convs.slice(n - size, n), n - size / 2, `${n - size + 1}–${n}`, level));
  return out;
}

/**
 * Groups by a per-conversation value into `bins` quantile bins (cut on `cutsFrom`, all methods
 * pooled, so every method's bins align); x = the bin's mean value.
 */
export function byValue(
  convs: readonly ConversationMetrics[],
  value: (c: ConversationMetrics) => number | null,
  cuts: readonly number[],
  level: number,
  format: (lo: number, hi: number) => string,
): RatePoint[] {
  const groups: ConversationMetrics[][] = Array.from({ length: cuts.length + 1 }, () => []);
  for (const c of convs) {
    const v = value(c);
    if (v === null) continue;
    let b = 0;
    while (b < cuts.length && v > cuts[b]!) b++;
    groups[b]!.push(c);
  }
  const out: RatePoint[] = [];
  groups.forEach((group) => {
    if (group.length === 0) return;
    const values = group.map((c) => value(c)!);
    const x = values.reduce((s, v) => s + v, 0) / values.length;
    out.push(point(group, x, format(Math.min(...values), Math.max(...values)), level));
  });
  return out;
}

/** Distinct quantile cut points (type 7) splitting `values` into `bins` groups. */
export function quantileCuts(values: readonly number[], bins: number): number[] {
  if (values.length === 0) return [];
  const sorted = Float64Array.from(values).sort();
  const cuts: number[] = [];
  for (let k = 1; k < bins; k++) {
    const q = quantileSorted(sorted, k / bins);
    if (!cuts.includes(q) && q < sorted[sorted.length - 1]!) cuts.push(q);
  }
  return cuts;
}
