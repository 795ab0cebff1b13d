/**
 * @module store/sqlite-turn-writer
 * The SQLite store's write path for turns and conversations: group-committed accepts, journal
 * appends with their seq-conflict checks, and folding the journal into the tables (see
 * `sqlite-journal.ts` for why). {@link SqliteStore} owns one and delegates to it.
 */
import type Database from "better-sqlite3";
import { seqConflictError, wrapDriverError } from "../domain/store-errors.js";
import type { ConversationRecord, TurnRecord } from "./contract.js";
import { type JournalEntry, JournalIndex, journalEntryFromRow, journalParams } from "./sqlite-journal.js";
import { type ConversationParams, conversationParams, type TurnParams, turnParams } from "./sqlite-rows.js";
import type { Statements } from "./sqlite-statements.js";

/** An accepted turn waiting for the next group commit. */
interface BufferedAccept {
  turn: TurnRecord;
  settle: (error?: unknown) => void;
  promise: Promise<void>;
  error: unknown;
}

/** Maps a driver error of a turn write to the StoreError the contract names. */
export type TurnWriteError = (operation: string, error: unknown, turn: TurnRecord) => Error;

/** Journaled writes of one writable SqliteStore connection. */
export class TurnWriter {
  private readonly journal = new JournalIndex();
  /** accepted turns not journaled yet, by id (group commit). */
  private readonly buffered = new Map<string, BufferedAccept>();
  private flushScheduled = false;
  /**
   * Per conversation, the highest seq the `turns` table holds: this writer is the table's only
   * writer, so a seq above it is free there without a query. Loaded at open for every
   * conversation when there are at most MAX_FRONTIERS of them ("complete": a conversation
   * missing here has no turn in the table), else learned with one query per conversation.
   */
  private readonly frontier = new Map<string, number>();
  private frontierComplete = false;
  private written = 0;
  private readonly appendBatchTx: Database.Transaction<(run: () => void) => void>;
  private readonly foldTx: Database.Transaction<(entries: readonly JournalEntry[]) => void>;

  constructor(
    db: Database.Database,
    private readonly st: Statements,
    /** journal entries that trigger a fold on the write path itself. */
    private readonly maxJournal: number,
    /** conversations whose table frontier is kept in memory. */
    private readonly maxFrontiers: number,
    private readonly writeError: TurnWriteError,
  ) {
    this.appendBatchTx = db.transaction((run: () => void) => run());
    this.foldTx = db.transaction((entries: readonly JournalEntry[]) => {
      // a conversation's last journaled record is the one that counts
      const conversations = new Map<string, ConversationParams>();
      for (const { kind, turn, conversation } of entries) {
        if (turn !== null) {
          if (kind === "accept") st.acceptTurn.run(...turn);
          // fast path: the turn stays at its slot, so no indexed column is rewritten
          else if (st.finishTurn.run(...turn).changes === 0) st.putTurn.run(...turn);
        }
        if (conversation !== null) conversations.set(conversation[0], conversation);
      }
      for (const conversation of conversations.values()) st.putConversation.run(...conversation);
      st.clearJournal.run();
    });
  }

  /** Highest seq of `conversationId` in the `turns` table, −1 when it has none. */
  private tableFrontier(conversationId: string): number {
    const known = this.frontier.get(conversationId);
    if (known !== undefined) return known;
    if (this.frontierComplete) return -1;
    const seq = this.st.maxTurnSeq.get(conversationId) ?? -1;
    this.rememberFrontier(conversationId, seq);
    return seq;
  }

  /** Records a frontier; past MAX_FRONTIERS the map starts over and is no longer complete. */
  private rememberFrontier(conversationId: string, seq: number): void {
    if (!this.frontier.has(conversationId) && this.frontier.size >= this.maxFrontiers) {
      this.frontier.clear();
      this.frontierComplete = false;
    }
    this.frontier.set(conversationId, seq);
  }

  /** Loads every conversation's frontier at open, if there are few enough (one index scan). */
  private loadFrontiers(): void {
    const rows = this.st.turnFrontiers.all(this.maxFrontiers + 1);
    this.frontier.clear();
    this.frontierComplete = rows.length <= this.maxFrontiers;
    if (this.frontierComplete)
      for (const [conversationId, seq] of rows) this.frontier.set(conversationId, seq);
  }

  /** Rows written so far (journal appends and folded entries): paces WAL checkpoints. */
  get writes(): number {
    return this.written;
  }

  /** Journal entries not folded yet. */
  get pending(): number {
    return this.journal.size;
  }

  /** The journaled (not yet folded) state of a turn, as a raw row. */
  journaledTurn(id: string): TurnParams | undefined {
    return this.journal.turn(id);
  }

