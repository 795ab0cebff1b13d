/**
 * @module telemetry/logger
 * Structured logs with pino. The default level comes from `RAPO_LOG_LEVEL` (default `warn`) so
 * library users are not flooded; logs go to stderr to keep stdout for program output.
 */
import { type Logger, pino } from "pino";

export type { Logger } from "pino";

/** Creates rapo's logger. */
export function createLogger(level = process.env["RAPO_LOG_LEVEL"] ?? "warn"): Logger {
  return pino({ name: "rapo", level }, pino.destination(2));
}
