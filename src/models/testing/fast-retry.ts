/**
 * @module models/testing/fast-retry
 * A retry policy with millisecond backoff for protocol tests, so retries are exercised without
 * slowing the suite (a Retry-After the server sends is still honoured).
 */
import type { RetryPolicy } from "../resilience/retry.js";

/** Three retries, 5 ms growing to at most 20 ms, 3 s total. */
export const FAST_RETRY: RetryPolicy = {
  maxRetries: 3,
  initialDelayMs: 5,
  backoffFactor: 2,
  maxDelayMs: 20,
  jitter: 0.1,
  maxTotalDelayMs: 3000,
};
