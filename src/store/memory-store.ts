/**
 * @module store/memory-store
 * {@link MemoryStore}: the in-memory twin of the SQLite store, for tests and for embedded use
 * without persistence. It behaves like the durable stores in everything a caller can observe:
 * records are copied in and out, capability matrices come back rounded through float16, the same
 * orderings and the same StoreErrors. It passes the same conformance suite (`store-spec.ts`).
 */

import { closedStoreError, seqConflictError } from "../domain/store-errors.js";
import type {
  AgentStateRecord,
  CheckpointRecord,
  ConversationRecord,
  StateStore,
  StoreStats,
  TurnRecord,
} from "./contract.js";
import { roundFloat16Array } from "./float16.js";
import { copyAgentState, copyCheckpoint, copyConversation, copyTurn } from "./record-copy.js";
import { assertKeep, normalizeLimit } from "./store-arguments.js";

/** A stored turn plus its acceptance order (ties in `listPendingTurns` break on it). */
interface StoredTurn {
  record: TurnRecord;
  ordinal: number;
}

/** In-memory {@link StateStore}. Data lives as long as the instance. */
export class MemoryStore implements StateStore {
  readonly kind = "memory";
  private closed = false;
  private nextOrdinal = 0;
  private readonly conversations = new Map<string, ConversationRecord>();
  private readonly turns = new Map<string, StoredTurn>();
  /** per conversation, its turns sorted by seq. */
  private readonly turnsByConversation = new Map<string, StoredTurn[]>();
  private readonly agentStates = new Map<string, AgentStateRecord>();
  /** insertion order is recency: a re-put checkpoint is deleted and set again. */
  private readonly checkpoints = new Map<string, CheckpointRecord>();
  private readonly blobs = new Map<string, Uint8Array>();

  /** @inheritDoc */
  async getConversation(id: string): Promise<ConversationRecord | null> {
    this.guard("getConversation");
    const found = this.conversations.get(id);
    return found === undefined ? null : copyConversation(found);
  }

  /** @inheritDoc */
  async putConversation(record: ConversationRecord): Promise<void> {
    this.guard("putConversation");
    this.conversations.set(record.id, copyConversation(record));
  }

  /** @inheritDoc */
  async listConversations(limit: number): Promise<string[]> {
    this.guard("listConversations");
    const count = normalizeLimit("listConversations", limit);
    return [...this.conversations.values()]
      .sort((a, b) => b.updatedAt - a.updatedAt || compareIds(a.id, b.id))
      .slice(0, count)
      .map((c) => c.id);
  }

  /** @inheritDoc */
  async acceptTurn(turn: TurnRecord): Promise<void> {
    this.guard("acceptTurn");
    if (this.turns.has(turn.id)) return;
    const holder = this.findBySeq(turn.conversationId, turn.seq);
    if (holder !== undefined) throw seqConflictError("acceptTurn", turn.id, turn.conversationId, turn.seq);
    this.insertTurn({ record: copyTurn(turn), ordinal: this.nextOrdinal++ });
  }

  /** @inheritDoc */
  async completeTurn(turn: TurnRecord, conversation: ConversationRecord): Promise<void> {
    this.guard("completeTurn");
    // Validate and copy everything before mutating anything: that is what makes it atomic here.
    const holder = this.findBySeq(turn.conversationId, turn.seq);
    if (holder !== undefined && holder.record.id !== turn.id) {
      throw seqConflictError("completeTurn", turn.id, turn.conversationId, turn.seq);
    }
    const record = copyTurn(turn);
    const conversationCopy = copyConversation(conversation);
    const existing = this.turns.get(turn.id);
    if (existing === undefined) this.insertTurn({ record, ordinal: this.nextOrdinal++ });
    else if (existing === holder) existing.record = record;
    else {
      this.removeFromConversation(existing);
      this.insertTurn({ record, ordinal: existing.ordinal });
    }
    this.conversations.set(conversationCopy.id, conversationCopy);
  }

  /** @inheritDoc */
  async getTurn(id: string): Promise<TurnRecord | null> {
    this.guard("getTurn");
    const found = this.turns.get(id);
    return found === undefined ? null : copyTurn(found.record);
  }

  /** @inheritDoc */
  async listTurns(conversationId: string, limit: number): Promise<TurnRecord[]> {
    this.guard("listTurns");
    const count = normalizeLimit("listTurns", limit);
    const list = this.turnsByConversation.get(conversationId);
    if (list === undefined || count === 0) return [];
    return list.slice(Math.max(0, list.length - count)).map((t) => copyTurn(t.record));
  }

