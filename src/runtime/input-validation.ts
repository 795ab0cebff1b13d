/**
 * @module runtime/input-validation
 * Checks on caller input, each failing with a typed {@link InputError}.
 */
import { InputError } from "../errors.js";
import { isWellFormed } from "./answer-bounds.js";

/**
 * Lone surrogates (half a UTF-16 pair) are refused everywhere, rather than stored: SQLite's UTF-8
 * would turn each into U+FFFD bytes while the memory store kept it, so the two stores would
 * disagree (issue 12).
 */
function assertWellFormed(text: string, code: string, what: string): void {
  if (!isWellFormed(text)) {
    throw new InputError(code, `${what} contains a lone surrogate (invalid UTF-16)`, {
      reason: "lone_surrogate",
    });
  }
}

/** A message must be a non-empty string of at most `maxChars` characters. */
export function validateMessage(content: unknown, maxChars: number): string {
  if (typeof content !== "string") {
    throw new InputError("invalid_message", `message content must be a string, got ${typeof content}`, {
      type: typeof content,
    });
  }
  if (content.trim().length === 0) throw new InputError("empty_message", "message content is empty");
  if (content.length > maxChars) {
    throw new InputError(
      "message_too_long",
      `message has ${content.length} characters; the limit is ${maxChars}`,
      {
        length: content.length,
        limit: maxChars,
      },
    );
  }
  assertWellFormed(content, "invalid_message", "message content");
  return content;
}

/** An outcome must be a finite number in [0, 1]. */
export function validateOutcome(outcome: unknown): number {
  if (typeof outcome !== "number" || !Number.isFinite(outcome) || outcome < 0 || outcome > 1) {
    throw new InputError("invalid_outcome", `outcome must be a number in [0, 1], got ${String(outcome)}`, {
      outcome,
    });
  }
  return outcome;
}

/** A conversation id must be a non-empty well-formed string of at most 200 characters. */
export function validateConversationId(id: unknown): string {
  return validateId(id, "invalid_conversation_id", "conversation id");
}

/** A turn id, as `send` returned it: a non-empty well-formed string of at most 200 characters. */
export function validateTurnId(id: unknown): string {
  return validateId(id, "invalid_turn_id", "turn id");
}

/** An agent id: a non-empty well-formed string of at most 200 characters. */
export function validateAgentId(id: unknown): string {
  return validateId(id, "invalid_agent_id", "agent id");
}

/** A result limit: a non-negative integer. */
export function validateLimit(limit: unknown): number {
  if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 0) {
    throw new InputError("invalid_limit", `limit must be a non-negative integer, got ${String(limit)}`, {
      limit,
    });
  }
  return limit;
}

function validateId(id: unknown, code: string, what: string): string {
  if (typeof id !== "string" || id.length === 0 || id.length > 200) {
    const got = id === null ? "null" : Array.isArray(id) ? "an array" : typeof id;
    throw new InputError(code, `${what} must be a non-empty string of at most 200 characters, got ${got}`, {
      type: got,
    });
  }
  assertWellFormed(id, code, what);
  return id;
}

/** A turn deadline must be a positive finite number of milliseconds. */
export function validateDeadline(deadlineMs: unknown): number {
  if (typeof deadlineMs !== "number" || !Number.isFinite(deadlineMs) || deadlineMs <= 0) {
    throw new InputError(
      "invalid_deadline",
      `deadlineMs must be a positive number, got ${String(deadlineMs)}`,
      {
        deadlineMs,
      },
    );
  }
  return deadlineMs;
}
