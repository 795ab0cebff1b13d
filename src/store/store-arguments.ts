/**
 * @module store/store-arguments
 * Argument checks shared by every store, so all backends accept and reject the same inputs.
 */
import { storeError } from "../domain/store-errors.js";

/**
 * A `limit` as a row count: ≤ 0 gives 0 (an empty result, where SQLite would read a negative
 * LIMIT as "no limit"), fractions round down, Infinity means "all". NaN is rejected.
 */
export function normalizeLimit(operation: string, limit: number): number {
  if (Number.isNaN(limit)) throw storeError(operation, "invalid_argument", "limit is NaN", { limit });
  if (limit <= 0) return 0;
  return Math.min(Math.floor(limit), Number.MAX_SAFE_INTEGER);
}

/** Rejects a checkpoint `keep` that is not a positive integer (the store would keep nothing). */
export function assertKeep(operation: string, keep: number): void {
  if (!Number.isInteger(keep) || keep < 1) {
    throw storeError(operation, "invalid_argument", `keep must be a positive integer, got ${keep}`, { keep });
  }
}
