/**
 * @module store/sqlite-statements
 * Every SQL statement the SQLite store runs, prepared once per connection. The SQL is exported so
 * tests can check query plans (e.g. that `listTurns` reads the (conversation_id, seq) index).
 * Record reads run in raw mode (rows as arrays in column order), which is markedly cheaper.
 */
import type Database from "better-sqlite3";
import type { JournalParams } from "./sqlite-journal.js";
import {
  type AgentStateParams,
  type AgentStateRow,
  type CheckpointRow,
  CONVERSATION_COLUMNS,
  type ConversationParams,
  type ConversationRow,
  TURN_COLUMNS,
  type TurnParams,
  type TurnRow,
} from "./sqlite-rows.js";

const JOURNAL_COLUMNS =
  "turn_id, turn_conversation_id, turn_seq, turn_status, turn_user_content, turn_agent_id, turn_answer, " +
  "turn_task_type, turn_modality, turn_handoff, turn_failed_over, turn_error, turn_latency_ms, turn_outcome, " +
  "turn_created_at, conversation_id, conversation_last_agent_id, conversation_facts, conversation_entities, " +
  "conversation_turn_count, conversation_pool, conversation_created_at, conversation_updated_at";
const TURN_PLACEHOLDERS = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";
// Every column but the (conversation_id, seq) slot, which only a move rewrites.
const TURN_ROW_UPDATES =
  "status = excluded.status, " +
  "user_content = excluded.user_content, agent_id = excluded.agent_id, answer = excluded.answer, " +
  "task_type = excluded.task_type, modality = excluded.modality, handoff = excluded.handoff, " +
  "failed_over = excluded.failed_over, error = excluded.error, latency_ms = excluded.latency_ms, " +
  "outcome = excluded.outcome, created_at = excluded.created_at";
const TURN_UPDATES = `conversation_id = excluded.conversation_id, seq = excluded.seq, ${TURN_ROW_UPDATES}`;

/** The SQL of every statement, by name. */
export const SQL = {
  getConversation: `SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE id = ?`,
  putConversation:
    `INSERT INTO conversations (${CONVERSATION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ` +
    "ON CONFLICT (id) DO UPDATE SET last_agent_id = excluded.last_agent_id, facts = excluded.facts, " +
    "entities = excluded.entities, turn_count = excluded.turn_count, pool = excluded.pool, " +
    "created_at = excluded.created_at, updated_at = excluded.updated_at",
  listConversations: "SELECT id FROM conversations ORDER BY updated_at DESC, id LIMIT ?",
  // The id conflict is the upsert target, so SQLite checks it first: a repeated accept is a no-op
  // even though it would also collide on (conversation_id, seq).
  acceptTurn: `INSERT INTO turns (${TURN_COLUMNS}) VALUES (${TURN_PLACEHOLDERS}) ON CONFLICT (id) DO NOTHING`,
  // Fast path of a finished turn: inserted, or updated where it stays at its (conversation_id,
  // seq) — only the row and the pending index change; rewriting the indexed columns would dirty
  // one more page per turn. A turn that moved changes nothing here (0 changes): putTurn moves it.
  finishTurn:
    `INSERT INTO turns (${TURN_COLUMNS}) VALUES (${TURN_PLACEHOLDERS}) ON CONFLICT (id) DO UPDATE SET ` +
    `${TURN_ROW_UPDATES} WHERE turns.conversation_id = excluded.conversation_id AND turns.seq = excluded.seq`,
  putTurn: `INSERT INTO turns (${TURN_COLUMNS}) VALUES (${TURN_PLACEHOLDERS}) ON CONFLICT (id) DO UPDATE SET ${TURN_UPDATES}`,
  getTurn: `SELECT ${TURN_COLUMNS} FROM turns WHERE id = ?`,
  // Newest first so LIMIT keeps the last turns; the caller reverses to ascending seq.
  listTurnsNewestFirst: `SELECT ${TURN_COLUMNS} FROM turns WHERE conversation_id = ? ORDER BY seq DESC LIMIT ?`,
  listPendingTurns: `SELECT ${TURN_COLUMNS} FROM turns WHERE status = 'pending' ORDER BY created_at, rowid`,
  setOutcome: "UPDATE turns SET outcome = ? WHERE id = ?",
  putAgentState:
    "INSERT INTO agent_states (agent_id, prompt, context, capability, evidence, turns, updated_at) " +
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (agent_id) DO UPDATE SET prompt = excluded.prompt, " +
    "context = excluded.context, capability = excluded.capability, evidence = excluded.evidence, " +
    "turns = excluded.turns, updated_at = excluded.updated_at",
  listAgentStates:
    "SELECT agent_id, prompt, context, capability, evidence, turns, updated_at FROM agent_states ORDER BY agent_id",
  deleteCheckpoint: "DELETE FROM checkpoints WHERE id = ?",
  insertCheckpoint:
    "INSERT INTO checkpoints (id, iteration, hash, payload, created_at) VALUES (?, ?, ?, ?, ?)",
  // Deletes everything at or below the (keep + 1)-th newest seq; a no-op when there are fewer.
  pruneCheckpoints:
    "DELETE FROM checkpoints WHERE seq <= (SELECT seq FROM checkpoints ORDER BY seq DESC LIMIT 1 OFFSET ?)",
  latestCheckpoint:
    "SELECT id, iteration, hash, payload, created_at FROM checkpoints ORDER BY seq DESC LIMIT 1",
  getBlob: "SELECT value FROM blobs WHERE key = ?",
  putBlob:
    "INSERT INTO blobs (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  stats:
    "SELECT (SELECT COUNT(*) FROM conversations) AS conversations, (SELECT COUNT(*) FROM turns) AS turns, " +
    "(SELECT COUNT(*) FROM agent_states) AS agentStates, (SELECT COUNT(*) FROM checkpoints) AS checkpoints, " +
    "(SELECT COUNT(*) FROM blobs) AS blobs",
  appendJournal: `INSERT INTO journal (kind, ${JOURNAL_COLUMNS}) VALUES (?, ${TURN_PLACEHOLDERS}, ?, ?, ?, ?, ?, ?, ?, ?)`,
  readJournal: `SELECT kind, ${JOURNAL_COLUMNS} FROM journal ORDER BY seq`,
  journalSize: "SELECT COUNT(*) FROM journal",
  clearJournal: "DELETE FROM journal",
  // the conflict check of a journaled turn against the folded ones (a covering index lookup)
  turnAtSlot: "SELECT id FROM turns WHERE conversation_id = ? AND seq = ?",
  turnExists: "SELECT 1 FROM turns WHERE id = ?",
  maxTurnSeq: "SELECT MAX(seq) FROM turns WHERE conversation_id = ?",
  // in (conversation_id, seq) index order: no temporary B-tree
  turnFrontiers: "SELECT conversation_id, MAX(seq) FROM turns GROUP BY conversation_id LIMIT ?",
} as const;

