/**
 * @module store/store-spec
 * The conformance suite every {@link StateStore} must pass (memory, SQLite, Redis): one clause of
 * the contract per test. Import it from a backend's test file and call {@link runStoreSpec}; the
 * file name keeps vitest from running it on its own. Clauses live in `testing/store-spec-*.ts`.
 */
import { afterEach, beforeEach, describe } from "vitest";
import type { StateStore } from "./contract.js";
import {
  agentStateClauses,
  blobClauses,
  checkpointClauses,
  closeClauses,
} from "./testing/store-spec-state.js";
import type { StoreSpecContext, StoreSpecOptions } from "./testing/store-spec-support.js";
import {
  acceptTurnClauses,
  completeTurnClauses,
  conversationClauses,
  readTurnClauses,
} from "./testing/store-spec-turns.js";

export { expectStoreError, type StoreSpecOptions } from "./testing/store-spec-support.js";

/**
 * Registers the conformance suite for one backend: a fresh store from `options.create()` per
 * test, disposed of by `options.destroy` (default `close()`).
 */
export function runStoreSpec(name: string, options: StoreSpecOptions): void {
  describe(`StateStore conformance: ${name}`, () => {
    const ctx: StoreSpecContext = { store: undefined as unknown as StateStore };
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
