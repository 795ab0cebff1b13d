/**
 * @module errors
 * Typed errors. Every error rapo throws is a {@link RapoError} with a stable `code`, a `category`
 * that says who is at fault, an optional `cause` and a `toJSON()` for logs and HTTP bodies.
 */

/** Who is at fault: the caller, rapo itself, or a third party (model provider, store). */
export type ErrorCategory = "user" | "system" | "third-party";

/** Base class of every error rapo throws. */
export class RapoError extends Error {
  /** Stable machine-readable identifier, e.g. `unknown_conversation`. */
  readonly code: string;
  readonly category: ErrorCategory;
  readonly details: Record<string, unknown>;

  constructor(
    code: string,
    message: string,
    options: { category?: ErrorCategory; cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.category = options.category ?? "system";
    this.details = options.details ?? {};
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      category: this.category,
      message: this.message,
      details: this.details,
      cause:
        this.cause instanceof Error ? { name: this.cause.name, message: this.cause.message } : this.cause,
    };
  }
}

/** Invalid configuration (names the field, the value and the allowed range). */
export class ConfigError extends RapoError {
  constructor(message: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super("invalid_config", message, { category: "user", details, cause });
  }
}

/** Invalid input from the caller: empty or oversized message, outcome outside [0, 1]... */
export class InputError extends RapoError {
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(code, message, { category: "user", details });
  }
}

/** A conversation, turn or agent id that does not exist. */
export class NotFoundError extends RapoError {
  constructor(kind: "conversation" | "turn" | "agent" | "checkpoint", id: string) {
    super(`unknown_${kind}`, `unknown ${kind} '${id}'`, { category: "user", details: { kind, id } });
  }
}

/** The orchestrator was closed; no more turns are accepted. */
export class ClosedError extends RapoError {
  constructor() {
    super("orchestrator_closed", "the orchestrator is closed", { category: "user" });
  }
}

/** A model call failed (provider error, malformed answer, rejected request). */
export class ModelError extends RapoError {
  constructor(message: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super("model_error", message, { category: "third-party", details, cause });
  }
}

/** A model call or another awaited operation took longer than its budget. */
export class TimeoutError extends RapoError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("timeout", message, { category: "third-party", details });
  }
}

/** The state store failed to read or write. */
export class StoreError extends RapoError {
  constructor(message: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super("store_error", message, { category: "system", details, cause });
  }
}

/** Every agent that could serve a turn failed; the turn is durably recorded as failed. */
export class NoAgentAvailableError extends RapoError {
  constructor(message: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super("no_agent_available", message, { category: "system", details, cause });
  }
}
