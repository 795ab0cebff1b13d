/**
 * @module store/sqlite-store
 * {@link SqliteStore}: the embedded durable store (SPEC §8) on better-sqlite3 12.x.
 *
 * Durability: WAL journal with `synchronous = NORMAL`. Every committed transaction survives a
 * crash of the process (SIGKILL included: the WAL is in the OS page cache); only a power loss or
 * kernel crash can drop the last transactions before a WAL checkpoint. Pass
 * `synchronous: "FULL"` to survive that too, at the price of an fsync per commit.
 *
 * Write path: turns and conversations are written as appends to the turn journal and folded
 * into the `turns` and `conversations` tables in batches (see `sqlite-journal.ts`): by
 * {@link SqliteStore.maintain} (the orchestrator's control loop calls it every tick), by the reads
 * that list or order rows, on close, and on open after a crash. Accepted turns are group-committed
 * at the next turn of the event loop; a turn completed before that is journaled once, accepted
 * and completed together. A model call always spans at least one event-loop turn, so an accepted
 * turn is durable before its answer can be. One writer per file (see `sqlite-writer-lock.ts`);
 * `readonly: true` opens a store for reading beside a running writer.
 */
import { mkdirSync } from "node:fs";
import { endianness } from "node:os";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { closedStoreError, seqConflictError, storeError, wrapDriverError } from "../domain/store-errors.js";
import type {
  AgentStateRecord,
  CheckpointRecord,
  ConversationRecord,
  StateStore,
  StoreStats,
  TurnRecord,
} from "./contract.js";
import {
  agentStateFromRow,
  agentStateParams,
  checkpointFromRow,
  conversationFromRow,
  ownedBytes,
  turnFromRow,
} from "./sqlite-rows.js";
import { currentVersion, migrate, SCHEMA_VERSION } from "./sqlite-schema.js";
import { prepareStatements, type Statements } from "./sqlite-statements.js";
import { TurnWriter } from "./sqlite-turn-writer.js";
import { acquireWriterLock, type WriterLock } from "./sqlite-writer-lock.js";
import { assertKeep, normalizeLimit } from "./store-arguments.js";
import { assertStorePath } from "./store-path.js";

/** Options of {@link SqliteStore.open}. */
export interface SqliteStoreOptions {
  /**
   * How long a write waits for another connection's lock before failing, in ms. Default 5,000:
   * long enough to ride out another process's WAL checkpoint.
   */
  busyTimeoutMs?: number;
  /** `NORMAL` (default): durable across process crashes; `FULL`: across power loss too. */
  synchronous?: "NORMAL" | "FULL";
  /**
   * `exclusive` holds the file lock for the store's lifetime: no file-lock system calls per
   * transaction (commits ≈ a third cheaper) but no other process can read the file while the
   * store is open. Default `normal`, so `rapo inspect` and backups can read a live database.
   */
  locking?: "normal" | "exclusive";
  /**
   * Open for reading only, beside a running writer: no migration, no writer lock, writes throw
   * StoreError (reason `read_only`). Reads see what the writer has folded: its control loop
   * folds every tick, so normally within one tick, later when its event loop is busy (README:
   * p99 182 ms, max 278 ms measured); `stats().journal` counts the rest.
   */
  readonly?: boolean;
  /**
   * Journal entries that trigger a fold on the write path itself when no one calls
   * {@link SqliteStore.maintain}. Default 4,096.
   */
  maxJournal?: number;
  /**
   * Conversations whose highest turn seq is kept in memory for the seq-conflict check (≈ 100
   * bytes each; all of them are loaded at open, one index scan, when there are no more). Beyond
   * it, a conversation's first write costs one indexed query. Default 65,536.
   */
  maxFrontiers?: number;
}

const DEFAULT_BUSY_TIMEOUT_MS = 5_000;
const DEFAULT_MAX_JOURNAL = 4_096;
const DEFAULT_MAX_FRONTIERS = 65_536;
/** Writes (appends, folded entries) between two WAL checkpoints run by maintain(). */
const CHECKPOINT_EVERY_WRITES = 500;
const BACKSTOP_CHECKPOINT_PAGES = 10_000;