  /** @inheritDoc */
  async listPendingTurns(): Promise<TurnRecord[]> {
    this.guard("listPendingTurns");
    const pending: StoredTurn[] = [];
    for (const stored of this.turns.values()) if (stored.record.status === "pending") pending.push(stored);
    pending.sort((a, b) => a.record.createdAt - b.record.createdAt || a.ordinal - b.ordinal);
    return pending.map((t) => copyTurn(t.record));
  }

  /** @inheritDoc */
  async setOutcome(turnId: string, outcome: number): Promise<boolean> {
    this.guard("setOutcome");
    const stored = this.turns.get(turnId);
    if (stored === undefined) return false;
    stored.record.outcome = outcome;
    return true;
  }

  /** @inheritDoc */
  async putAgentStates(states: AgentStateRecord[]): Promise<void> {
    this.guard("putAgentStates");
    const copies = states.map(toStoredAgentState);
    for (const copy of copies) this.agentStates.set(copy.agentId, copy);
  }

  /** @inheritDoc */
  async listAgentStates(): Promise<AgentStateRecord[]> {
    this.guard("listAgentStates");
    return [...this.agentStates.values()]
      .sort((a, b) => compareIds(a.agentId, b.agentId))
      .map(copyAgentState);
  }

  /** @inheritDoc */
  async putCheckpoint(checkpoint: CheckpointRecord, keep: number): Promise<void> {
    this.guard("putCheckpoint");
    assertKeep("putCheckpoint", keep);
    this.checkpoints.delete(checkpoint.id);
    this.checkpoints.set(checkpoint.id, copyCheckpoint(checkpoint));
    for (const id of this.checkpoints.keys()) {
      if (this.checkpoints.size <= keep) break;
      this.checkpoints.delete(id);
    }
  }

  /** @inheritDoc */
  async latestCheckpoint(): Promise<CheckpointRecord | null> {
    this.guard("latestCheckpoint");
    let latest: CheckpointRecord | null = null;
    for (const checkpoint of this.checkpoints.values()) latest = checkpoint;
    return latest === null ? null : copyCheckpoint(latest);
  }

  /** @inheritDoc */
  async getBlob(key: string): Promise<Uint8Array | null> {
    this.guard("getBlob");
    const found = this.blobs.get(key);
    return found === undefined ? null : new Uint8Array(found);
  }

  /** @inheritDoc */
  async putBlob(key: string, value: Uint8Array): Promise<void> {
    this.guard("putBlob");
    this.blobs.set(key, new Uint8Array(value));
  }

  /** Row counts (diagnostics, `rapo inspect`, tests). Throws StoreError once closed. */
  stats(): StoreStats {
    this.guard("stats");
    return {
      conversations: this.conversations.size,
      turns: this.turns.size,
      agentStates: this.agentStates.size,
      checkpoints: this.checkpoints.size,
      blobs: this.blobs.size,
    };
  }

  /** @inheritDoc */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Drop the data so a closed store held by someone does not pin memory.
    this.conversations.clear();
    this.turns.clear();
    this.turnsByConversation.clear();
    this.agentStates.clear();
    this.checkpoints.clear();
    this.blobs.clear();
  }

  private guard(operation: string): void {
    if (this.closed) throw closedStoreError(this.kind, operation);
  }

  private findBySeq(conversationId: string, seq: number): StoredTurn | undefined {
    const list = this.turnsByConversation.get(conversationId);
    if (list === undefined) return undefined;
    const found = list[lowerBound(list, seq)];
    return found !== undefined && found.record.seq === seq ? found : undefined;
  }

  private insertTurn(stored: StoredTurn): void {
    this.turns.set(stored.record.id, stored);
    const conversationId = stored.record.conversationId;
    let list = this.turnsByConversation.get(conversationId);
    if (list === undefined) {
      list = [];
      this.turnsByConversation.set(conversationId, list);
    }
    // Turns nearly always arrive in seq order: append without searching.
    const last = list[list.length - 1];
    if (last === undefined || last.record.seq < stored.record.seq) list.push(stored);
    else list.splice(lowerBound(list, stored.record.seq), 0, stored);
  }

  private removeFromConversation(stored: StoredTurn): void {
    const list = this.turnsByConversation.get(stored.record.conversationId);
    if (list === undefined) return;
    const index = list.indexOf(stored);
    if (index >= 0) list.splice(index, 1);
  }
}

/** Index of the first turn with seq ≥ `seq` in a seq-sorted list. */
function lowerBound(list: StoredTurn[], seq: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.record.seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Plain code-unit order, matching SQLite's BINARY collation for ASCII ids. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The copy a store keeps: capability rounded through float16 as SPEC §6 stores it. */
function toStoredAgentState(state: AgentStateRecord): AgentStateRecord {
  const copy = copyAgentState(state);
  copy.capability = roundFloat16Array(state.capability);
  return copy;
}
