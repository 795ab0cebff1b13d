/**
 * The published conformance suite (`rapo/testing`, this folder's index) run as a store author runs
 * it — given vitest's functions — against the memory store and the SQLite store on a real file.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryStore } from "../store/memory-store.js";
import { SqliteStore } from "../store/sqlite-store.js";
import { runStoreSpec } from "./index.js";

const test = { describe, it, expect, beforeEach, afterEach };

runStoreSpec("memory", {
  test,
  create: async () => new MemoryStore(),
  stats: async (store) => (store as MemoryStore).stats(),
});

const dirs = new Map<SqliteStore, string>();
runStoreSpec("sqlite", {
  test,
  create: async () => {
    const dir = mkdtempSync(join(tmpdir(), "rapo-store-"));
    const store = SqliteStore.open(join(dir, "rapo.db"));
    dirs.set(store, dir);
    return store;
  },
  destroy: async (store) => {
    await store.close();
    rmSync(dirs.get(store as SqliteStore)!, { recursive: true, force: true });
    dirs.delete(store as SqliteStore);
  },
  stats: async (store) => (store as SqliteStore).stats(),
});
