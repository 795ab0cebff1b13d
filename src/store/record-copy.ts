/**
 * @module store/record-copy
 * Copies of store records. Stores hand out and keep copies so that a caller mutating a record
 * (or a typed array inside it) never changes stored state, as a real database would behave.
 * Typed arrays are copied with their constructor, not `.slice()`: a Node `Buffer`'s `slice` is a
 * view, and the copy should be a plain typed array whatever subclass came in.
 */
import type { HandoffPacket } from "../domain/handoff-packet.js";
import type { AgentStateRecord, CheckpointRecord, ConversationRecord, TurnRecord } from "./contract.js";

/**
 * Deep copy of a handoff packet. It goes through JSON on purpose: that is exactly what the SQLite
 * and Redis stores do, so every backend drops `undefined` fields the same way.
 */
export function copyHandoff(packet: HandoffPacket | null): HandoffPacket | null {
  return packet === null ? null : (JSON.parse(JSON.stringify(packet)) as HandoffPacket);
}

/** Copy of a turn record (arrays and the handoff packet copied). */
export function copyTurn(turn: TurnRecord): TurnRecord {
  return {
    id: turn.id,
    conversationId: turn.conversationId,
    seq: turn.seq,
    status: turn.status,
    userContent: turn.userContent,
    agentId: turn.agentId,
    answer: turn.answer,
    taskType: turn.taskType,
    modality: turn.modality,
    handoff: copyHandoff(turn.handoff),
    failedOver: turn.failedOver.slice(),
    error: turn.error,
    latencyMs: turn.latencyMs,
    outcome: turn.outcome,
    createdAt: turn.createdAt,
  };
}

/** Copy of a conversation record. */
export function copyConversation(conversation: ConversationRecord): ConversationRecord {
  return {
    id: conversation.id,
    lastAgentId: conversation.lastAgentId,
    facts: conversation.facts.slice(),
    entities: conversation.entities.slice(),
    turnCount: conversation.turnCount,
    pool: conversation.pool,
    createdAt: conversation.createdAt,
    updatedAt: conversation.updatedAt,
  };
}

/** Copy of an agent state record (every vector copied). */
export function copyAgentState(state: AgentStateRecord): AgentStateRecord {
  return {
    agentId: state.agentId,
    prompt: new Float32Array(state.prompt),
    context: new Float32Array(state.context),
    capability: new Float32Array(state.capability),
    evidence: new Float32Array(state.evidence),
    turns: state.turns,
    updatedAt: state.updatedAt,
  };
}

/** Copy of a checkpoint record (payload copied). */
export function copyCheckpoint(checkpoint: CheckpointRecord): CheckpointRecord {
  return {
    id: checkpoint.id,
    iteration: checkpoint.iteration,
    hash: checkpoint.hash,
    payload: new Uint8Array(checkpoint.payload),
    createdAt: checkpoint.createdAt,
  };
}
