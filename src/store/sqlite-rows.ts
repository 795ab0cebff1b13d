/**
 * @module store/sqlite-rows
 * Mapping between store records and SQLite rows: JSON columns for lists and handoff packets,
 * little-endian BLOBs for vectors (Float32, and Float16 for capability matrices, SPEC §6).
 * Parameters are positional arrays in column order, the cheapest way to bind in better-sqlite3.
 * Typed arrays are stored in platform byte order; `SqliteStore.open` refuses big-endian hosts so
 * files are always little-endian.
 */
import type { HandoffPacket } from "../domain/handoff-packet.js";
import { storeError } from "../domain/store-errors.js";
import type {
  AgentStateRecord,
  CheckpointRecord,
  ConversationRecord,
  TurnRecord,
  TurnStatus,
} from "./contract.js";
import { decodeFloat16, encodeFloat16 } from "./float16.js";

/** Columns of `turns`, in the order {@link turnParams} binds them. */
export const TURN_COLUMNS =
  "id, conversation_id, seq, status, user_content, agent_id, answer, task_type, modality, handoff, " +
  "failed_over, error, latency_ms, outcome, created_at";

/**
 * A turn in {@link TURN_COLUMNS} order: both the bind parameters of a write and a row read in
 * raw (array) mode, which skips building an object per row (≈40% of a 20-turn read).
 */
export type TurnParams = [
  string,
  string,
  number,
  TurnStatus,
  string,
  string | null,
  string | null,
  string,
  string,
  string | null,
  string,
  string | null,
  number | null,
  number | null,
  number,
];

/** A turn as bind parameters. */
export function turnParams(turn: TurnRecord): TurnParams {
  return [
    turn.id,
    turn.conversationId,
    turn.seq,
    turn.status,
    turn.userContent,
    turn.agentId,
    turn.answer,
    turn.taskType,
    turn.modality,
    handoffJson(turn),
    failedOverJson(turn),
    turn.error,
    turn.latencyMs,
    turn.outcome,
    turn.createdAt,
  ];
}

function handoffJson(turn: TurnRecord): string | null {
  return turn.handoff === null ? null : JSON.stringify(turn.handoff);
}

function failedOverJson(turn: TurnRecord): string {
  // The common case, no failover, skips the serializer.
  return turn.failedOver.length === 0 ? "[]" : JSON.stringify(turn.failedOver);
}

/** A raw `turns` row (columns in {@link TURN_COLUMNS} order). */
export type TurnRow = TurnParams;

/** A raw `turns` row as a record. */
export function turnFromRow(row: TurnRow): TurnRecord {
  const [
    id,
    conversationId,
    seq,
    status,
    userContent,
    agentId,
    answer,
    taskType,
    modality,
    handoff,
    failedOver,
  ] = row;
  return {
    id,
    conversationId,
    seq,
    status,
    userContent,
    agentId,
    answer,
    taskType,
    modality,
    handoff: handoff === null ? null : (JSON.parse(handoff) as HandoffPacket),
    failedOver: failedOver === "[]" ? [] : (JSON.parse(failedOver) as string[]),
    error: row[11],
    latencyMs: row[12],
    outcome: row[13],
    createdAt: row[14],
  };
}

/** Columns of `conversations`, in the order {@link conversationParams} binds them. */
export const CONVERSATION_COLUMNS =
  "id, last_agent_id, facts, entities, turn_count, pool, created_at, updated_at";

/** A conversation in {@link CONVERSATION_COLUMNS} order: bind parameters and raw rows alike. */
export type ConversationParams = [
  string,
  string | null,
  string,
  string,
  number,
  string | null,
  number,
  number,
];

/** A conversation as bind parameters. */
export function conversationParams(conversation: ConversationRecord): ConversationParams {
  return [
    conversation.id,
    conversation.lastAgentId,
    jsonOf(conversation.facts),
    jsonOf(conversation.entities),
    conversation.turnCount,
    conversation.pool,
    conversation.createdAt,
    conversation.updatedAt,
  ];
}

