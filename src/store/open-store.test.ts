import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors.js";
import type { StateStore } from "./contract.js";
import { MemoryStore } from "./memory-store.js";
import { isStateStore, openStore, type StoreSpec } from "./open-store.js";
import { SqliteStore } from "./sqlite-store.js";

describe("openStore", () => {
  it("opens a fresh memory store", async () => {
    const a = await openStore("memory");
    const b = await openStore("memory");
    expect(a).toBeInstanceOf(MemoryStore);
    expect(a).not.toBe(b);
    await a.close();
    await b.close();
  });

  it("opens a SQLite file with options", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rapo-open-"));
    try {
      const store = await openStore({ sqlite: join(dir, "db", "rapo.db"), busyTimeoutMs: 100 });
      expect(store).toBeInstanceOf(SqliteStore);
      expect(store.kind).toBe("sqlite");
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("returns a caller's store as is", async () => {
    const mine = new MemoryStore();
    expect(await openStore(mine)).toBe(mine);
    expect(isStateStore(mine)).toBe(true);
  });

  it("rejects anything else with ConfigError", async () => {
    for (const spec of ["redis", { sqlite: "" }, { sqlite: 3 }, null, {}, { kind: "x" }]) {
      await expect(openStore(spec as unknown as StoreSpec)).rejects.toBeInstanceOf(ConfigError);
    }
    expect(isStateStore({ kind: "x" } as unknown as StateStore)).toBe(false);
  });
});
