/**
 * @module serve/request-logger
 * The service's default logger: rapo's logger ({@link createLogger}) at `RAPO_LOG_LEVEL` (default
 * `info`) on stderr, through a buffered asynchronous destination — lines are gathered up to
 * `minLength` bytes and flushed at least every `flushMs`, so a busy server makes one write per
 * few dozen requests instead of one blocking write per request. A clean exit, a drain
 * (`RapoServer.close`, which calls {@link flushLogger}) and an uncaught error flush what is
 * buffered; only a SIGKILL can lose the last `flushMs` of lines.
 */
import { createLogger, flushLogger, type Logger } from "../telemetry/logger.js";

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

/** The service's buffered logger. */
export function createRequestLogger(options: RequestLoggerOptions = {}): Logger {
  return createLogger({
    level: options.level ?? process.env["RAPO_LOG_LEVEL"] ?? "info",
    dest: options.dest ?? 2,
    buffered: { minLength: options.minLength ?? 8192, flushMs: options.flushMs ?? 200 },
  });
}

/** Writes out what a logger still buffers (see {@link flushLogger}). */
export const flushRequestLogger = flushLogger;
