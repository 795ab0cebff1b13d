/**
 * @module models/simulated/rate-limiter
 * A provider rate limit in simulated time: at most `requests` calls admitted in any window of
 * `perMs` ms. A call over the limit is refused with what a real provider sends — an HTTP 429
 * `APICallError` (the AI SDK's error type) whose `retry-after` / `retry-after-ms` headers say
 * when a call would be admitted again — so the orchestrator's retry and failover code handles it
 * exactly like a provider's.
 */
import { APICallError } from "@ai-sdk/provider";

/** Sliding-window admission of calls (times in simulated ms). */
export class SlidingWindowLimiter {
  /** admission times still inside the window, oldest first. */
  private readonly admitted: number[] = [];

  constructor(
    readonly requests: number,
    readonly perMs: number,
  ) {
    if (!(Number.isInteger(requests) && requests >= 1))
      throw new RangeError(`rate limit requests must be an integer >= 1, got ${requests}`);
    if (!(perMs > 0)) throw new RangeError(`rate limit window must be > 0 ms, got ${perMs}`);
  }

  /** Admits a call at `now` (returns 0) or returns the ms until one would be admitted (> 0). */
  admit(now: number): number {
    while (this.admitted.length > 0 && this.admitted[0]! <= now - this.perMs) this.admitted.shift();
    if (this.admitted.length < this.requests) {
      this.admitted.push(now);
      return 0;
    }
    return Math.max(1, this.admitted[0]! + this.perMs - now);
  }
}

/** The 429 a rate-limited provider answers, AI SDK style, with Retry-After in s and in ms. */
export function rateLimitError(modelId: string, retryAfterMs: number): APICallError {
  const ms = Math.ceil(retryAfterMs);
  return new APICallError({
    message: `simulated rate limit of ${modelId}: retry after ${ms} ms`,
    url: `rapo-sim://${modelId}`,
    requestBodyValues: {},
    statusCode: 429,
    responseHeaders: { "retry-after": String(Math.ceil(ms / 1000)), "retry-after-ms": String(ms) },
    responseBody: JSON.stringify({ error: { type: "rate_limit_error", message: "rate limit exceeded" } }),
    isRetryable: true,
  });
}
