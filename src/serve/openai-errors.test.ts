import { describe, expect, it } from "vitest";
import {
  ClosedError,
  InputError,
  ModelError,
  NoAgentAvailableError,
  NotFoundError,
  RapoError,
  StoreError,
} from "../errors.js";
import { HttpError, toOpenAIError } from "./openai-errors.js";

describe("toOpenAIError", () => {
  it("maps errors by who is at fault, always in the OpenAI shape", () => {
    const cases: [unknown, number, string][] = [
      [new InputError("empty_message", "empty"), 400, "invalid_request_error"],
      [new NotFoundError("conversation", "x"), 404, "not_found_error"],
      [new InputError("feedback_conflict", "conflict"), 409, "conflict_error"],
      [new ClosedError(), 503, "service_unavailable"],
      [new NoAgentAvailableError("none"), 503, "service_unavailable"],
      [new ModelError("provider said secret things"), 502, "server_error"],
      [new StoreError("disk path /var/secret"), 500, "server_error"],
      [
        new HttpError(429, "rate_limit_exceeded", "slow down", { headers: { "retry-after": "3" } }),
        429,
        "rate_limit_error",
      ],
      [
        Object.assign(new Error("Request body is too large"), {
          statusCode: 413,
          code: "FST_ERR_CTP_BODY_TOO_LARGE",
        }),
        413,
        "invalid_request_error",
      ],
      [new SyntaxError("Unexpected token"), 400, "invalid_request_error"],
      [new TypeError("cannot read x of undefined"), 500, "server_error"],
      [new RapoError("cancelled", "gone", { category: "user" }), 499, "invalid_request_error"],
    ];
    for (const [error, status, type] of cases) {
      const out = toOpenAIError(error);
      expect(out.status, String(error)).toBe(status);
      expect(out.body.error.type).toBe(type);
      expect(Object.keys(out.body.error).sort()).toEqual(["code", "message", "param", "type"]);
    }
  });

  it("hides internals of server faults", () => {
    expect(toOpenAIError(new StoreError("disk path /var/secret")).body.error.message).not.toContain("secret");
    expect(toOpenAIError(new ModelError("provider said secret things")).body.error.message).not.toContain(
      "secret",
    );
    expect(toOpenAIError(new TypeError("x")).body.error.message).toBe("internal server error");
    expect(toOpenAIError(new HttpError(429, "r", "m", { headers: { "retry-after": "3" } })).headers).toEqual({
      "retry-after": "3",
    });
  });
});
