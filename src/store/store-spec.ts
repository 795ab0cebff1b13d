/**
 * @module store/store-spec
 * The conformance suite (`testing/run-store-spec.ts`, published as `rapo/testing`) bound to
 * vitest, for this repository's own store tests: `runStoreSpec(name, { create })`. The file name
 * keeps vitest from running it on its own, and the build leaves it out.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StoreSpecOptions } from "./testing/index.js";
import { expectStoreError as expectStoreErrorWith, runStoreSpec as runWith } from "./testing/index.js";

const vitestApi = { describe, it, expect, beforeEach, afterEach };

/** Registers the conformance suite for one backend with vitest. */
export function runStoreSpec(name: string, options: Omit<StoreSpecOptions, "test">): void {
  runWith(name, { ...options, test: vitestApi });
}

/** Asserts that `promise` rejects with a StoreError for `operation` (and `reason`, if given). */
export function expectStoreError(
  promise: Promise<unknown>,
  operation: string,
  reason?: string,
): Promise<void> {
  return expectStoreErrorWith(expect, promise, operation, reason);
}