/** Row counts, plus the journal entries not yet folded into them. */
export interface SqliteStoreStats extends StoreStats {
  journal: number;
}

/** {@link StateStore} on a SQLite file. Open with {@link SqliteStore.open}. */
export class SqliteStore implements StateStore {
  readonly kind = "sqlite";
  /** Schema version of the open database. */
  readonly schemaVersion: number;
  private readonly db: Database.Database;
  /** null once closed: every method goes through {@link SqliteStore.use}. */
  private statements: Statements | null;
  private readonly lock: WriterLock | null;
  /** the journaled write path; null when readonly. */
  private readonly writer: TurnWriter | null;
  /** `writer.writes` at the last checkpoint maintain() ran. */
  private checkpointedAt = 0;
  private readonly putAgentStatesTx: (states: AgentStateRecord[]) => void;
  private readonly putCheckpointTx: (checkpoint: CheckpointRecord, keep: number) => void;

  private constructor(
    /** the database file (or `:memory:`). */
    readonly path: string,
    db: Database.Database,
    schemaVersion: number,
    lock: WriterLock | null,
    options: SqliteStoreOptions,
  ) {
    this.db = db;
    this.schemaVersion = schemaVersion;
    this.lock = lock;
    const st = prepareStatements(db);
    this.statements = st;
    this.writer =
      options.readonly === true
        ? null
        : new TurnWriter(
            db,
            st,
            options.maxJournal ?? DEFAULT_MAX_JOURNAL,
            options.maxFrontiers ?? DEFAULT_MAX_FRONTIERS,
            turnWriteError,
          );
    this.putAgentStatesTx = db.transaction((states: AgentStateRecord[]) => {
      for (const state of states) st.putAgentState.run(...agentStateParams(state));
    });
    this.putCheckpointTx = db.transaction((checkpoint: CheckpointRecord, keep: number) => {
      st.deleteCheckpoint.run(checkpoint.id);
      const { id, iteration, hash, payload, createdAt } = checkpoint;
      st.insertCheckpoint.run(id, iteration, hash, payload, createdAt);
      st.pruneCheckpoints.run(keep);
    });
  }

