/**
 * @module domain/records
 * What is persisted: turns, conversations, agent states and checkpoints. Every store keeps these
 * records (see `store/contract.ts`); the runtime, consensus and learning build and read them.
 */
import type { HandoffPacket } from "./handoff-packet.js";

/** Status of a turn: accepted turns end `answered` or `failed`, never vanish. */
export type TurnStatus = "pending" | "answered" | "failed";

/** A persisted turn: the user's message and, once answered, the agent's reply. */
export interface TurnRecord {
  id: string;
  conversationId: string;
  /** 0-based position in the conversation; unique per conversation. */
  seq: number;
  status: TurnStatus;
  userContent: string;
  /** the agent that answered (or last tried), null while pending. */
  agentId: string | null;
  answer: string | null;
  taskType: string;
  modality: string;
  /**
   * handoff packet received by `agentId` on this turn, if any. The runtime stores it without
   * the texts of the carried turns (`recentTurns` is empty; `stats.turns` counts them): they are
   * the conversation's previous turns.
   */
  handoff: HandoffPacket | null;
  /** agents that failed on this turn before the answer. */
  failedOver: string[];
  error: string | null;
  latencyMs: number | null;
  /** feedback outcome in [0, 1], null until given. */
  outcome: number | null;
  createdAt: number;
}

/** Persisted conversation state beyond its turns. */
export interface ConversationRecord {
  id: string;
  /** agent that answered the last turn. */
  lastAgentId: string | null;
  /** facts established so far (kept even when turns are pruned). */
  facts: string[];
  entities: string[];
  turnCount: number;
  /** scheduling pool assigned by the global scheduler. */
  pool: string | null;
  createdAt: number;
  updatedAt: number;
}

/** A persisted agent state: the triple and learning counters, as binary blobs. */
export interface AgentStateRecord {
  agentId: string;
  prompt: Float32Array;
  context: Float32Array;
  /** capability matrix M_i; stores keep it as float16 (SPEC §6), so values round-trip to ~1e-3. */
  capability: Float32Array;
  /** evidence (decayed observation counts) per capability cell. */
  evidence: Float32Array;
  turns: number;
  updatedAt: number;
}

/** A checkpoint of everything learned: opaque bytes plus a hash of them. */
export interface CheckpointRecord {
  id: string;
  /** control-loop iteration at which it was taken. */
  iteration: number;
  /** sha256 of `payload`, hex. */
  hash: string;
  payload: Uint8Array;
  createdAt: number;
}
