/**
 * @module store/sqlite-journal
 * The SQLite store's turn journal: the durable write of a turn is one append to an append-only
 * table (`journal`), and the queryable tables (`turns`, `conversations`) are brought up to date
 * from it in batches ("folding") by the control loop, by reads that need ordering, and on open.
 *
 * Why: writing a finished turn straight into `turns` and `conversations` dirties five or six
 * B-tree pages (the row, its id index, the (conversation, seq) index, the conversation row and
 * its update-time index) and costs ≈ 35 µs per commit on a 2-core VM, ≈ 55 µs inside a turn. An
 * append touches the journal's rightmost page only: ≈ 10 µs. Folding N journaled turns in one
 * transaction costs less per turn than N separate commits, since they share pages.
 *
 * The journal keeps the store's contract: an append is a committed transaction (durable when the
 * promise resolves, atomic for a turn and its conversation), seq conflicts are checked before
 * appending against both the journal (kept in memory, see {@link JournalIndex}) and `turns`, and
 * point reads (`getTurn`, `getConversation`) see journaled records at once. It assumes a single
 * writer per file, which the store enforces (see `sqlite-writer-lease.ts`).
 */
import type { ConversationParams, TurnParams } from "./sqlite-rows.js";

/** What a journal entry does when folded. */
export type JournalKind = "accept" | "complete" | "conversation";

/** One journaled write: bind parameters of a turn and/or a conversation. */
export interface JournalEntry {
  kind: JournalKind;
  /** `accept` and `complete`. */
  turn: TurnParams | null;
  /** `complete` and `conversation`. */
  conversation: ConversationParams | null;
}

/** Number of turn columns in a journal row (TURN_COLUMNS). */
export const JOURNAL_TURN_WIDTH = 15;
/** Number of conversation columns in a journal row (CONVERSATION_COLUMNS). */
export const JOURNAL_CONVERSATION_WIDTH = 8;

const NO_TURN: readonly null[] = Array(JOURNAL_TURN_WIDTH).fill(null);
const NO_CONVERSATION: readonly null[] = Array(JOURNAL_CONVERSATION_WIDTH).fill(null);

/** Bind parameters of the journal insert: kind, the turn's columns, the conversation's columns. */
export type JournalParams = (string | number | null)[];

/** An entry as bind parameters of `appendJournal`. */
export function journalParams(entry: JournalEntry): JournalParams {
  return [entry.kind, ...(entry.turn ?? NO_TURN), ...(entry.conversation ?? NO_CONVERSATION)];
}

/** A raw journal row (kind, turn columns, conversation columns) back as an entry (recovery). */
export function journalEntryFromRow(row: JournalParams): JournalEntry {
  const kind = row[0] as JournalKind;
  const turn = kind === "conversation" ? null : (row.slice(1, 1 + JOURNAL_TURN_WIDTH) as TurnParams);
  const conversation = kind === "accept" ? null : (row.slice(1 + JOURNAL_TURN_WIDTH) as ConversationParams);
  return { kind, turn, conversation };
}

/** Map key of a (conversation, seq) slot. NUL cannot occur in a validated id. */
function slotKey(conversationId: string, seq: number): string {
  return `${conversationId}\u0000${seq}`;
}

/**
 * The journal's entries not folded yet, in append order, indexed for the store's reads and
 * conflict checks: the latest journaled state of each turn and conversation, and which turn
 * holds each (conversation, seq) slot according to the journal.
 */
export class JournalIndex {
  /** entries in append order (mirrors the journal table's rows). */
  readonly entries: JournalEntry[] = [];
  private readonly turns = new Map<string, TurnParams>();
  private readonly slots = new Map<string, string>();
  private readonly conversations = new Map<string, ConversationParams>();

  /** Number of entries waiting to be folded. */
  get size(): number {
    return this.entries.length;
  }

  /** Records an appended entry. */
  add(entry: JournalEntry): void {
    this.entries.push(entry);
    const { turn, conversation } = entry;
    if (turn !== null) {
      const [id, conversationId, seq] = turn;
      const previous = this.turns.get(id);
      // accept is a no-op for a turn the journal already has
      if (entry.kind === "accept" && previous !== undefined) return;
      if (previous !== undefined) {
        const oldKey = slotKey(previous[1], previous[2]);
        if (this.slots.get(oldKey) === id) this.slots.delete(oldKey);
      }
      this.turns.set(id, turn);
      this.slots.set(slotKey(conversationId, seq), id);
    }
    if (conversation !== null) this.conversations.set(conversation[0], conversation);
  }

  /** The latest journaled state of a turn, if the journal has it. */
  turn(id: string): TurnParams | undefined {
    return this.turns.get(id);
  }

  /** The latest journaled state of a conversation, if the journal has it. */
  conversation(id: string): ConversationParams | undefined {
    return this.conversations.get(id);
  }

  /** The turn id the journal puts at (conversation, seq), if any. */
  slotOwner(conversationId: string, seq: number): string | undefined {
    return this.slots.get(slotKey(conversationId, seq));
  }

  /**
   * Whether a turn that `turns` places at (conversation, seq) has since been moved elsewhere
   * by a journaled write (so the slot is free).
   */
  movedAway(turnId: string, conversationId: string, seq: number): boolean {
    const latest = this.turns.get(turnId);
    return latest !== undefined && (latest[1] !== conversationId || latest[2] !== seq);
  }

  /** Forgets everything (after a fold). */
  clear(): void {
    this.entries.length = 0;
    this.turns.clear();
    this.slots.clear();
    this.conversations.clear();
  }
}
