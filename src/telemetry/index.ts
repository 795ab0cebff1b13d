/**
 * @module telemetry
 * Metrics (Prometheus), structured logs (pino) and the failed-conversation trajectory log.
 */
export { createLogger, flushLogger, type Logger, type LoggerOptions } from "./logger.js";
export { createMetrics, type RapoMetrics } from "./metrics.js";
export {
  type FailedConversationRecord,
  readTrajectoryLog,
  TrajectoryLog,
  type TrajectoryLogOptions,
  type TrajectoryStep,
} from "./trajectory-log.js";
