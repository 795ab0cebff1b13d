/**
 * @module domain/store-errors
 * One place that builds the {@link StoreError}s every store throws, so all backends report the
 * same `details.operation` and `details.reason` and the conformance suite can assert on them.
 */
import { StoreError } from "../errors.js";

/** Why a store operation failed, in `StoreError.details.reason`. */
export type StoreErrorReason =
  | "closed"
  | "seq_conflict"
  | "invalid_argument"
  | "checkpoint_hash_mismatch"
  | "checkpoint_malformed"
  | "writer_busy"
  | "read_only"
  /** a networked backend (Redis) cannot be reached or did not answer in time. */
  | "unavailable"
  | "driver";

/** A StoreError naming the operation and the reason. */
export function storeError(
  operation: string,
  reason: StoreErrorReason,
  message: string,
  details: Record<string, unknown> = {},
  cause?: unknown,
): StoreError {
  return new StoreError(`${operation}: ${message}`, { operation, reason, ...details }, cause);
}

/** The error every call on a closed store rejects with. */
export function closedStoreError(kind: string, operation: string): StoreError {
  return storeError(operation, "closed", `the ${kind} store is closed`, { store: kind });
}

/** The error for a (conversationId, seq) already held by another turn id. */
export function seqConflictError(
  operation: string,
  turnId: string,
  conversationId: string,
  seq: number,
  cause?: unknown,
): StoreError {
  return storeError(
    operation,
    "seq_conflict",
    `seq ${seq} of conversation '${conversationId}' is taken by another turn`,
    { turnId, conversationId, seq },
    cause,
  );
}

/** Wraps anything a driver threw; StoreErrors pass through unchanged. */
export function wrapDriverError(operation: string, error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
  return storeError(operation, "driver", message, code === undefined ? {} : { driverCode: code }, error);
}