/** A raw `conversations` row. */
export type ConversationRow = ConversationParams;

/** A raw `conversations` row as a record. */
export function conversationFromRow(row: ConversationRow): ConversationRecord {
  const [id, lastAgentId, facts, entities, turnCount, pool, createdAt, updatedAt] = row;
  return {
    id,
    lastAgentId,
    facts: JSON.parse(facts) as string[],
    entities: JSON.parse(entities) as string[],
    turnCount,
    pool,
    createdAt,
    updatedAt,
  };
}

/** An agent state in `agent_states` column order: bind parameters and raw rows alike. */
export type AgentStateParams = [string, Uint8Array, Uint8Array, Uint8Array, Uint8Array, number, number];

/** An agent state as bind parameters (vectors as byte views, capability encoded as float16). */
export function agentStateParams(state: AgentStateRecord): AgentStateParams {
  return [
    state.agentId,
    bytesOf(state.prompt),
    bytesOf(state.context),
    bytesOf(encodeFloat16(state.capability)),
    bytesOf(state.evidence),
    state.turns,
    state.updatedAt,
  ];
}

/** A raw `agent_states` row. */
export type AgentStateRow = AgentStateParams;

/** A raw `agent_states` row as a record. */
export function agentStateFromRow(row: AgentStateRow): AgentStateRecord {
  const [agentId, prompt, context, capability, evidence, turns, updatedAt] = row;
  return {
    agentId,
    prompt: float32FromBytes(prompt, agentId),
    context: float32FromBytes(context, agentId),
    capability: decodeFloat16(uint16FromBytes(capability, agentId)),
    evidence: float32FromBytes(evidence, agentId),
    turns,
    updatedAt,
  };
}

/** A row of `checkpoints`. */
export interface CheckpointRow {
  id: string;
  iteration: number;
  hash: string;
  payload: Uint8Array;
  created_at: number;
}

/** A `checkpoints` row as a record. */
export function checkpointFromRow(row: CheckpointRow): CheckpointRecord {
  return {
    id: row.id,
    iteration: row.iteration,
    hash: row.hash,
    payload: ownedBytes(row.payload),
    createdAt: row.created_at,
  };
}

/** A byte view over a typed array's memory, without copying (the driver copies when binding). */
export function bytesOf(values: Float32Array | Uint16Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/**
 * A plain Uint8Array over bytes the driver returned. The driver hands out a fresh Buffer per
 * value, so a view is safe when it spans its whole ArrayBuffer; anything else is copied so a
 * caller's `.buffer` never exposes unrelated memory.
 */
export function ownedBytes(bytes: Uint8Array): Uint8Array {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength)
    return new Uint8Array(bytes.buffer);
  return new Uint8Array(bytes);
}

function float32FromBytes(bytes: Uint8Array, agentId: string): Float32Array {
  assertWholeElements(bytes, 4, agentId);
  const out = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

function uint16FromBytes(bytes: Uint8Array, agentId: string): Uint16Array {
  assertWholeElements(bytes, 2, agentId);
  const out = new Uint16Array(bytes.byteLength / 2);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

function assertWholeElements(bytes: Uint8Array, size: number, agentId: string): void {
  if (bytes.byteLength % size !== 0) {
    throw storeError("listAgentStates", "driver", `corrupt vector blob of ${bytes.byteLength} bytes`, {
      agentId,
    });
  }
}

/**
 * JSON of a string list, memoised by array identity: a conversation's facts are rewritten on
 * every turn but change rarely, and the runtime replaces the array when they do.
 */
const listJson = new WeakMap<readonly string[], string>();

function jsonOf(list: readonly string[]): string {
  let json = listJson.get(list);
  if (json === undefined) {
    json = JSON.stringify(list);
    listJson.set(list, json);
  }
  return json;
}
