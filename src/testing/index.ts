/**
 * @module rapo/testing
 * For authors of a {@link StateStore} (Postgres, DynamoDB…): the store conformance suite that the
 * memory, SQLite and Redis stores pass, runnable with any vitest- or jest-style runner. Write a
 * store, then:
 *
 * ```ts
 * import { afterEach, beforeEach, describe, expect, it } from "vitest";
 * import { runStoreSpec } from "rapo/testing";
 * runStoreSpec("my store", { test: { describe, it, expect, beforeEach, afterEach }, create: () => MyStore.open() });
 * ```
 */
export * from "../store/testing/index.js";
