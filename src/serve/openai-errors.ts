/**
 * @module serve/openai-errors
 * The one place where errors become HTTP responses: every error the service sends has the
 * OpenAI error shape `{ error: { message, type, code, param } }` and a status chosen by who is at
 * fault — typed rapo errors by their code, fastify's own errors (body too large, bad JSON, wrong
 * content type) by their status, anything unknown as a 500 that leaks no internals.
 */
import { RapoError } from "../errors.js";

/** The body of every error response. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; code: string | null; param: string | null };
}

/** An error raised by the HTTP layer itself, with its status and OpenAI code. */
export class HttpError extends RapoError {
  readonly status: number;
  readonly param: string | null;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    options: { param?: string | null; headers?: Record<string, string> } = {},
  ) {
    super(code, message, { category: status >= 500 ? "system" : "user" });
    this.status = status;
    this.param = options.param ?? null;
    this.headers = options.headers ?? {};
  }
}

/** Status codes of rapo's own error codes (anything else of category user is a 400). */
const STATUS_BY_CODE: Record<string, number> = {
  unknown_conversation: 404,
  unknown_turn: 404,
  unknown_agent: 404,
  unknown_checkpoint: 404,
  feedback_conflict: 409,
  seq_conflict: 409,
  orchestrator_closed: 503,
  no_agent_available: 503,
  model_error: 502,
  timeout: 504,
  store_error: 500,
  cancelled: 499,
};

/** OpenAI's error `type` for a status. */
function typeOf(status: number): string {
  if (status === 401) return "authentication_error";
  if (status === 403) return "permission_error";
  if (status === 404) return "not_found_error";
  if (status === 409) return "conflict_error";
  if (status === 429) return "rate_limit_error";
  if (status >= 500) return status === 503 ? "service_unavailable" : "server_error";
  return "invalid_request_error";
}

/** Codes fastify gives its own 4xx errors, renamed for clients. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: "request_too_large",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "unsupported_media_type",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "invalid_content_length",
  FST_ERR_CTP_EMPTY_JSON_BODY: "invalid_json",
  FST_ERR_CTP_INVALID_JSON_BODY: "invalid_json",
};

/** A status, the body and extra headers for any thrown value. */
export function toOpenAIError(error: unknown): {
  status: number;
  body: OpenAIErrorBody;
  headers: Record<string, string>;
} {
  if (error instanceof HttpError)
    return shaped(error.status, error.code, error.message, error.param, error.headers);
  if (error instanceof RapoError) {
    const status = STATUS_BY_CODE[error.code] ?? (error.category === "user" ? 400 : 500);
    // system faults keep their details in the log, not in the response
    const message = status >= 500 && status !== 503 ? publicMessage(error) : error.message;
    return shaped(status, error.code, message, paramOf(error), {});
  }
  const fastify = error as { statusCode?: unknown; code?: unknown; message?: unknown };
  if (typeof fastify.statusCode === "number" && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    const code =
      typeof fastify.code === "string"
        ? (FASTIFY_CODES[fastify.code] ?? "invalid_request")
        : "invalid_request";
    const message = typeof fastify.message === "string" ? fastify.message : "invalid request";
    // a JSON syntax error is the client's (SyntaxError without a status in some paths)
    return shaped(fastify.statusCode, code, message, null, {});
  }
  if (error instanceof SyntaxError)
    return shaped(400, "invalid_json", "the body is not valid JSON", null, {});
  return shaped(500, "internal_error", "internal server error", null, {});
}

function shaped(
  status: number,
  code: string,
  message: string,
  param: string | null,
  headers: Record<string, string>,
) {
  return { status, headers, body: { error: { message, type: typeOf(status), code, param } } };
}

function publicMessage(error: RapoError): string {
  if (error.code === "model_error") return "the model call failed";
  if (error.code === "timeout") return "the model did not answer in time";
  return "internal server error";
}

function paramOf(error: RapoError): string | null {
  const field = error.details["field"] ?? error.details["param"];
  return typeof field === "string" ? field : null;
}
