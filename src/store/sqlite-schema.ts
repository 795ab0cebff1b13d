/**
 * @module store/sqlite-schema
 * The SQLite schema as numbered migrations, and the function that brings a database up to date.
 * Applied versions are recorded in `schema_migrations`, so reopening a database is a no-op and a
 * database written by a newer rapo is refused instead of being misread.
 */
import type Database from "better-sqlite3";
import { storeError } from "../domain/store-errors.js";

/** One schema step. Never edit a released migration: append a new one. */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

/** Every migration, in version order. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "conversations, turns, agent states, checkpoints, blobs",
    sql: `
      CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        last_agent_id TEXT,
        facts TEXT NOT NULL,            -- JSON array of strings
        entities TEXT NOT NULL,         -- JSON array of strings
        turn_count INTEGER NOT NULL,
        pool TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX conversations_by_update ON conversations (updated_at DESC, id);

      CREATE TABLE turns (
        id TEXT PRIMARY KEY,
        conversation_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'answered', 'failed')),
        user_content TEXT NOT NULL,
        agent_id TEXT,
        answer TEXT,
        task_type TEXT NOT NULL,
        modality TEXT NOT NULL,
        handoff TEXT,                   -- JSON HandoffPacket
        failed_over TEXT NOT NULL,      -- JSON array of agent ids
        error TEXT,
        latency_ms REAL,
        outcome REAL,
        created_at INTEGER NOT NULL
      );
      -- Both the (conversation, seq) uniqueness rule and the index listTurns reads.
      CREATE UNIQUE INDEX turns_by_conversation_seq ON turns (conversation_id, seq);
      -- Partial: recovery scans only what is pending, ordered by (created_at, rowid).
      CREATE INDEX turns_pending ON turns (created_at) WHERE status = 'pending';

      CREATE TABLE agent_states (
        agent_id TEXT PRIMARY KEY,
        prompt BLOB NOT NULL,           -- Float32 little-endian
        context BLOB NOT NULL,          -- Float32 little-endian
        capability BLOB NOT NULL,       -- Float16 little-endian (SPEC §6)
        evidence BLOB NOT NULL,         -- Float32 little-endian
        turns INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );

      -- seq orders checkpoints by when they were put; AUTOINCREMENT never reuses a pruned seq.
      CREATE TABLE checkpoints (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        iteration INTEGER NOT NULL,
        hash TEXT NOT NULL,
        payload BLOB NOT NULL,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE blobs (
        key TEXT PRIMARY KEY,
        value BLOB NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: "turn journal: the append-only write path folded into turns and conversations",
    sql: `
      -- One row per durable write (see sqlite-journal.ts): an accepted turn, a finished turn with
      -- its conversation, or a conversation. Columns mirror turns and conversations.
      CREATE TABLE journal (
        seq INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('accept', 'complete', 'conversation')),
        turn_id TEXT,
        turn_conversation_id TEXT,
        turn_seq INTEGER,
        turn_status TEXT,
        turn_user_content TEXT,
        turn_agent_id TEXT,
        turn_answer TEXT,
        turn_task_type TEXT,
        turn_modality TEXT,
        turn_handoff TEXT,
        turn_failed_over TEXT,
        turn_error TEXT,
        turn_latency_ms REAL,
        turn_outcome REAL,
        turn_created_at INTEGER,
        conversation_id TEXT,
        conversation_last_agent_id TEXT,
        conversation_facts TEXT,
        conversation_entities TEXT,
        conversation_turn_count INTEGER,
        conversation_pool TEXT,
        conversation_created_at INTEGER,
        conversation_updated_at INTEGER
      );
    `,
  },
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/**
 * Applies the migrations `db` lacks, in one IMMEDIATE transaction (so two processes opening the
 * same new file do not both migrate). Returns the resulting schema version.
 */
export function migrate(db: Database.Database, now: () => number = Date.now): number {
  const run = db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      description TEXT NOT NULL,
      applied_at INTEGER NOT NULL
    )`);
    const current = currentVersion(db);
    if (current > SCHEMA_VERSION) {
      throw storeError(
        "open",
        "invalid_argument",
        `database schema v${current} is newer than v${SCHEMA_VERSION}`,
        {
          schemaVersion: current,
          supportedVersion: SCHEMA_VERSION,
        },
      );
    }
    const record = db.prepare(
      "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)",
    );
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      record.run(migration.version, migration.description, now());
    }
    return currentVersion(db);
  });
  return run.immediate();
}

/** Highest applied migration version, 0 for a fresh database. */
export function currentVersion(db: Database.Database): number {
  const row = db
    .prepare<[], { version: number | null }>("SELECT MAX(version) AS version FROM schema_migrations")
    .get();
  return row?.version ?? 0;
}
