/**
 * @module serve/request-logger
 * The service's default logger: pino JSON lines (request logs, warnings, errors) at
 * `RAPO_LOG_LEVEL` (default `info`) on stderr, written through a buffered asynchronous
 * destination — lines are gathered up to `minLength` bytes and flushed at least every
 * `flushMs`, so a busy server makes one write per few dozen requests instead of one blocking
 * write per request. A clean exit, a drain (`RapoServer.close`) and an uncaught error flush what
 * is buffered (pino flushes asynchronous destinations at process exit); only a SIGKILL can lose
 * the last `flushMs` of lines.
 */
import { type DestinationStream, type Logger, pino } from "pino";

/** Options of {@link createRequestLogger}. */
export interface RequestLoggerOptions {
  /** pino level; `RAPO_LOG_LEVEL`, else `info`. */
  level?: string;
  /** file descriptor or path; stderr (2) by default. */
  dest?: number | string;
  /** bytes gathered before a write. */
  minLength?: number;
  /** longest time a line waits in the buffer, ms. */
  flushMs?: number;
}

/** A logger whose destination can be flushed synchronously (on drain). */
export type RequestLogger = Logger & { flushSync?: () => void };

/** The service's buffered pino logger. */
export function createRequestLogger(options: RequestLoggerOptions = {}): Logger {
  const destination = pino.destination({
    dest: options.dest ?? 2,
    sync: false,
    minLength: options.minLength ?? 8192,
    periodicFlush: options.flushMs ?? 200,
  });
  const logger = pino(
    { name: "rapo", level: options.level ?? process.env["RAPO_LOG_LEVEL"] ?? "info" },
    destination,
  ) as RequestLogger;
  logger.flushSync = () => flushQuietly(destination);
  return logger;
}

/** Writes out what a logger created here still buffers (no-op for other loggers). */
export function flushRequestLogger(logger: Logger): void {
  (logger as RequestLogger).flushSync?.();
}

function flushQuietly(destination: DestinationStream & { flushSync?: () => void }): void {
  try {
    destination.flushSync?.();
  } catch {
    // not ready yet (nothing written) or already closed: nothing to flush
  }
}
