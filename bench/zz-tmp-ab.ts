import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { SqliteStore } from "../src/store/sqlite-store.js";
import { answered, makeConversation, makeTurn } from "../src/store/testing/fixtures.js";

const dir = mkdtempSync(join(tmpdir(), "ab-"));
const variants: [string, string[]][] = [
  ["all", []],
  ["-pending", ["turns_pending"]],
  ["-convupd", ["conversations_by_update"]],
  ["-both", ["turns_pending", "conversations_by_update"]],
];
const stores = variants.map(([name, drops], i) => {
  const path = join(dir, `${i}.db`);
  SqliteStore.open(path).close();
  const raw = new Database(path);
  for (const d of drops) raw.exec(`DROP INDEX ${d}`);
  raw.close();
  return { name, store: SqliteStore.open(path), xs: [] as number[] };
});
for (let n = 0; n < 24000; n++) {
  const conv = `conv-${Math.floor(n / 20)}`;
  for (const v of stores) {
    const turn = makeTurn({ id: `t-${n}`, conversationId: conv, seq: n % 20, createdAt: Date.now() });
    const done = answered(turn);
    const c = makeConversation({ id: conv, turnCount: (n % 20) + 1, updatedAt: Date.now() });
    const a = performance.now();
    await v.store.acceptTurn(turn);
    await v.store.completeTurn(done, c);
    const b = performance.now();
    if (n >= 4000) v.xs.push((b - a) * 1000);
  }
}
for (const v of stores) {
  v.xs.sort((a, b) => a - b);
  console.log(
    v.name.padEnd(10),
    "median",
    v.xs[v.xs.length >> 1]!.toFixed(1),
    "p95",
    v.xs[Math.floor(v.xs.length * 0.95)]!.toFixed(1),
  );
}
