import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StoreError } from "../errors.js";
import { SqliteStore } from "./sqlite-store.js";
import { expectStoreError } from "./store-spec.js";
import { answered, makeConversation, makeTurn } from "./testing/fixtures.js";

/** Rows of a table, read by a connection of its own (what another process would see). */
function countRows(path: string, table: "journal" | "turns" | "conversations"): number {
  const raw = new Database(path, { readonly: true });
  try {
    return raw.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
  } finally {
    raw.close();
  }
}

/**
 * Turn `seq` of `conversationId` answered within the same event-loop turn as its acceptance
 * (an instant model): accepted and completed in one journal append.
 */
async function writeTurn(
  store: SqliteStore,
  conversationId: string,
  seq: number,
  id = `${conversationId}-t${seq}`,
) {
  const turn = makeTurn({ id, conversationId, seq });
  const accepted = store.acceptTurn(turn);
  await store.completeTurn(answered(turn), makeConversation({ id: conversationId, turnCount: seq + 1 }));
  await accepted;
  return turn;
}

describe("SqliteStore turn journal", () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "rapo-journal-"));
    path = join(dir, "rapo.db");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("commits a finished turn as one journal row, readable at once, folded by maintain()", async () => {
    const store = SqliteStore.open(path);
    const turn = await writeTurn(store, "c1", 0);
    // durable in the journal, not yet in the tables
    expect(countRows(path, "journal")).toBe(1);
    expect(countRows(path, "turns")).toBe(0);
    expect(await store.getTurn(turn.id)).toEqual(answered(turn));
    expect((await store.getConversation("c1"))?.turnCount).toBe(1);
    await store.maintain();
    expect(countRows(path, "journal")).toBe(0);
    expect(countRows(path, "turns")).toBe(1);
    expect(countRows(path, "conversations")).toBe(1);
    expect(await store.getTurn(turn.id)).toEqual(answered(turn));
    await store.close();
  });

  it("journals an acceptance that waits for its answer as a pending row of its own", async () => {
    const store = SqliteStore.open(path);
    const turn = makeTurn({ conversationId: "c1" });
    await store.acceptTurn(turn);
    expect(countRows(path, "journal")).toBe(1);
    expect(await store.getTurn(turn.id)).toEqual(turn);
    await store.completeTurn(answered(turn), makeConversation({ id: "c1", turnCount: 1 }));
    expect(countRows(path, "journal")).toBe(2);
    expect(await store.listPendingTurns()).toEqual([]);
    expect(await store.getTurn(turn.id)).toEqual(answered(turn));
    await store.close();
  });

  it("folds before reads that list rows, so they see every write", async () => {
    const store = SqliteStore.open(path);
    for (let seq = 0; seq < 3; seq++) await writeTurn(store, "c1", seq);
    expect(countRows(path, "journal")).toBe(3);
    expect((await store.listTurns("c1", 10)).map((t) => t.seq)).toEqual([0, 1, 2]);
    expect(countRows(path, "journal")).toBe(0);
    expect(store.stats()).toMatchObject({ turns: 3, conversations: 1, journal: 0 });
    await store.close();
  });

  it("folds a journal left by a killed writer when the file is opened again", async () => {
    const store = SqliteStore.open(path);
    await writeTurn(store, "c1", 0);
    await writeTurn(store, "c1", 1);
    // what a SIGKILL leaves: the journal rows, no fold, no close
    const copy = join(dir, "copy.db");
    const raw = new Database(path, { readonly: true });
    await raw.backup(copy);
    raw.close();
    await store.close();
    expect(countRows(copy, "journal")).toBe(2);
    const reopened = SqliteStore.open(copy);
    expect(countRows(copy, "journal")).toBe(0);
    expect((await reopened.listTurns("c1", 10)).map((t) => t.status)).toEqual(["answered", "answered"]);
    expect((await reopened.getConversation("c1"))?.turnCount).toBe(2);
    await reopened.close();
  });

  it("checks seq conflicts against folded turns too, and frees a slot a journaled write moved away", async () => {
    const store = SqliteStore.open(path);
    const first = await writeTurn(store, "c1", 0, "first");
    await store.maintain();
    const intruder = makeTurn({ id: "intruder", conversationId: "c1", seq: 0 });
    await expectStoreError(store.acceptTurn(intruder), "acceptTurn", "seq_conflict");
    await expectStoreError(
      store.completeTurn(answered(intruder), makeConversation({ id: "c1" })),
      "completeTurn",
      "seq_conflict",
    );
    // "first" moves to seq 5 (journaled, not folded): seq 0 is free for another turn
    await store.completeTurn(answered({ ...first, seq: 5 }), makeConversation({ id: "c1" }));
    await store.completeTurn(answered(intruder), makeConversation({ id: "c1", turnCount: 6 }));
    expect((await store.listTurns("c1", 10)).map((t) => [t.id, t.seq])).toEqual([
      ["intruder", 0],
      ["first", 5],
    ]);
    await store.close();
  });

  it.each([
    ["loaded at open", 100],
    ["learned per conversation", 1],
  ])("detects conflicts with turns written before a reopen (frontiers %s)", async (_how, maxFrontiers) => {
    const first = SqliteStore.open(path);
    await writeTurn(first, "c1", 0, "old-0");
    await writeTurn(first, "c2", 0, "old-1");
    await first.close();
    const store = SqliteStore.open(path, { maxFrontiers });
    const intruder = makeTurn({ id: "intruder", conversationId: "c2", seq: 0 });
    await expectStoreError(store.acceptTurn(intruder), "acceptTurn", "seq_conflict");
    await writeTurn(store, "c2", 1);
    await writeTurn(store, "c3", 0);
    await store.maintain();
    await expectStoreError(
      store.completeTurn(answered({ ...intruder, conversationId: "c3" }), makeConversation({ id: "c3" })),
      "completeTurn",
      "seq_conflict",
    );
    await expectStoreError(
      store.completeTurn(answered({ ...intruder, seq: 1 }), makeConversation({ id: "c2" })),
      "completeTurn",
      "seq_conflict",
    );
    expect((await store.listTurns("c2", 10)).map((t) => t.id)).toEqual(["old-1", "c2-t1"]);
    await store.close();
  });

  it("checkpoints the WAL into the database file in maintain(), not in a turn's commit", async () => {
    const store = SqliteStore.open(path);
    const fileSize = () => statSync(path).size;
    const empty = fileSize();
    for (let seq = 0; seq < 300; seq++) await writeTurn(store, `c${seq % 7}`, Math.floor(seq / 7));
    // 300 appends: below the backstop, so the commits ran no checkpoint
    expect(fileSize()).toBe(empty);
    await store.maintain();
    // 300 appends + 300 folded rows: maintain() checkpointed
    expect(fileSize()).toBeGreaterThan(empty);
    await store.close();
  });

  it("folds on the write path once maxJournal entries wait", async () => {
    const store = SqliteStore.open(path, { maxJournal: 4 });
    for (let seq = 0; seq < 3; seq++) await writeTurn(store, "c1", seq);
    expect(countRows(path, "journal")).toBe(3);
    await writeTurn(store, "c1", 3);
    expect(countRows(path, "journal")).toBe(0);
    expect(countRows(path, "turns")).toBe(4);
    await store.close();
  });
});

