/**
 * @module store/testing/store-spec-support
 * Shared pieces of the store conformance suite: its options, the per-test context and the
 * StoreError assertion. Kept apart from `store-spec.ts` so the clause files avoid an import cycle.
 */
import { expect } from "vitest";
import { StoreError } from "../../errors.js";
import type { StateStore, StoreStats } from "../contract.js";

/** How the suite obtains and disposes of a store. */
export interface StoreSpecOptions {
  /** A fresh, empty store per test. */
  create: () => Promise<StateStore>;
  /** Disposes of a store after its test (it may already be closed). Default: `close()`. */
  destroy?: (store: StateStore) => Promise<void>;
  /** Row counts, when the backend offers them: enables checks the contract cannot observe. */
  stats?: (store: StateStore) => Promise<StoreStats>;
}

/** Asserts that `promise` rejects with a StoreError for `operation` (and `reason`, if given). */
export async function expectStoreError(
  promise: Promise<unknown>,
  operation: string,
  reason?: string,
): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  expect((error as StoreError).details["operation"]).toBe(operation);
  if (reason !== undefined) expect((error as StoreError).details["reason"]).toBe(reason);
}

/** What each clause reads: the store of the running test (replaced before every test). */
export interface StoreSpecContext {
  store: StateStore;
}
