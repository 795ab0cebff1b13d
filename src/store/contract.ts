/**
 * @module store/contract
 * The persistence contract. The memory, SQLite (and later Redis) stores all implement
 * {@link StateStore} and pass the one conformance suite in `store-spec.ts`.
 *
 * All methods are async so that networked backends fit; embedded backends resolve at once.
 * Every failure is a StoreError whose `details.operation` names the method and `details.reason`
 * says why (see `store-errors.ts`). Records are copies both ways: mutating a record passed in or
 * handed out never changes stored state.
 */
import type {
  AgentStateRecord,
  CheckpointRecord,
  ConversationRecord,
  TurnRecord,
  TurnStatus,
} from "../domain/records.js";

export type { AgentStateRecord, CheckpointRecord, ConversationRecord, TurnRecord, TurnStatus };

/** The persistence contract. */
export interface StateStore {
  /** Human-readable backend name: `memory`, `sqlite`, `redis`. */
  readonly kind: string;

  /** Returns the conversation or null when unknown. */
  getConversation(id: string): Promise<ConversationRecord | null>;
  /** Creates or replaces the conversation record (idempotent). */
  putConversation(record: ConversationRecord): Promise<void>;
  /**
   * Conversation ids, most recently updated first (ties by id ascending), at most `limit`;
   * `limit` ≤ 0 gives `[]`.
   */
  listConversations(limit: number): Promise<string[]>;

  /**
   * Records an accepted turn (status `pending`). Idempotent by `turn.id`: a second call with the
   * same id leaves the first record. Throws StoreError when (conversationId, seq) is taken by
   * another id.
   */
  acceptTurn(turn: TurnRecord): Promise<void>;
  /**
   * Atomically writes the finished turn (answered or failed) and the conversation record, so a
   * crash leaves either both or neither. Overwrites the turn with the same id.
   */
  completeTurn(turn: TurnRecord, conversation: ConversationRecord): Promise<void>;
  /** Returns the turn or null. */
  getTurn(id: string): Promise<TurnRecord | null>;
  /**
   * The last `limit` turns of a conversation, ordered by `seq` ascending; `[]` for an unknown
   * conversation or `limit` ≤ 0.
   */
  listTurns(conversationId: string, limit: number): Promise<TurnRecord[]>;
  /** Turns still `pending` (e.g. after a crash), oldest `createdAt` first, ties in acceptance order. */
  listPendingTurns(): Promise<TurnRecord[]>;
  /** Sets the feedback outcome of a turn; returns false when the turn is unknown. */
  setOutcome(turnId: string, outcome: number): Promise<boolean>;

  /**
   * Upserts the states of several agents in one atomic write. The capability matrix is kept as
   * float16 (SPEC §6); the other vectors are kept exactly as float32.
   */
  putAgentStates(states: AgentStateRecord[]): Promise<void>;
  /** All stored agent states, ordered by `agentId`. */
  listAgentStates(): Promise<AgentStateRecord[]>;

  /**
   * Stores a checkpoint; keeps at most `keep` (a positive integer, else StoreError) most recently
   * put. Re-putting an id replaces it and makes it the latest. The store does not check `hash`;
   * `decodeCheckpoint` in `checkpoint-codec.ts` does.
   */
  putCheckpoint(checkpoint: CheckpointRecord, keep: number): Promise<void>;
  /** The most recently put checkpoint, or null. */
  latestCheckpoint(): Promise<CheckpointRecord | null>;

  /** Small key-value blobs (e.g. learned network weights). Null when absent. */
  getBlob(key: string): Promise<Uint8Array | null>;
  putBlob(key: string, value: Uint8Array): Promise<void>;

  /**
   * Optional deferred work, called by the orchestrator's control loop every tick (the SQLite
   * store folds its turn journal into its tables here). Must not change what reads return.
   */
  maintain?(): Promise<void>;

  /** Releases resources; further calls reject with StoreError. Idempotent. */
  close(): Promise<void>;
}

/**
 * Row counts of a store, for diagnostics (`rapo inspect`) and tests. Not part of
 * {@link StateStore}: the memory and SQLite stores offer it as `stats()`.
 */
export interface StoreStats {
  conversations: number;
  turns: number;
  agentStates: number;
  checkpoints: number;
  blobs: number;
}
