/**
 * @module cli/progress
 * A progress bar on stderr for long CLI work (cli-progress); silent when stderr is not a TTY or
 * when JSON output is requested, so stdout stays machine-readable.
 */
import cliProgress from "cli-progress";

/** Minimal progress interface used by long-running commands. */
export interface Progress {
  start(total: number, label: string): void;
  tick(n?: number): void;
  stop(): void;
}

/** A bar on stderr, or a no-op when `quiet`. */
export function createProgress(quiet: boolean): Progress {
  if (quiet || !process.stderr.isTTY) return { start: () => {}, tick: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: "{label} [{bar}] {value}/{total} {percentage}% | eta {eta_formatted}",
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (total, label) => bar.start(total, 0, { label }),
    tick: (n = 1) => bar.increment(n),
    stop: () => bar.stop(),
  };
}
