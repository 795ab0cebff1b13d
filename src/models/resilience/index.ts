/**
 * @module models/resilience
 * Surviving real providers: retries with backoff honouring Retry-After, per-call timeouts and
 * cancellation through AbortSignal, and a per-agent circuit breaker.
 */
export {
  abortReason,
  type LinkedController,
  linkedController,
  sleep,
  type TimeoutOptions,
  withTimeout,
} from "./abort.js";
export {
  type BreakerPolicy,
  type BreakerState,
  type BreakerTransition,
  CircuitBreaker,
  type CircuitBreakerOptions,
} from "./circuit-breaker.js";
export {
  backoffDelayMs,
  isRetryableError,
  type RetryInfo,
  type RetryOptions,
  type RetryPolicy,
  retryAfterMs,
  withRetry,
} from "./retry.js";