/** Prepared statements of one connection. */
export interface Statements {
  getConversation: Database.Statement<[string], ConversationRow>;
  putConversation: Database.Statement<ConversationParams>;
  listConversations: Database.Statement<[number], string>;
  acceptTurn: Database.Statement<TurnParams>;
  finishTurn: Database.Statement<TurnParams>;
  putTurn: Database.Statement<TurnParams>;
  getTurn: Database.Statement<[string], TurnRow>;
  listTurnsNewestFirst: Database.Statement<[string, number], TurnRow>;
  listPendingTurns: Database.Statement<[], TurnRow>;
  setOutcome: Database.Statement<[number, string]>;
  putAgentState: Database.Statement<AgentStateParams>;
  listAgentStates: Database.Statement<[], AgentStateRow>;
  deleteCheckpoint: Database.Statement<[string]>;
  insertCheckpoint: Database.Statement<[string, number, string, Uint8Array, number]>;
  pruneCheckpoints: Database.Statement<[number]>;
  latestCheckpoint: Database.Statement<[], CheckpointRow>;
  getBlob: Database.Statement<[string], Uint8Array>;
  putBlob: Database.Statement<[string, Uint8Array]>;
  stats: Database.Statement<
    [],
    Record<"conversations" | "turns" | "agentStates" | "checkpoints" | "blobs", number>
  >;
  appendJournal: Database.Statement<JournalParams>;
  readJournal: Database.Statement<[], JournalParams>;
  journalSize: Database.Statement<[], number>;
  clearJournal: Database.Statement<[]>;
  turnAtSlot: Database.Statement<[string, number], string>;
  turnExists: Database.Statement<[string], number>;
  maxTurnSeq: Database.Statement<[string], number | null>;
  turnFrontiers: Database.Statement<[number], [string, number]>;
}

/** Prepares every statement on `db` (once, at open). */
export function prepareStatements(db: Database.Database): Statements {
  return {
    getConversation: db.prepare<[string], ConversationRow>(SQL.getConversation).raw(),
    putConversation: db.prepare(SQL.putConversation),
    listConversations: db.prepare<[number], string>(SQL.listConversations).pluck(),
    acceptTurn: db.prepare(SQL.acceptTurn),
    finishTurn: db.prepare(SQL.finishTurn),
    putTurn: db.prepare(SQL.putTurn),
    getTurn: db.prepare<[string], TurnRow>(SQL.getTurn).raw(),
    listTurnsNewestFirst: db.prepare<[string, number], TurnRow>(SQL.listTurnsNewestFirst).raw(),
    listPendingTurns: db.prepare<[], TurnRow>(SQL.listPendingTurns).raw(),
    setOutcome: db.prepare(SQL.setOutcome),
    putAgentState: db.prepare(SQL.putAgentState),
    listAgentStates: db.prepare<[], AgentStateRow>(SQL.listAgentStates).raw(),
    deleteCheckpoint: db.prepare(SQL.deleteCheckpoint),
    insertCheckpoint: db.prepare(SQL.insertCheckpoint),
    pruneCheckpoints: db.prepare(SQL.pruneCheckpoints),
    latestCheckpoint: db.prepare(SQL.latestCheckpoint),
    getBlob: db.prepare<[string], Uint8Array>(SQL.getBlob).pluck(),
    putBlob: db.prepare(SQL.putBlob),
    stats: db.prepare(SQL.stats),
    appendJournal: db.prepare<JournalParams>(SQL.appendJournal),
    readJournal: db.prepare<[], JournalParams>(SQL.readJournal).raw(),
    journalSize: db.prepare<[], number>(SQL.journalSize).pluck(),
    clearJournal: db.prepare<[]>(SQL.clearJournal),
    turnAtSlot: db.prepare<[string, number], string>(SQL.turnAtSlot).pluck(),
    turnExists: db.prepare<[string], number>(SQL.turnExists).pluck(),
    maxTurnSeq: db.prepare<[string], number | null>(SQL.maxTurnSeq).pluck(),
    turnFrontiers: db.prepare<[number], [string, number]>(SQL.turnFrontiers).raw(),
  };
}
