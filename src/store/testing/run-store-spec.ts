/**
 * @module store/testing/run-store-spec
 * The conformance suite every {@link StateStore} must pass (memory, SQLite, Redis, or yours): one
 * clause of the contract per test, registered with the test runner the caller passes in. Published
 * as `rapo/testing`:
 *
 * ```ts
 * import { afterEach, beforeEach, describe, expect, it } from "vitest";
 * import { runStoreSpec } from "rapo/testing";
 * runStoreSpec("postgres", {
 *   test: { describe, it, expect, beforeEach, afterEach },
 *   create: () => PostgresStore.open(process.env.DATABASE_URL!),
 * });
 * ```
 */
import type { StateStore } from "../contract.js";
import { agentStateClauses, blobClauses, checkpointClauses, closeClauses } from "./store-spec-state.js";
import type { StoreSpecContext, StoreSpecOptions } from "./store-spec-support.js";
import {
  acceptTurnClauses,
  completeTurnClauses,
  conversationClauses,
  readTurnClauses,
} from "./store-spec-turns.js";

/**
 * Registers the conformance suite for one backend: a fresh store from `options.create()` per
 * test, disposed of by `options.destroy` (default `close()`), with `options.test`'s runner.
 */
export function runStoreSpec(name: string, options: StoreSpecOptions): void {
  const { describe, beforeEach, afterEach } = options.test;
  describe(`StateStore conformance: ${name}`, () => {
    const ctx: StoreSpecContext = { store: undefined as unknown as StateStore, test: options.test };
    beforeEach(async () => {
      ctx.store = await options.create();
    });
    afterEach(async () => {
      await (options.destroy ?? ((s: StateStore) => s.close()))(ctx.store);
    });
    conversationClauses(ctx);
    acceptTurnClauses(ctx);
    completeTurnClauses(ctx);
    readTurnClauses(ctx);
    agentStateClauses(ctx);
    checkpointClauses(ctx, options);
    blobClauses(ctx);
    closeClauses(ctx);
  });
}