  /** The journaled (not yet folded) state of a conversation, as a raw row. */
  journaledConversation(id: string): ConversationParams | undefined {
    return this.journal.conversation(id);
  }

  /** Buffers an accepted turn for the next group commit; resolves once it is journaled. */
  accept(turn: TurnRecord): Promise<void> {
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

  /** Journals a finished turn with its conversation: one append, so both or neither. */
  complete(turn: TurnRecord, conversation: ConversationRecord): void {
    // a still-buffered accept is journaled here, completed, in the same append
    const accepted = this.buffered.get(turn.id);
    this.buffered.delete(turn.id);
    try {
      this.assertSlotFree("completeTurn", turn.id, turn.conversationId, turn.seq);
      this.append({
        kind: "complete",
        turn: turnParams(turn),
        conversation: conversationParams(conversation),
      });
    } catch (error) {
      const failure = this.writeError("completeTurn", error, turn);
      accepted?.settle(failure);
      throw failure;
    }
    accepted?.settle();
    if (this.journal.size >= this.maxJournal) this.fold("completeTurn");
  }

  /** Journals a conversation record. */
  putConversation(record: ConversationRecord): void {
    this.append({ kind: "conversation", turn: null, conversation: conversationParams(record) });
  }

  /** Journals every buffered accepted turn in one transaction and settles their promises. */
  flush(): void {
    this.flushScheduled = false;
    if (this.buffered.size === 0) return;
    const batch = [...this.buffered.values()];
    this.buffered.clear();
    try {
      // IMMEDIATE: a deferred transaction that reads first gets SQLITE_BUSY at once when another
      // connection writes, instead of waiting busyTimeoutMs for it
      this.appendBatchTx.immediate(() => {
        // statement-level atomicity: a conflicting accept fails alone, the others commit
        for (const entry of batch) entry.error = this.tryAccept(entry.turn);
      });
    } catch (error) {
      // the transaction rolled back: the index must forget what it added
      this.reload();
      for (const entry of batch) entry.settle(this.writeError("acceptTurn", error, entry.turn));
      return;
    }
    for (const { error, settle, turn } of batch)
      settle(error === undefined ? undefined : this.writeError("acceptTurn", error, turn));
  }

  /** Folds the journal into the tables in one transaction; the journal stays intact on failure. */
  fold(operation: string): void {
    if (this.journal.size === 0) return;
    try {
      this.foldTx.immediate(this.journal.entries);
    } catch (error) {
      throw wrapDriverError(operation, error);
    }
    this.written += this.journal.size;
    for (const { turn } of this.journal.entries) {
      if (turn === null) continue;
      const known = this.frontier.get(turn[1]);
      if (known === undefined ? this.frontierComplete : turn[2] > known)
        this.rememberFrontier(turn[1], turn[2]);
    }
    this.journal.clear();
  }

  /** Loads and folds what a previous process journaled but did not fold (it crashed). */
  recover(): void {
    this.reload();
    this.fold("open");
    this.loadFrontiers();
  }

  /** Journals one accept unless the store has the turn already; returns the error, if any. */
  private tryAccept(turn: TurnRecord): unknown {
    const { id, conversationId, seq } = turn;
    try {
      // idempotent by id: a turn the store already has stays as it is
      if (this.journal.turn(id) !== undefined || this.st.turnExists.get(id) !== undefined) return undefined;
      this.assertSlotFree("acceptTurn", id, conversationId, seq);
      this.append({ kind: "accept", turn: turnParams(turn), conversation: null });
      return undefined;
    } catch (error) {
      return error;
    }
  }

  /** Appends one entry (autocommit unless inside a batch) and indexes it. */
  private append(entry: JournalEntry): void {
    this.st.appendJournal.run(...journalParams(entry));
    this.journal.add(entry);
    this.written++;
  }

  /** Throws a seq conflict when (conversation, seq) is held by a turn other than `turnId`. */
  private assertSlotFree(operation: string, turnId: string, conversationId: string, seq: number): void {
    let owner = this.journal.slotOwner(conversationId, seq);
    if (owner === undefined && seq <= this.tableFrontier(conversationId)) {
      owner = this.st.turnAtSlot.get(conversationId, seq);
      if (owner !== undefined && this.journal.movedAway(owner, conversationId, seq)) owner = undefined;
    }
    if (owner !== undefined && owner !== turnId)
      throw seqConflictError(operation, turnId, conversationId, seq);
  }

  /** Rebuilds the journal index from the table. */
  private reload(): void {
    this.journal.clear();
    for (const row of this.st.readJournal.all()) this.journal.add(journalEntryFromRow(row));
  }
}
