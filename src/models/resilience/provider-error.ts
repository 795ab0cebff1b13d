/**
 * @module models/resilience/provider-error
 * Turns whatever a provider threw into a {@link ModelError} that names the agent, the model,
 * the HTTP status and the provider's own error code, so "model not found" reads as a
 * configuration problem of that agent's `model` field rather than a stack trace.
 */
import { APICallError } from "@ai-sdk/provider";
import { ModelError, RapoError } from "../../errors.js";

/** Who was being called, for error messages. */
export interface CallContext {
  agentId?: string;
  modelId: string;
  provider: string;
}

/** The provider's error code and message extracted from an HTTP error body, when present. */
export interface ProviderErrorBody {
  code?: string;
  message?: string;
}

/** "agent 'a' (openai.chat model 'gpt-4o')" or "model 'gpt-4o' (openai.chat)" without an agent. */
export function describeCall(ctx: CallContext): string {
  return ctx.agentId === undefined
    ? `model '${ctx.modelId}' (${ctx.provider})`
    : `agent '${ctx.agentId}' (${ctx.provider} model '${ctx.modelId}')`;
}

/** Reads `{ error: "..." }` (Ollama) or `{ error: { message, code, type } }` (OpenAI) from a body. */
export function parseErrorBody(body: string | undefined): ProviderErrorBody {
  if (body === undefined || body === "") return {};
  try {
    const parsed: unknown = JSON.parse(body);
    const error = (parsed as { error?: unknown } | null)?.error;
    if (typeof error === "string") return { message: error };
    if (error !== null && typeof error === "object") {
      const { message, code, type } = error as { message?: unknown; code?: unknown; type?: unknown };
      return {
        message: typeof message === "string" ? message : undefined,
        code: typeof code === "string" ? code : typeof type === "string" ? type : undefined,
      };
    }
  } catch {
    // not JSON: the raw body is still a useful message
  }
  return { message: body.slice(0, 300) };
}

/** Whether an HTTP failure says the model name does not exist on that server. */
export function isModelNotFound(status: number | undefined, body: ProviderErrorBody): boolean {
  if (body.code === "model_not_found") return true;
  return (
    status === 404 &&
    /model/i.test(body.message ?? "") &&
    /not found|does not exist/i.test(body.message ?? "")
  );
}

/**
 * Wraps `error` in a ModelError naming the call; other RapoErrors (timeouts included) pass through.
 * `attempts` is how many calls were made, retries included.
 */
export function toModelError(error: unknown, ctx: CallContext, attempts: number): RapoError {
  const who = describeCall(ctx);
  const base = { agentId: ctx.agentId, modelId: ctx.modelId, provider: ctx.provider, attempts };
  // a model that throws its own ModelError (llama-cpp, simulated) does not know the agent: add it
  if (error instanceof ModelError && error.details.agentId === undefined && ctx.agentId !== undefined) {
    return new ModelError(`${who} failed: ${error.message}`, { ...error.details, ...base }, error);
  }
  if (error instanceof RapoError) return error;
  if (!APICallError.isInstance(error)) {
    const message =
      error instanceof Error ? error.message : typeof error === "string" ? error : JSON.stringify(error);
    return new ModelError(`${who} failed: ${message}`, base, error);
  }
  const status = error.statusCode;
  const body = parseErrorBody(error.responseBody);
  const detail = body.message ?? error.message;
  const code = body.code === undefined ? "" : ` ${body.code}`;
  const http = status === undefined ? "network error" : `HTTP ${status}${code}`;
  const details = { ...base, statusCode: status, providerCode: body.code, retryable: error.isRetryable };
  if (isModelNotFound(status, body)) {
    const message = `${who}: field 'model': the server rejected model '${ctx.modelId}' (${http}): ${detail}`;
    return new ModelError(message, { ...details, field: "model", reason: "model_not_found" }, error);
  }
  const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
  return new ModelError(`${who} failed${tries} (${http}): ${detail}`, details, error);
}
