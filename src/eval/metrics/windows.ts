/**
 * @module eval/metrics/windows
 * Metrics over sliding windows of conversations (paper §4.3: windows of 100, to capture temporal
 * dynamics such as capability learning warming up). Windows follow the dataset order.
 */
import { InputError } from "../../errors.js";
import { aggregateMetrics, type MethodMetrics } from "./aggregate.js";
import type { ConversationMetrics } from "./conversation-metrics.js";

/** Options of {@link slidingWindows}. */
export interface WindowOptions {
  /** conversations per window (config `eval.window`, SPEC §10: 100). */
  size: number;
  /** distance between window starts; defaults to `size` (adjacent windows). Use 1 for every offset. */
  step?: number;
}

/** Metrics of one window [start, end). */
export interface WindowMetrics {
  /** 0-based window number. */
  index: number;
  /** first conversation (0-based, inclusive) and end (exclusive), in dataset order. */
  start: number;
  end: number;
  /** fewer than `size` conversations (only when the whole run is shorter than one window). */
  partial: boolean;
  metrics: MethodMetrics;
}

/**
 * Windows starting at 0, step, 2·step… while a full window fits. When the last full window stops
 * short of the end, one more window [n − size, n) is added so every conversation is in a window.
 * A run shorter than `size` gives a single partial window.
 * @throws InputError on zero conversations or a non-positive size/step.
 */
export function slidingWindows(
  convs: readonly ConversationMetrics[],
  options: WindowOptions,
): WindowMetrics[] {
  const { size } = options;
  const step = options.step ?? size;
  if (!(Number.isInteger(size) && size > 0 && Number.isInteger(step) && step > 0)) {
    throw new InputError(
      "invalid_window",
      `window size and step must be positive integers (size ${size}, step ${step})`,
    );
  }
  const n = convs.length;
  if (n === 0) throw new InputError("no_conversations", "cannot window zero conversations");
  if (n <= size) return [window(convs, 0, 0, n, n < size)];
  const out: WindowMetrics[] = [];
  for (let start = 0; start + size <= n; start += step)
    out.push(window(convs, out.length, start, start + size, false));
  if (out[out.length - 1]!.end < n) out.push(window(convs, out.length, n - size, n, false));
  return out;
}

function window(
  convs: readonly ConversationMetrics[],
  index: number,
  start: number,
  end: number,
  partial: boolean,
): WindowMetrics {
  return { index, start, end, partial, metrics: aggregateMetrics(convs.slice(start, end)) };
}
