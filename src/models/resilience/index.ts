/**
 * @module models/resilience
 * Surviving real providers: retries with backoff honouring Retry-After, per-call timeouts and
 * cancellation through AbortSignal, and a per-agent circuit breaker.
 */
export { abortReason, type LinkedController, linkedController, sleep } from "./abort.js";
export {
  type BreakerPolicy,
  type BreakerState,
  type BreakerTransition,
  CircuitBreaker,
  type CircuitBreakerOptions,
} from "./circuit-breaker.js";
export { type AttemptSignal, type TimeoutOptions, withDeadline, withTimeout } from "./deadline.js";
export { classifyFailure, type FailureKind, failureRetryAfterMs, isBackOffFailure } from "./failure-kind.js";
export {
  backoffDelayMs,
  isRetryableError,
  type RetryInfo,
  type RetryOptions,
  type RetryPolicy,
  retryAfterFailure,
  retryAfterMs,
  withRetry,
} from "./retry.js";
