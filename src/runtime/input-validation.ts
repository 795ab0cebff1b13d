/**
 * @module runtime/input-validation
 * Checks on caller input, each failing with a typed {@link InputError}.
 */
import { InputError } from "../errors.js";

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

/** A conversation id must be a non-empty string of at most 200 characters. */
export function validateConversationId(id: unknown): string {
  if (typeof id !== "string" || id.length === 0 || id.length > 200) {
    throw new InputError(
      "invalid_conversation_id",
      "conversation id must be a non-empty string of at most 200 characters",
      { id },
    );
  }
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
