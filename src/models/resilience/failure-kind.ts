/**
 * @module models/resilience/failure-kind
 * Issue 10, failure attribution: what a failed model call says about the agent. Timeouts, rate
 * limits, overload, server and transport errors say the agent is slow, busy or unreachable — a
 * health and load signal (circuit breaker, back-off, measured latency) — never that it lacks
 * skill; a rejected request (auth, unknown model, bad request) is a configuration problem. Only
 * answers (wrong, empty) are capability outcomes.
 */
import { APICallError } from "@ai-sdk/provider";
import { ModelError, RapoError, TimeoutError } from "../../errors.js";
import { parseErrorBody } from "./provider-error.js";
import { hasNetworkCode, retryAfterMs } from "./retry.js";

/** Class of a failed model call. */
export type FailureKind =
  /** no answer within the call's timeout (TimeoutError, HTTP 408). */
  | "timeout"
  /** HTTP 429 or a provider rate-limit / quota code. */
  | "rate_limit"
  /** the provider says it is overloaded (HTTP 503, 529, an "overloaded" code). */
  | "overload"
  /** any other HTTP 5xx. */
  | "server"
  /** the request never got an HTTP answer (connection reset or refused, DNS, socket). */
  | "transport"
  /** HTTP 4xx other than 408/429: auth, unknown model, malformed request. */
  | "rejected"
  /** anything else (a model adapter's own error without a status). */
  | "unknown";

const RATE_LIMIT_CODE = /rate.?limit|quota|too.?many.?requests/i;
const OVERLOAD_CODE = /overload|capacity/i;

/** Classifies a failed call's error (as thrown by `generate`/`stream`, or a raw provider error). */
export function classifyFailure(error: unknown): FailureKind {
  if (error instanceof TimeoutError) return "timeout";
  const status = statusOf(error);
  const code = providerCodeOf(error);
  if (status === 429 || (code !== undefined && RATE_LIMIT_CODE.test(code))) return "rate_limit";
  if (status === 503 || status === 529 || (code !== undefined && OVERLOAD_CODE.test(code))) return "overload";
  if (status === 408) return "timeout";
  if (status !== undefined && status >= 500) return "server";
  if (status !== undefined && status >= 400) return "rejected";
  if (hasNetworkCode(error)) return "transport";
  return "unknown";
}

/** Whether routing should hold traffic back from the agent for a while (rate limit, overload). */
export function isBackOffFailure(kind: FailureKind): boolean {
  return kind === "rate_limit" || kind === "overload";
}

/** The provider's Retry-After carried by `error` (or its cause), in ms; undefined when absent. */
export function failureRetryAfterMs(error: unknown): number | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const ms = retryAfterMs(e);
    if (ms !== undefined) return ms;
  }
  return undefined;
}

function statusOf(error: unknown): number | undefined {
  if (APICallError.isInstance(error)) return error.statusCode;
  if (error instanceof RapoError) {
    const status = error.details["statusCode"];
    if (typeof status === "number") return status;
    if (error instanceof ModelError && APICallError.isInstance(error.cause)) return error.cause.statusCode;
  }
  return undefined;
}

function providerCodeOf(error: unknown): string | undefined {
  if (APICallError.isInstance(error)) return parseErrorBody(error.responseBody).code;
  if (error instanceof RapoError) {
    const code = error.details["providerCode"];
    if (typeof code === "string") return code;
  }
  return undefined;
}
