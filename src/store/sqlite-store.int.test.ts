import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCheckpointRecord, readCheckpointRecord } from "../domain/checkpoint-codec.js";
import { roundFloat16Array } from "./float16.js";
import { MIGRATIONS, SCHEMA_VERSION } from "./sqlite-schema.js";
import { SQL } from "./sqlite-statements.js";
import { SqliteStore } from "./sqlite-store.js";
import { expectStoreError } from "./store-spec.js";
import { answered, makeAgentState, makeConversation, makeHandoff, makeTurn } from "./testing/fixtures.js";

/** Small enough that the crash test spans several conversations. */
const TURNS_PER_CONVERSATION = 40;

// the conformance suite runs on this store from src/testing/store-conformance.int.test.ts (rapo/testing)

describe("SqliteStore on a real file", () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "rapo-sqlite-"));
    path = join(dir, "nested", "rapo.db");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps everything across close and reopen", async () => {
    const store = SqliteStore.open(path);
    const turn = makeTurn();
    const done = answered(turn, "agent-b", { handoff: makeHandoff(), failedOver: ["agent-a"] });
    const conversation = makeConversation({ lastAgentId: "agent-b", turnCount: 1, pool: "p1" });
    await store.acceptTurn(turn);
    await store.completeTurn(done, conversation);
    await store.acceptTurn(makeTurn({ id: "turn-2", seq: 1 }));
    await store.setOutcome("turn-1", 1);
    const states = [makeAgentState("a", 1), makeAgentState("b", 2)];
    await store.putAgentStates(states);
    const checkpoint = createCheckpointRecord({
      id: "ck-1",
      iteration: 1000,
      payload: { agents: states.map((s) => ({ id: s.agentId, prompt: s.prompt })) },
      createdAt: 5,
    });
    await store.putCheckpoint(checkpoint, 3);
    await store.putBlob("weights", new Uint8Array([4, 5, 6]));
    await store.close();

    const reopened = SqliteStore.open(path);
    expect(reopened.schemaVersion).toBe(SCHEMA_VERSION);
    expect(await reopened.getTurn("turn-1")).toEqual({ ...done, outcome: 1 });
    expect(await reopened.getConversation("conv-1")).toEqual(conversation);
    expect((await reopened.listPendingTurns()).map((t) => t.id)).toEqual(["turn-2"]);
    const stored = await reopened.listAgentStates();
    expect(stored.map((s) => s.prompt)).toEqual(states.map((s) => s.prompt));
    expect(stored.map((s) => s.capability)).toEqual(states.map((s) => roundFloat16Array(s.capability)));
    const latest = await reopened.latestCheckpoint();
    expect(latest).toEqual(checkpoint);
    expect(readCheckpointRecord(latest!)).toEqual({
      agents: states.map((s) => ({ id: s.agentId, prompt: s.prompt })),
    });
    expect(await reopened.getBlob("weights")).toEqual(new Uint8Array([4, 5, 6]));
    await reopened.close();
  });

  it("uses WAL, records the schema version once and migrates idempotently", async () => {
    await close(SqliteStore.open(path));
    await close(SqliteStore.open(path));
    const raw = new Database(path);
    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    const versions = raw.prepare("SELECT version FROM schema_migrations").pluck().all();
    expect(versions).toEqual(MIGRATIONS.map((m) => m.version));
    expect(versions.at(-1)).toBe(SCHEMA_VERSION);
    raw.close();
  });

  it("refuses a database written by a newer schema", async () => {
    await close(SqliteStore.open(path));
    const raw = new Database(path);
    raw
      .prepare("INSERT INTO schema_migrations (version, description, applied_at) VALUES (99, 'future', 0)")
      .run();
    raw.close();
    expect(() => SqliteStore.open(path)).toThrow(/newer/);
  });

  it("reads turns through the (conversation_id, seq) index and pending turns through their index", async () => {
    await close(SqliteStore.open(path));
    const raw = new Database(path);
    const plan = (sql: string, ...params: unknown[]) =>
      raw
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all(...params)
        .map((row) => (row as { detail: string }).detail)
        .join("; ");
    expect(plan(SQL.listTurnsNewestFirst, "c", 20)).toContain("turns_by_conversation_seq");
    expect(plan(SQL.listTurnsNewestFirst, "c", 20)).not.toContain("TEMP B-TREE");
    expect(plan(SQL.listPendingTurns)).toContain("turns_pending");
    expect(plan(SQL.listPendingTurns)).not.toContain("TEMP B-TREE");
    expect(plan(SQL.turnFrontiers, 10)).toContain("turns_by_conversation_seq");
    expect(plan(SQL.turnFrontiers, 10)).not.toContain("TEMP B-TREE");
    raw.close();
  });

  it("wraps driver errors with the operation name", async () => {
    expect(() => SqliteStore.open(dir)).toThrow(/^open: /);
    const store = SqliteStore.open(path);
    const raw = new Database(path);
    raw.exec("DROP TABLE blobs");
    raw.close();
    await expectStoreError(store.getBlob("k"), "getBlob", "driver");
    await store.close();
  });

  it("fails a write after the busy timeout while another connection holds the lock", async () => {
    const store = SqliteStore.open(path, { busyTimeoutMs: 30 });
    const raw = new Database(path);
    raw.exec("BEGIN IMMEDIATE");
    const started = performance.now();
    await expectStoreError(store.acceptTurn(makeTurn()), "acceptTurn", "driver");
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    raw.exec("ROLLBACK");
    raw.close();
    await store.acceptTurn(makeTurn());
    expect(await store.getTurn("turn-1")).toEqual(makeTurn());
    await store.close();
  });

  it("with exclusive locking, works across reopen and keeps other processes out while open", async () => {
    const store = SqliteStore.open(path, { locking: "exclusive" });
    await store.acceptTurn(makeTurn());
    const other = new Database(path, { timeout: 0 });
    expect(() => other.prepare("SELECT COUNT(*) FROM turns").get()).toThrow(/locked|busy/i);
    other.close();
    await store.close();
    const reopened = SqliteStore.open(path);
    expect(await reopened.getTurn("turn-1")).toEqual(makeTurn());
    await reopened.close();
  });

  it("refuses a corrupted vector blob instead of misreading it", async () => {
    const store = SqliteStore.open(path);
    await store.putAgentStates([makeAgentState("a")]);
    const raw = new Database(path);
    raw.prepare("UPDATE agent_states SET prompt = ?").run(Buffer.from([1, 2, 3]));
    raw.close();
    await expectStoreError(store.listAgentStates(), "listAgentStates", "driver");
    await store.close();
  });

  it.each(["normal", "exclusive"] as const)(
    "loses no committed turn when the writer is SIGKILLed (%s locking)",
    async (locking) => {
      const reported = await runCrashWriter(path, 300, locking);
      expect(reported.length).toBeGreaterThanOrEqual(300);
      const store = SqliteStore.open(path);
      for (const id of reported) {
        const turn = await store.getTurn(id);
        expect(turn?.status, id).toBe("answered");
        expect(turn?.answer).toBe(`Answer to: ${turn?.userContent}`);
      }
      // completeTurn is atomic: each conversation counts exactly its answered turns.
      const conversations = await store.listConversations(Number.POSITIVE_INFINITY);
      expect(conversations.length).toBeGreaterThanOrEqual(
        Math.ceil(reported.length / TURNS_PER_CONVERSATION),
      );
      for (const id of conversations) {
        const turns = await store.listTurns(id, TURNS_PER_CONVERSATION);
        const answeredCount = turns.filter((t) => t.status === "answered").length;
        expect((await store.getConversation(id))?.turnCount, id).toBe(answeredCount);
      }
      expect((await store.listPendingTurns()).length).toBeLessThanOrEqual(1);
      await store.close();
      const raw = new Database(path, { readonly: true });
      expect(raw.pragma("integrity_check", { simple: true })).toBe("ok");
      raw.close();
    },
  );
});

async function close(store: SqliteStore): Promise<void> {
  await store.close();
}

/** Runs the crash writer, SIGKILLs it once it reported `killAfter` ids, returns every id it reported. */
async function runCrashWriter(
  path: string,
  killAfter: number,
  locking: "normal" | "exclusive",
): Promise<string[]> {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const script = fileURLToPath(new URL("./testing/crash-writer.ts", import.meta.url));
  const child = spawn(
    process.execPath,
    ["--import", "tsx", script, path, String(TURNS_PER_CONVERSATION), locking],
    {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const ids: string[] = [];
  let partial = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout.on("data", (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split("\n");
    partial = lines.pop()!;
    ids.push(...lines);
    if (ids.length >= killAfter && child.exitCode === null) child.kill("SIGKILL");
  });
  const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
    child.on("close", (_code, sig) => resolve(sig)),
  );
  if (signal !== "SIGKILL") throw new Error(`crash writer ended without being killed: ${stderr}`);
  return ids;
}
