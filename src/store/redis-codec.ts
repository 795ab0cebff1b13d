/**
 * @module store/redis-codec
 * How the Redis store lays records out as values: turns and conversations as JSON, agent states
 * as one binary value (float32 vectors, the capability matrix as float16 per SPEC §6) and
 * checkpoints as a binary value with a small JSON header. All multi-byte numbers little-endian.
 *
 * Agent state layout: "RAS1" | u32 × 4 lengths (prompt, context, evidence, capability) |
 * f64 turns | f64 updatedAt | prompt f32… | context f32… | evidence f32… | capability f16…
 * Checkpoint layout: u32 header length | header JSON {id, iteration, hash, createdAt} | payload.
 */

import { storeError } from "../domain/store-errors.js";
import type { AgentStateRecord, CheckpointRecord, ConversationRecord, TurnRecord } from "./contract.js";
import { decodeFloat16, encodeFloat16 } from "./float16.js";

const AGENT_MAGIC = 0x31534152; // "RAS1" read as little-endian u32
const AGENT_HEADER_BYTES = 4 + 4 * 4 + 8 * 2;

/** Turn JSON; `outcome` is kept in the record too (setOutcome overrides it separately). */
export function encodeTurn(turn: TurnRecord): string {
  return JSON.stringify(turn);
}

/** A stored turn, with the outcome set later by `setOutcome` when there is one. */
export function decodeTurn(json: string, outcome: string | null): TurnRecord {
  const turn = JSON.parse(json) as TurnRecord;
  if (outcome !== null) turn.outcome = Number(outcome);
  return turn;
}

/** Conversation JSON. */
export function encodeConversation(record: ConversationRecord): string {
  return JSON.stringify(record);
}

/** A stored conversation record. */
export function decodeConversation(json: string): ConversationRecord {
  return JSON.parse(json) as ConversationRecord;
}

/** One agent state as a binary value. */
export function encodeAgentState(state: AgentStateRecord): Buffer {
  const f32 = [state.prompt, state.context, state.evidence];
  const bytes =
    AGENT_HEADER_BYTES + 4 * (f32[0]!.length + f32[1]!.length + f32[2]!.length) + 2 * state.capability.length;
  const out = Buffer.alloc(bytes);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  view.setUint32(0, AGENT_MAGIC, true);
  [...f32, state.capability].forEach((v, i) => {
    view.setUint32(4 + 4 * i, v.length, true);
  });
  view.setFloat64(20, state.turns, true);
  view.setFloat64(28, state.updatedAt, true);
  let offset = AGENT_HEADER_BYTES;
  for (const vector of f32) {
    for (let i = 0; i < vector.length; i++, offset += 4) view.setFloat32(offset, vector[i]!, true);
  }
  const half = encodeFloat16(state.capability);
  for (let i = 0; i < half.length; i++, offset += 2) view.setUint16(offset, half[i]!, true);
  return out;
}

/** Decodes an agent state; throws StoreError (`driver`) on a value of the wrong shape. */
export function decodeAgentState(agentId: string, bytes: Uint8Array): AgentStateRecord {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const corrupt = () =>
    storeError(
      "listAgentStates",
      "driver",
      `corrupt agent state of '${agentId}' (${bytes.byteLength} bytes)`,
      {
        agentId,
      },
    );
  if (bytes.byteLength < AGENT_HEADER_BYTES || view.getUint32(0, true) !== AGENT_MAGIC) throw corrupt();
  const lengths = [0, 1, 2, 3].map((i) => view.getUint32(4 + 4 * i, true));
  const [p, c, e, m] = lengths as [number, number, number, number];
  if (bytes.byteLength !== AGENT_HEADER_BYTES + 4 * (p + c + e) + 2 * m) throw corrupt();
  let offset = AGENT_HEADER_BYTES;
  const readF32 = (n: number) => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++, offset += 4) out[i] = view.getFloat32(offset, true);
    return out;
  };
  const prompt = readF32(p);
  const context = readF32(c);
  const evidence = readF32(e);
  const half = new Uint16Array(m);
  for (let i = 0; i < m; i++, offset += 2) half[i] = view.getUint16(offset, true);
  return {
    agentId,
    prompt,
    context,
    capability: decodeFloat16(half),
    evidence,
    turns: view.getFloat64(20, true),
    updatedAt: view.getFloat64(28, true),
  };
}

/** One checkpoint as a binary value. */
export function encodeCheckpointValue(checkpoint: CheckpointRecord): Buffer {
  const header = Buffer.from(
    JSON.stringify({
      id: checkpoint.id,
      iteration: checkpoint.iteration,
      hash: checkpoint.hash,
      createdAt: checkpoint.createdAt,
    }),
  );
  const out = Buffer.alloc(4 + header.length + checkpoint.payload.byteLength);
  out.writeUInt32LE(header.length, 0);
  header.copy(out, 4);
  out.set(checkpoint.payload, 4 + header.length);
  return out;
}

/** Decodes a checkpoint value; the payload is a fresh plain Uint8Array. */
export function decodeCheckpointValue(bytes: Buffer): CheckpointRecord {
  const headerBytes = bytes.readUInt32LE(0);
  const header = JSON.parse(bytes.subarray(4, 4 + headerBytes).toString("utf8")) as Omit<
    CheckpointRecord,
    "payload"
  >;
  return {
    id: header.id,
    iteration: header.iteration,
    hash: header.hash,
    payload: new Uint8Array(bytes.subarray(4 + headerBytes)),
    createdAt: header.createdAt,
  };
}
