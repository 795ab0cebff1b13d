/**
 * @module store/sqlite-store
 * {@link SqliteStore}: the embedded durable store (SPEC §8) on better-sqlite3 12.x.
 *
 * Durability: WAL journal with `synchronous = NORMAL`. Every committed transaction survives a
 * crash of the process (SIGKILL included: the WAL is in the OS page cache); only a power loss or
 * kernel crash can drop the last transactions before a WAL checkpoint. Pass
 * `synchronous: "FULL"` to survive that too, at the price of an fsync per commit.
 *
 * better-sqlite3 is synchronous, so methods do their work at once and return settled promises —
 * except `acceptTurn`, which is group-committed: accepted turns are written in one transaction
 * at the next turn of the event loop (its promise resolves then), and a turn completed before
 * that is written once, accepted and completed in the same transaction. A model call always
 * spans at least one event-loop turn, so an accepted turn is durable before its answer can be;
 * a zero-latency model costs one commit per turn instead of two. Reads flush first.
 */
import { mkdirSync } from "node:fs";
import { endianness } from "node:os";
import { dirname } from "node:path";
import Database from "better-sqlite3";
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
  conversationParams,
  finishTurnParams,
  ownedBytes,
  turnFromRow,
  turnParams,
} from "./sqlite-rows.js";
import { migrate } from "./sqlite-schema.js";
import { prepareStatements, type Statements } from "./sqlite-statements.js";
import { assertKeep, normalizeLimit } from "./store-arguments.js";
import { closedStoreError, seqConflictError, storeError, wrapDriverError } from "./store-errors.js";

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
}

const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

/** {@link StateStore} on a SQLite file. Open with {@link SqliteStore.open}. */
export class SqliteStore implements StateStore {
  readonly kind = "sqlite";
  /** Schema version of the open database. */
  readonly schemaVersion: number;
  private readonly db: Database.Database;
  /** null once closed: every method goes through {@link SqliteStore.use}. */
  private statements: Statements | null;
  private readonly completeTurnTx: (
    turn: TurnRecord,
    conversation: ConversationRecord,
    fresh: boolean,
  ) => void;
  private readonly putAgentStatesTx: (states: AgentStateRecord[]) => void;
  private readonly putCheckpointTx: (checkpoint: CheckpointRecord, keep: number) => void;
  private readonly acceptBatchTx: (batch: BufferedAccept[]) => void;
  /** accepted turns not written yet, by id (group commit). */
  private readonly buffered = new Map<string, BufferedAccept>();
  private flushScheduled = false;

