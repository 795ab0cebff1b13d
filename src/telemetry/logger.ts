/**
 * @module telemetry/logger
 * Structured logs with pino. The default level comes from `RAPO_LOG_LEVEL` (default `warn`) so
 * library users are not flooded; logs go to stderr to keep stdout for program output. A logger
 * may write through a buffered asynchronous destination (`buffered`: lines gathered up to
 * `minLength` bytes, flushed at least every `flushMs`); {@link flushLogger} writes out what it
 * still holds (pino also flushes asynchronous destinations at process exit).
 */
import { type DestinationStream, type Logger, pino } from "pino";

export type { Logger } from "pino";

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** pino level; `RAPO_LOG_LEVEL`, else `warn`. */
  level?: string;
  /** file descriptor or path; stderr (2) by default. */
  dest?: number | string;
  /** write through a buffer instead of one synchronous write per line. */
  buffered?: {
    /** bytes gathered before a write. */
    minLength: number;
    /** longest time a line waits in the buffer, ms. */
    flushMs: number;
  };
}

/** Loggers made here remember how to flush their destination. */
type FlushableLogger = Logger & { flushSync?: () => void };

/** Creates rapo's logger (a level string is `{ level }`). */
export function createLogger(options: string | LoggerOptions = {}): Logger {
  const { level, dest = 2, buffered } = typeof options === "string" ? { level: options } : options;
  const destination = buffered
    ? pino.destination({ dest, sync: false, minLength: buffered.minLength, periodicFlush: buffered.flushMs })
    : pino.destination(dest);
  const logger = pino(
    { name: "rapo", level: level ?? process.env["RAPO_LOG_LEVEL"] ?? "warn" },
    destination,
  ) as FlushableLogger;
  logger.flushSync = () => flushQuietly(destination);
  return logger;
}

/** Writes out what a logger created by {@link createLogger} still buffers (no-op for other loggers). */
export function flushLogger(logger: Logger): void {
  (logger as FlushableLogger).flushSync?.();
}

function flushQuietly(destination: DestinationStream & { flushSync?: () => void }): void {
  try {
    destination.flushSync?.();
  } catch {
    // not ready yet (nothing written) or already closed: nothing to flush
  }
}
