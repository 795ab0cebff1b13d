import { APICallError } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { ModelError, TimeoutError } from "../../errors.js";
import { classifyFailure, failureRetryAfterMs, isBackOffFailure } from "./failure-kind.js";
import { toModelError } from "./provider-error.js";

function http(status: number, body = "", headers: Record<string, string> = {}): APICallError {
  return new APICallError({
    message: `HTTP ${status}`,
    url: "http://provider.test/v1",
    requestBodyValues: {},
    statusCode: status,
    responseHeaders: headers,
    responseBody: body,
  });
}

/** What the turn pipeline sees: the provider error as `generate` wraps it. */
const wrapped = (error: unknown) => toModelError(error, { agentId: "a", modelId: "m", provider: "p" }, 1);

describe("classifyFailure (issue 10)", () => {
  it("classifies provider failures by status and code, raw or wrapped", () => {
    const cases: [unknown, string][] = [
      [new TimeoutError("no answer within 50 ms"), "timeout"],
      [http(408), "timeout"],
      [http(429), "rate_limit"],
      [http(400, '{"error":{"message":"quota","code":"insufficient_quota"}}'), "rate_limit"],
      [http(503), "overload"],
      [http(529, '{"error":{"type":"overloaded_error","message":"Overloaded"}}'), "overload"],
      [http(500), "server"],
      [http(401), "rejected"],
      [http(404, '{"error":{"message":"model not found","code":"model_not_found"}}'), "rejected"],
      [Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }), "transport"],
      [new ModelError("simulated fault in model sim-a"), "unknown"],
    ];
    for (const [error, kind] of cases) {
      expect(classifyFailure(error), String(error)).toBe(kind);
      expect(classifyFailure(wrapped(error)), `wrapped ${String(error)}`).toBe(kind);
    }
  });

  it("backs off only on rate limits and overload, for the provider's Retry-After when given", () => {
    expect(isBackOffFailure("rate_limit")).toBe(true);
    expect(isBackOffFailure("overload")).toBe(true);
    expect(isBackOffFailure("timeout")).toBe(false);
    expect(isBackOffFailure("server")).toBe(false);
    expect(failureRetryAfterMs(wrapped(http(429, "", { "retry-after": "3" })))).toBe(3000);
    expect(failureRetryAfterMs(wrapped(http(429)))).toBeUndefined();
  });
});
