/**
 * @module bench/harness
 * Tiny benchmark helpers: run a function many times, report the median and p95 in µs, and
 * describe the machine (benchmarks report medians and the machine, SPEC §11).
 */
import os from "node:os";

export { instantModel } from "./instant-model.mjs";

/** Median and p95 of per-call times in microseconds. */
export interface Timing {
  medianUs: number;
  p95Us: number;
  samples: number;
}

/** Times `fn` `samples` times after `warmup` calls. */
export function timeSync(fn: () => unknown, samples: number, warmup = Math.min(1000, samples)): Timing {
  for (let i = 0; i < warmup; i++) fn();
  const times = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    times[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  return summarise(times);
}

/** Times an async `fn`. */
export async function timeAsync(
  fn: (i: number) => Promise<unknown>,
  samples: number,
  warmup = 50,
): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const times = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    const t0 = process.hrtime.bigint();
    await fn(i + warmup);
    times[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  return summarise(times);
}

/** Median and p95 of a sample of microsecond timings. */
export function summarise(times: Float64Array): Timing {
  const sorted = Float64Array.from(times).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { medianUs: round(at(0.5)), p95Us: round(at(0.95)), samples: sorted.length };
}

/** The machine, for the report line. */
export function machine(): { cpu: string; cores: number; memoryGiB: number; node: string } {
  return {
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
