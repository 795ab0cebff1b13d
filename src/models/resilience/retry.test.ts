import { APICallError } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { TimeoutError } from "../../errors.js";
import {
  backoffDelayMs,
  isRetryableError,
  type RetryPolicy,
  retryAfterFailure,
  retryAfterMs,
  withRetry,
} from "./retry.js";

const policy: RetryPolicy = {
  maxRetries: 3,
  initialDelayMs: 2,
  backoffFactor: 2,
  maxDelayMs: 10,
  jitter: 0,
  maxTotalDelayMs: 1_000,
};

function apiError(statusCode: number | undefined, headers: Record<string, string> = {}): APICallError {
  return new APICallError({
    message: `HTTP ${statusCode}`,
    url: "http://127.0.0.1/v1/chat/completions",
    requestBodyValues: {},
    statusCode,
    responseHeaders: headers,
    isRetryable: statusCode === undefined || statusCode === 429 || statusCode >= 500,
  });
}

describe("retryAfterMs", () => {
  it("reads delta seconds, retry-after-ms and HTTP dates", () => {
    expect(retryAfterMs(apiError(429, { "retry-after": "2" }))).toBe(2000);
    expect(retryAfterMs(apiError(429, { "retry-after": "0.5" }))).toBe(500);
    expect(retryAfterMs(apiError(429, { "retry-after-ms": "120", "retry-after": "9" }))).toBe(120);
    const now = Date.parse("2030-01-01T00:00:00Z");
    expect(retryAfterMs(apiError(503, { "retry-after": "Tue, 01 Jan 2030 00:00:03 GMT" }), now)).toBe(3000);
    // a date in the past means "now"
    expect(retryAfterMs(apiError(503, { "retry-after": "Mon, 31 Dec 2029 00:00:00 GMT" }), now)).toBe(0);
  });

  it("is undefined without a usable header or for other errors", () => {
    expect(retryAfterMs(apiError(429))).toBeUndefined();
    expect(retryAfterMs(apiError(429, { "retry-after": "soon" }))).toBeUndefined();
    expect(retryAfterMs(new Error("x"))).toBeUndefined();
  });
});

describe("backoffDelayMs", () => {
  it("grows exponentially up to the cap", () => {
    const p = { ...policy, initialDelayMs: 100, maxDelayMs: 500 };
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(n, p))).toEqual([100, 200, 400, 500]);
  });

  it("spreads by ± jitter", () => {
    const p = { ...policy, initialDelayMs: 100, maxDelayMs: 1000, jitter: 0.2 };
    expect(backoffDelayMs(1, p, () => 0)).toBeCloseTo(80);
    expect(backoffDelayMs(1, p, () => 0.999999)).toBeCloseTo(120, 3);
  });
});

describe("isRetryableError", () => {
  it("retries 429, 5xx and network errors, not 4xx", () => {
    expect(isRetryableError(apiError(429))).toBe(true);
    expect(isRetryableError(apiError(503))).toBe(true);
    expect(isRetryableError(apiError(undefined))).toBe(true);
    expect(isRetryableError(apiError(404))).toBe(false);
    expect(isRetryableError(apiError(400))).toBe(false);
    expect(isRetryableError(Object.assign(new Error("reset"), { code: "ECONNRESET" }))).toBe(true);
    expect(isRetryableError(new Error("boom"))).toBe(false);
  });

  it("retries timeouts only when the policy says so", () => {
    expect(isRetryableError(new TimeoutError("t"))).toBe(false);
    expect(isRetryableError(new TimeoutError("t"), { retryOnTimeout: true })).toBe(true);
  });
});

describe("withRetry", () => {
  it("retries transient failures then returns the result", async () => {
    const seen: number[] = [];
    const delays: number[] = [];
    const result = await withRetry(
      async (n) => {
        seen.push(n);
        if (n < 2) throw apiError(500);
        return "ok";
      },
      { policy, onRetry: (info) => delays.push(info.delayMs) },
    );
    expect(result).toBe("ok");
    expect(seen).toEqual([0, 1, 2]);
    expect(delays).toEqual([2, 4]);
  });

  it("does not retry a non-retryable error", async () => {
    let calls = 0;
    const error = apiError(404);
    await expect(
      withRetry(
        async () => {
          calls++;
          throw error;
        },
        { policy },
      ),
    ).rejects.toBe(error);
    expect(calls).toBe(1);
  });

  it("gives up after maxRetries with the last error", async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw apiError(503);
        },
        { policy: { ...policy, maxRetries: 2 } },
      ),
    ).rejects.toThrow("HTTP 503");
    expect(calls).toBe(3);
  });

  it("honours Retry-After and gives up at once when it exceeds the total delay budget", async () => {
    const delays: { delayMs: number; fromRetryAfter: boolean }[] = [];
    const record = (i: { delayMs: number; fromRetryAfter: boolean }) =>
      delays.push({ delayMs: i.delayMs, fromRetryAfter: i.fromRetryAfter });
    let calls = 0;
    const attempt = async () => {
      calls++;
      throw apiError(429, { "retry-after-ms": calls === 1 ? "5" : "5000" });
    };
    const started = performance.now();
    await expect(withRetry(attempt, { policy, onRetry: record })).rejects.toThrow("HTTP 429");
    expect(calls).toBe(2);
    expect(delays).toEqual([{ delayMs: 5, fromRetryAfter: true }]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("stops waiting when the caller aborts, with the caller's reason", async () => {
    const controller = new AbortController();
    const reason = new Error("caller gave up");
    const pending = withRetry(
      async () => {
        throw apiError(500);
      },
      {
        policy: { ...policy, initialDelayMs: 60_000, maxDelayMs: 60_000, maxTotalDelayMs: 120_000 },
        signal: controller.signal,
        onRetry: () => controller.abort(reason),
      },
    );
    await expect(pending).rejects.toBe(reason);
  });
});

describe("retryAfterFailure", () => {
  it("continues from a failed first attempt: retries numbered from 1, the first error reported", async () => {
    const seen: number[] = [];
    const retries: { retry: number; error: unknown }[] = [];
    const first = apiError(503);
    const result = await retryAfterFailure(
      first,
      async (n) => {
        seen.push(n);
        if (n < 2) throw apiError(500);
        return "ok";
      },
      { policy, onRetry: (info) => retries.push({ retry: info.retry, error: info.error }) },
    );
    expect(result).toBe("ok");
    expect(seen).toEqual([1, 2]);
    expect(retries.map((r) => r.retry)).toEqual([1, 2]);
    expect(retries[0]?.error).toBe(first);
  });

  it("rethrows a non-retryable first error without calling again", async () => {
    const fatal = apiError(400);
    let calls = 0;
    const pending = retryAfterFailure(
      fatal,
      async () => {
        calls++;
        return "never";
      },
      { policy },
    );
    await expect(pending).rejects.toBe(fatal);
    expect(calls).toBe(0);
  });
});
