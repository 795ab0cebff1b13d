/**
 * @module store/testing/store-spec-support
 * Shared pieces of the store conformance suite: its options, the test-runner functions it is
 * given, the per-test context and the StoreError assertion. The suite imports no test runner:
 * the caller passes `describe`, `it`, `expect`, `beforeEach` and `afterEach` (vitest's or jest's
 * fit as they are), so `rapo/testing` adds no dependency.
 */
import { StoreError } from "../../errors.js";
import type { StateStore, StoreStats } from "../contract.js";

/** The assertions the suite uses, as vitest's and jest's `expect(value)` provide them. */
export interface StoreSpecAssertion {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toBeNull(): void;
  // biome-ignore lint/suspicious/noExplicitAny: a class of any constructor signature, as the runners type it
  toBeInstanceOf(expected: abstract new (...args: any[]) => unknown): void;
  toBeLessThan(expected: number): void;
  toHaveLength(expected: number): void;
}

/** The test-runner functions the suite registers its tests with (vitest's or jest's). */
export interface StoreSpecTestApi {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void>): void;
  beforeEach(body: () => Promise<void>): void;
  afterEach(body: () => Promise<void>): void;
  expect(actual: unknown): StoreSpecAssertion;
}

/** How the suite obtains and disposes of a store. */
export interface StoreSpecOptions {
  /** The test runner's functions, e.g. `{ describe, it, expect, beforeEach, afterEach }` from vitest. */
  test: StoreSpecTestApi;
  /** A fresh, empty store per test. */
  create: () => Promise<StateStore>;
  /** Disposes of a store after its test (it may already be closed). Default: `close()`. */
  destroy?: (store: StateStore) => Promise<void>;
  /** Row counts, when the backend offers them: enables checks the contract cannot observe. */
  stats?: (store: StateStore) => Promise<StoreStats>;
}

/**
 * Asserts with `expect` that `promise` rejects with a StoreError for `operation` (and `reason`, if
 * given).
 */
export async function expectStoreError(
  expect: StoreSpecTestApi["expect"],
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

/** What each clause reads: the store of the running test (replaced before every test) and the runner. */
export interface StoreSpecContext {
  store: StateStore;
  test: StoreSpecTestApi;
}