  private constructor(
    /** the database file (or `:memory:`). */
    readonly path: string,
    db: Database.Database,
    schemaVersion: number,
  ) {
    this.db = db;
    this.schemaVersion = schemaVersion;
    const st = prepareStatements(db);
    this.statements = st;
    this.completeTurnTx = db.transaction(
      (turn: TurnRecord, conversation: ConversationRecord, fresh: boolean) => {
        // a turn whose acceptance is still buffered has no row yet: insert it directly
        if (fresh || st.finishTurn.run(...finishTurnParams(turn)).changes === 0)
          st.putTurn.run(...turnParams(turn));
        st.putConversation.run(...conversationParams(conversation));
      },
    );
    this.acceptBatchTx = db.transaction((batch: BufferedAccept[]) => {
      // statement-level atomicity: a conflicting insert fails alone, the others commit
      for (const entry of batch) {
        try {
          st.acceptTurn.run(...turnParams(entry.turn));
        } catch (error) {
          entry.error = error;
        }
      }
    });
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
   * Opens (creating it and its directory if needed) and migrates the database at `path`.
   * Synchronous, since the driver is; throws StoreError (operation `open`) on failure.
   */
  static open(path: string, options: SqliteStoreOptions = {}): SqliteStore {
    if (endianness() !== "LE")
      throw storeError("open", "invalid_argument", "big-endian hosts are not supported");
    let db: Database.Database | undefined;
    try {
      if (path !== ":memory:" && path !== "") mkdirSync(dirname(path), { recursive: true });
      db = new Database(path, { timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
      // EXCLUSIVE must come before WAL so the WAL index lives in heap memory, not a shared file.
      if (options.locking === "exclusive") db.pragma("locking_mode = EXCLUSIVE");
      db.pragma("journal_mode = WAL");
      db.pragma(`synchronous = ${options.synchronous === "FULL" ? "FULL" : "NORMAL"}`);
      return new SqliteStore(path, db, migrate(db));
    } catch (error) {
      db?.close();
      throw wrapDriverError("open", error);
    }
  }

  /** @inheritDoc */
  async getConversation(id: string): Promise<ConversationRecord | null> {
    const st = this.use("getConversation");
    try {
      const row = st.getConversation.get(id);
      return row === undefined ? null : conversationFromRow(row);
    } catch (error) {
      throw wrapDriverError("getConversation", error);
    }
  }

  /** @inheritDoc */
  async putConversation(record: ConversationRecord): Promise<void> {
    const st = this.use("putConversation");
    try {
      st.putConversation.run(...conversationParams(record));
    } catch (error) {
      throw wrapDriverError("putConversation", error);
    }
  }

  /** @inheritDoc */
  async listConversations(limit: number): Promise<string[]> {
    const st = this.use("listConversations");
    const count = normalizeLimit("listConversations", limit);
    if (count === 0) return [];
    try {
      return st.listConversations.all(count);
    } catch (error) {
      throw wrapDriverError("listConversations", error);
    }
  }

  /** @inheritDoc */
  acceptTurn(turn: TurnRecord): Promise<void> {
    try {
      this.use("acceptTurn");
    } catch (error) {
      return Promise.reject(turnWriteError("acceptTurn", error, turn));
    }
    const existing = this.buffered.get(turn.id);
    if (existing) return existing.promise;
    let settle!: (error?: unknown) => void;
    const promise = new Promise<void>((resolve, reject) => {
      settle = (error) => (error === undefined ? resolve() : reject(error));
    });
    // a copy, so the caller may change its object; bind parameters are built only if flushed
    this.buffered.set(turn.id, {
      turn: { ...turn, failedOver: [...turn.failedOver] },
      settle,
      promise,
      error: undefined,
    });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    return promise;
  }

  /** @inheritDoc */
  async completeTurn(turn: TurnRecord, conversation: ConversationRecord): Promise<void> {
    this.use("completeTurn");
    const accepted = this.buffered.get(turn.id);
    this.buffered.delete(turn.id);
    try {
      // a still-buffered accept is written here, completed, in the same transaction
      this.completeTurnTx(turn, conversation, accepted !== undefined);
    } catch (error) {
      const failure = turnWriteError("completeTurn", error, turn);
      accepted?.settle(failure);
      throw failure;
    }
    accepted?.settle();
  }

  /** Writes every buffered accepted turn in one transaction and settles their promises. */
  private flush(): void {
    this.flushScheduled = false;
    if (this.buffered.size === 0 || this.statements === null) return;
    const batch = [...this.buffered.values()];
    this.buffered.clear();
    try {
      this.acceptBatchTx(batch);
    } catch (error) {
      for (const entry of batch) entry.settle(turnWriteError("acceptTurn", error, entry.turn));
      return;
    }
    for (const entry of batch) {
      entry.settle(
        entry.error === undefined ? undefined : turnWriteError("acceptTurn", entry.error, entry.turn),
      );
    }
  }

  /** @inheritDoc */
  async getTurn(id: string): Promise<TurnRecord | null> {
    this.flush();
    const st = this.use("getTurn");
    try {
      const row = st.getTurn.get(id);
      return row === undefined ? null : turnFromRow(row);
    } catch (error) {
      throw wrapDriverError("getTurn", error);
    }
  }

  /** @inheritDoc */
  async listTurns(conversationId: string, limit: number): Promise<TurnRecord[]> {
    this.flush();
    const st = this.use("listTurns");
    const count = normalizeLimit("listTurns", limit);
    if (count === 0) return [];
    try {
      const rows = st.listTurnsNewestFirst.all(conversationId, count);
      const turns = new Array<TurnRecord>(rows.length);
      for (let i = 0; i < rows.length; i++) turns[rows.length - 1 - i] = turnFromRow(rows[i]!);
      return turns;
    } catch (error) {
      throw wrapDriverError("listTurns", error);
    }
  }

  /** @inheritDoc */
  async listPendingTurns(): Promise<TurnRecord[]> {
    this.flush();
    const st = this.use("listPendingTurns");
    try {
      return st.listPendingTurns.all().map(turnFromRow);
    } catch (error) {
      throw wrapDriverError("listPendingTurns", error);
    }
  }

  /** @inheritDoc */
  async setOutcome(turnId: string, outcome: number): Promise<boolean> {
    this.flush();
    const st = this.use("setOutcome");
    try {
      return st.setOutcome.run(outcome, turnId).changes > 0;
    } catch (error) {
      throw wrapDriverError("setOutcome", error);
    }
  }

  /** @inheritDoc */
  async putAgentStates(states: AgentStateRecord[]): Promise<void> {
    this.use("putAgentStates");
    try {
      this.putAgentStatesTx(states);
    } catch (error) {
      throw wrapDriverError("putAgentStates", error);
    }
  }

  /** @inheritDoc */
  async listAgentStates(): Promise<AgentStateRecord[]> {
    const st = this.use("listAgentStates");
    try {
      return st.listAgentStates.all().map(agentStateFromRow);
    } catch (error) {
      throw wrapDriverError("listAgentStates", error);
    }
  }

  /** @inheritDoc */
  async putCheckpoint(checkpoint: CheckpointRecord, keep: number): Promise<void> {
    this.use("putCheckpoint");
    assertKeep("putCheckpoint", keep);
    try {
      this.putCheckpointTx(checkpoint, keep);
    } catch (error) {
      throw wrapDriverError("putCheckpoint", error);
    }
  }

  /** @inheritDoc */
  async latestCheckpoint(): Promise<CheckpointRecord | null> {
    const st = this.use("latestCheckpoint");
    try {
      const row = st.latestCheckpoint.get();
      return row === undefined ? null : checkpointFromRow(row);
    } catch (error) {
      throw wrapDriverError("latestCheckpoint", error);
    }
  }

  /** @inheritDoc */
  async getBlob(key: string): Promise<Uint8Array | null> {
    const st = this.use("getBlob");
    try {
      const value = st.getBlob.get(key);
      return value === undefined ? null : ownedBytes(value);
    } catch (error) {
      throw wrapDriverError("getBlob", error);
    }
  }

  /** @inheritDoc */
  async putBlob(key: string, value: Uint8Array): Promise<void> {
    const st = this.use("putBlob");
    try {
      st.putBlob.run(key, value);
    } catch (error) {
      throw wrapDriverError("putBlob", error);
    }
  }

  /** Row counts (diagnostics, `rapo inspect`, tests). Throws StoreError once closed. */
  stats(): StoreStats {
    const st = this.use("stats");
    try {
      return { ...st.stats.get()! };
    } catch (error) {
      throw wrapDriverError("stats", error);
    }
  }

  /** @inheritDoc */
  async close(): Promise<void> {
    this.flush();
    if (this.statements === null) return;
    this.statements = null;
    try {
      this.db.close();
    } catch (error) {
      throw wrapDriverError("close", error);
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

/** An accepted turn waiting for the next group commit. */
interface BufferedAccept {
  turn: TurnRecord;
  settle: (error?: unknown) => void;
  promise: Promise<void>;
  error: unknown;
}
