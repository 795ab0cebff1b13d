/**
 * @module cli/progress
 * A progress bar on stderr for long CLI work (cli-progress); silent when stderr is not a TTY or
 * when JSON output is requested, so stdout stays machine-readable. Its ETA comes from the average
 * rate since the first finished unit (not cli-progress's last-10-updates window, which swung from
 * hours to minutes when units of different cost alternate or a slow method follows a fast one).
 */
import cliProgress from "cli-progress";

/** Minimal progress interface used by long-running commands. */
export interface Progress {
  start(total: number, label: string): void;
  tick(n?: number): void;
  stop(): void;
}

/** Below this share of the work done, and this many seconds after the first unit, no ETA is shown. */
const WARMUP_SHARE = 0.02;
const WARMUP_SECONDS = 3;

/**
 * Remaining time from the mean rate since the first finished unit: start-up cost (model loading,
 * JIT) before it is excluded, and one slow or fast unit moves the estimate by about 1/done.
 */
export class EtaEstimator {
  private firstAt: number | null = null;
  private firstDone = 0;
  private done = 0;
  private lastAt = 0;

  constructor(private readonly total: number) {}

  /** Records that `done` units of `total` are finished at time `nowMs`. */
  update(done: number, nowMs: number): void {
    this.done = done;
    if (this.firstAt === null && done > 0) {
      this.firstAt = nowMs;
      this.firstDone = done;
    }
    this.lastAt = nowMs;
  }

  /** Seconds left, or null while there is too little evidence (warm-up) or nothing left. */
  seconds(): number | null {
    if (this.firstAt === null || this.done >= this.total) return null;
    const elapsed = (this.lastAt - this.firstAt) / 1000;
    const measured = this.done - this.firstDone;
    if (measured <= 0 || elapsed <= 0) return null;
    if (this.done / this.total < WARMUP_SHARE && elapsed < WARMUP_SECONDS) return null;
    return ((this.total - this.done) * elapsed) / measured;
  }
}

/** "45s", "12m 05s", "4h 25m"; "…" when unknown. */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return "…";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** A bar on stderr, or a no-op when `quiet`. */
export function createProgress(quiet: boolean): Progress {
  if (quiet || !process.stderr.isTTY) return { start: () => {}, tick: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: "{label} [{bar}] {value}/{total} {percentage}% | eta {etaText}",
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let eta = new EtaEstimator(1);
  let done = 0;
  return {
    start: (total, label) => {
      eta = new EtaEstimator(total);
      done = 0;
      bar.start(total, 0, { label, etaText: formatEta(null) });
    },
    tick: (n = 1) => {
      done += n;
      eta.update(done, performance.now());
      bar.increment(n, { etaText: formatEta(eta.seconds()) });
    },
    stop: () => bar.stop(),
  };
}