describe("SqliteStore writer lock and readonly mode", () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "rapo-writer-"));
    path = join(dir, "rapo.db");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses a second writer on the same file until the first closes", async () => {
    const store = SqliteStore.open(path);
    const second = (() => {
      try {
        return SqliteStore.open(path);
      } catch (error) {
        return error;
      }
    })();
    expect(second).toBeInstanceOf(StoreError);
    expect((second as StoreError).message).toMatch(/open for writing elsewhere/);
    expect((second as StoreError).details["reason"]).toBe("writer_busy");
    await store.close();
    const next = SqliteStore.open(path);
    await next.close();
  });

  it("reads beside a running writer, up to what it folded, and refuses writes", async () => {
    const store = SqliteStore.open(path);
    await writeTurn(store, "c1", 0);
    await store.maintain();
    await writeTurn(store, "c1", 1);
    const reader = SqliteStore.open(path, { readonly: true });
    expect(reader.readonly).toBe(true);
    expect((await reader.listTurns("c1", 10)).map((t) => t.seq)).toEqual([0]);
    expect(reader.stats()).toMatchObject({ turns: 1, journal: 1 });
    await expectStoreError(reader.putConversation(makeConversation()), "putConversation", "read_only");
    await expectStoreError(reader.acceptTurn(makeTurn({ id: "x" })), "acceptTurn", "read_only");
    await store.maintain();
    expect((await reader.listTurns("c1", 10)).map((t) => t.seq)).toEqual([0, 1]);
    await reader.close();
    await store.close();
  });

  it("refuses to open a missing file readonly", () => {
    expect(() => SqliteStore.open(join(dir, "absent.db"), { readonly: true })).toThrow(/^open: /);
  });
});
