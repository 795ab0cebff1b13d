/**
 * @module models/resilience/retry
 * Retries a failed model call with exponential backoff and jitter on 429, 5xx and network
 * errors, honouring the provider's `Retry-After` (seconds or HTTP date) and a cap on the total
 * time spent waiting. The caller aborting stops the wait at once.
 */
import { APICallError } from "@ai-sdk/provider";
import { TimeoutError } from "../../errors.js";
import { abortReason, sleep } from "./abort.js";

/** How to retry (the shape of `RapoConfig["resilience"]["retry"]`, so it can be passed as is). */
export interface RetryPolicy {
  /** retries after the first attempt (0 disables retrying). */
  maxRetries: number;
  /** wait before the first retry, in ms. */
  initialDelayMs: number;
  /** growth factor of the wait per retry. */
  backoffFactor: number;
  /** cap on one computed wait, in ms. */
  maxDelayMs: number;
  /** ± fraction of random jitter on computed waits. */
  jitter: number;
  /** total waiting allowed across retries; a Retry-After beyond what is left gives up at once. */
  maxTotalDelayMs: number;
  /** whether a per-call timeout is retried. */
  retryOnTimeout?: boolean;
}

/** What `onRetry` is told before each wait. */
export interface RetryInfo {
  /** the retry about to happen: 1 for the first retry. */
  retry: number;
  /** how long it waits first, in ms. */
  delayMs: number;
  /** whether the wait comes from the provider's Retry-After. */
  fromRetryAfter: boolean;
  error: unknown;
}

/** Options of {@link withRetry}. */
export interface RetryOptions {
  policy: RetryPolicy;
  /** the caller's signal: aborting stops waiting and retrying. */
  signal?: AbortSignal;
  onRetry?: (info: RetryInfo) => void;
  /** uniform random in [0, 1) for jitter; injectable for tests. */
  random?: () => number;
  /** wall clock for HTTP-date Retry-After; injectable for tests. */
  now?: () => number;
}

/** Error codes of network failures worth retrying (as found on an error or its causes). */
const NETWORK_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "UND_ERR_SOCKET"]);

/** Whether `error` is transient: HTTP 408/409/429/5xx, a network failure, or a timeout if allowed. */
export function isRetryableError(error: unknown, policy?: Pick<RetryPolicy, "retryOnTimeout">): boolean {
  if (error instanceof TimeoutError) return policy?.retryOnTimeout === true;
  if (APICallError.isInstance(error)) {
    if (error.isRetryable) return true;
    const status = error.statusCode;
    return status !== undefined && (status === 429 || status >= 500);
  }
  return hasNetworkCode(error);
}

/** Whether `error` or one of its causes carries a network failure code (ECONNRESET, ...). */
export function hasNetworkCode(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && NETWORK_CODES.has(code)) return true;
  }
  return false;
}

/**
 * The wait the provider asked for, in ms, from `retry-after-ms` or `retry-after` (delta seconds
 * or HTTP date) on an APICallError; undefined when absent or unparsable.
 */
export function retryAfterMs(error: unknown, now: number = Date.now()): number | undefined {
  if (!APICallError.isInstance(error) || error.responseHeaders === undefined) return undefined;
  const headers = error.responseHeaders;
  const ms = Number.parseFloat(headers["retry-after-ms"] ?? "");
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers["retry-after"];
  if (value === undefined) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Number.parseFloat(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff for retry number `retry` (1-based), capped and jittered. */
export function backoffDelayMs(
  retry: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const base = Math.min(policy.initialDelayMs * policy.backoffFactor ** (retry - 1), policy.maxDelayMs);
  const spread = policy.jitter * (2 * random() - 1);
  return Math.max(0, base * (1 + spread));
}

/**
 * Calls `attempt(n)` (n = 0 first) until it succeeds, a non-retryable error occurs, retries are
 * used up, or the next wait would exceed the total delay budget; rethrows the last error.
 * A caller abort rejects with the abort reason and never retries.
 */
export async function withRetry<T>(attempt: (n: number) => Promise<T>, options: RetryOptions): Promise<T> {
  try {
    return await attempt(0);
  } catch (error) {
    return retryAfterFailure(error, attempt, options);
  }
}

/**
 * {@link withRetry} from the point where attempt 0 failed with `error`: lets a hot path run the
 * first attempt without the retry layer (no extra async frame on success) and enter it only on
 * failure, with the same decisions.
 */
export async function retryAfterFailure<T>(
  error: unknown,
  attempt: (n: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const { signal } = options;
  let waited = 0;
  let last = error;
  for (let n = 1; ; n++) {
    if (signal?.aborted) throw abortReason(signal);
    const delay = nextDelay(last, n, waited, options);
    if (delay === undefined) throw last;
    options.onRetry?.({ retry: n, delayMs: delay.ms, fromRetryAfter: delay.fromRetryAfter, error: last });
    await sleep(delay.ms, signal);
    waited += delay.ms;
    try {
      return await attempt(n);
    } catch (next) {
      last = next;
    }
  }
}

function nextDelay(
  error: unknown,
  retry: number,
  waited: number,
  options: RetryOptions,
): { ms: number; fromRetryAfter: boolean } | undefined {
  const { policy } = options;
  if (retry > policy.maxRetries || !isRetryableError(error, policy)) return undefined;
  const asked = retryAfterMs(error, options.now?.() ?? Date.now());
  // a provider's Retry-After is a floor: waiting less only earns another 429
  const ms = asked ?? backoffDelayMs(retry, policy, options.random);
  if (waited + ms > policy.maxTotalDelayMs) return undefined;
  return { ms, fromRetryAfter: asked !== undefined };
}