  /**
   * Opens (creating it and its directory if needed) and migrates the database at `path`, takes
   * its writer role and folds a journal left by a crash. A path under `/proc` or `/sys` is
   * refused up front (StoreError, reason `invalid_argument`). Synchronous, since the driver is;
   * throws StoreError (operation `open`) on failure.
   */
  static open(path: string, options: SqliteStoreOptions = {}): SqliteStore {
    if (endianness() !== "LE")
      throw storeError("open", "invalid_argument", "big-endian hosts are not supported");
    const file = path !== ":memory:" && path !== "";
    if (file) assertStorePath(path);
    let db: Database.Database | undefined;
    let lock: WriterLock | null = null;
    try {
      if (options.readonly === true) {
        db = new Database(path, {
          readonly: true,
          fileMustExist: true,
          timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
        });
        const version = currentVersion(db);
        if (version > SCHEMA_VERSION)
          throw storeError(
            "open",
            "invalid_argument",
            `database schema v${version} is newer than v${SCHEMA_VERSION}`,
          );
        return new SqliteStore(path, db, version, null, options);
      }
      if (file) mkdirSync(dirname(path), { recursive: true });
      // also with exclusive locking (whose own lock keeps everyone out): a second opener is
      // told at once that a writer is live, instead of waiting busyTimeoutMs for the file
      if (file) lock = acquireWriterLock(path);
      db = new Database(path, { timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
      // EXCLUSIVE must come before WAL so the WAL index lives in heap memory, not a shared file.
      if (options.locking === "exclusive") db.pragma("locking_mode = EXCLUSIVE");
      db.pragma("journal_mode = WAL");
      db.pragma(`synchronous = ${options.synchronous === "FULL" ? "FULL" : "NORMAL"}`);
      // checkpoints run in maintain(), off the turn path; this only bounds the WAL when no one
      // calls maintain() (≈ 40 MB)
      db.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
      const store = new SqliteStore(path, db, migrate(db), lock, options);
      store.writer!.recover();
      return store;
    } catch (error) {
      db?.close();
      lock?.release();
      throw wrapDriverError("open", error);
    }
  }

  /** @inheritDoc */
  async getConversation(id: string): Promise<ConversationRecord | null> {
    const st = this.use("getConversation");
    return this.guard("getConversation", () => {
      const journaled = this.writer?.journaledConversation(id);
      if (journaled !== undefined) return conversationFromRow(journaled);
      const row = st.getConversation.get(id);
      return row === undefined ? null : conversationFromRow(row);
    });
  }

  /** @inheritDoc */
  async putConversation(record: ConversationRecord): Promise<void> {
    const writer = this.writable("putConversation");
    return this.guard("putConversation", () => {
      writer.putConversation(record);
    });
  }

  /** @inheritDoc */
  async listConversations(limit: number): Promise<string[]> {
    const st = this.folded("listConversations");
    const count = normalizeLimit("listConversations", limit);
    if (count === 0) return [];
    return this.guard("listConversations", () => st.listConversations.all(count));
  }

  /** @inheritDoc */
  acceptTurn(turn: TurnRecord): Promise<void> {
    try {
      return this.writable("acceptTurn").accept(turn);
    } catch (error) {
      return Promise.reject(turnWriteError("acceptTurn", error, turn));
    }
  }

  /** @inheritDoc */
  async completeTurn(turn: TurnRecord, conversation: ConversationRecord): Promise<void> {
    this.writable("completeTurn").complete(turn, conversation);
  }

  /**
   * Deferred work, for the owner's periodic loop (the orchestrator's control loop calls it every
   * tick): writes buffered accepts, folds the journal into the tables and, every few hundred
   * writes, checkpoints the WAL into the database file — so no turn's commit pays for one.
   */
  async maintain(): Promise<void> {
    if (this.writer === null) return;
    this.folded("maintain");
    // PASSIVE: copies what it can without waiting for readers or blocking the next write
    if (this.writer.writes - this.checkpointedAt >= CHECKPOINT_EVERY_WRITES) {
      this.checkpointedAt = this.writer.writes;
      this.guard("maintain", () => this.db.pragma("wal_checkpoint(PASSIVE)"));
    }
  }

  /** @inheritDoc */
  async getTurn(id: string): Promise<TurnRecord | null> {
    this.writer?.flush();
    const st = this.use("getTurn");
    return this.guard("getTurn", () => {
      const journaled = this.writer?.journaledTurn(id);
      if (journaled !== undefined) return turnFromRow(journaled);
      const row = st.getTurn.get(id);
      return row === undefined ? null : turnFromRow(row);
    });
  }

  /** @inheritDoc */
  async listTurns(conversationId: string, limit: number): Promise<TurnRecord[]> {
    const st = this.folded("listTurns");
    const count = normalizeLimit("listTurns", limit);
    if (count === 0) return [];
    return this.guard("listTurns", () => {
      const rows = st.listTurnsNewestFirst.all(conversationId, count);
      const turns = new Array<TurnRecord>(rows.length);
      for (let i = 0; i < rows.length; i++) turns[rows.length - 1 - i] = turnFromRow(rows[i]!);
      return turns;
    });
  }

  /** @inheritDoc */
  async listPendingTurns(): Promise<TurnRecord[]> {
    const st = this.folded("listPendingTurns");
    return this.guard("listPendingTurns", () => st.listPendingTurns.all().map(turnFromRow));
  }

  /** @inheritDoc */
  async setOutcome(turnId: string, outcome: number): Promise<boolean> {
    this.writable("setOutcome");
    const st = this.folded("setOutcome");
    return this.guard("setOutcome", () => st.setOutcome.run(outcome, turnId).changes > 0);
  }

  /** @inheritDoc */
  async putAgentStates(states: AgentStateRecord[]): Promise<void> {
    this.writable("putAgentStates");
    return this.guard("putAgentStates", () => {
      this.putAgentStatesTx(states);
    });
  }

  /** @inheritDoc */
  async listAgentStates(): Promise<AgentStateRecord[]> {
    const st = this.use("listAgentStates");
    return this.guard("listAgentStates", () => st.listAgentStates.all().map(agentStateFromRow));
  }

  /** @inheritDoc */
  async putCheckpoint(checkpoint: CheckpointRecord, keep: number): Promise<void> {
    this.writable("putCheckpoint");
    assertKeep("putCheckpoint", keep);
    return this.guard("putCheckpoint", () => {
      this.putCheckpointTx(checkpoint, keep);
    });
  }

  /** @inheritDoc */
  async latestCheckpoint(): Promise<CheckpointRecord | null> {
    const st = this.use("latestCheckpoint");
    return this.guard("latestCheckpoint", () => {
      const row = st.latestCheckpoint.get();
      return row === undefined ? null : checkpointFromRow(row);
    });
  }

  /** @inheritDoc */
  async getBlob(key: string): Promise<Uint8Array | null> {
    const st = this.use("getBlob");
    return this.guard("getBlob", () => {
      const value = st.getBlob.get(key);
      return value === undefined ? null : ownedBytes(value);
    });
  }

  /** @inheritDoc */
  async putBlob(key: string, value: Uint8Array): Promise<void> {
    this.writable("putBlob");
    const st = this.use("putBlob");
    return this.guard("putBlob", () => {
      st.putBlob.run(key, value);
    });
  }

  /** Row counts (diagnostics, `rapo inspect`, tests), after a fold when writable. */
  stats(): SqliteStoreStats {
    const st = this.folded("stats");
    return this.guard("stats", () => ({ ...st.stats.get()!, journal: st.journalSize.get() ?? 0 }));
  }

  /** @inheritDoc */
  async close(): Promise<void> {
    if (this.statements === null) return;
    let failure: unknown;
    try {
      this.folded("close");
    } catch (error) {
      // the journal is durable: what could not be folded now is folded at the next open
      failure = error;
    }
    this.statements = null;
    try {
      this.db.close();
    } catch (error) {
      failure ??= wrapDriverError("close", error);
    } finally {
      this.lock?.release();
    }
    if (failure !== undefined) throw failure;
  }

  /** Whether the store was opened with `readonly: true` (it has no write path). */
  get readonly(): boolean {
    return this.writer === null;
  }

  /** The statements, after buffered accepts are journaled and the journal folded. */
  private folded(operation: string): Statements {
    const st = this.use(operation);
    this.writer?.flush();
    this.writer?.fold(operation);
    return st;
  }

  /** The write path of a store open for writing. */
  private writable(operation: string): TurnWriter {
    this.use(operation);
    if (this.writer === null)
      throw storeError(operation, "read_only", `'${this.path}' was opened readonly`, { path: this.path });
    return this.writer;
  }

  /** Runs `work`; a driver error becomes a StoreError naming `operation`. */
  private guard<T>(operation: string, work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw wrapDriverError(operation, error);
    }
  }

  /** The prepared statements, or a StoreError when the store is closed. */
  private use(operation: string): Statements {
    if (this.statements === null) throw closedStoreError(this.kind, operation);
    return this.statements;
  }
}

/** A turn write error: a (conversation_id, seq) collision becomes a seq conflict. */
function turnWriteError(operation: string, error: unknown, turn: TurnRecord): Error {
  const collides =
    error instanceof Database.SqliteError &&
    error.code === "SQLITE_CONSTRAINT_UNIQUE" &&
    error.message.includes("turns.conversation_id");
  return collides
    ? seqConflictError(operation, turn.id, turn.conversationId, turn.seq, error)
    : wrapDriverError(operation, error);
}
