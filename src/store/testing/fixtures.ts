/**
 * @module store/testing/fixtures
 * Record builders for store tests, the crash-test child and the store benchmark: realistic
 * records with every field set, overridable per test.
 */
import type { HandoffPacket } from "../../domain/handoff-packet.js";
import type { AgentStateRecord, ConversationRecord, TurnRecord } from "../contract.js";

/** A pending turn; override any field. */
export function makeTurn(overrides: Partial<TurnRecord> = {}): TurnRecord {
  return {
    id: "turn-1",
    conversationId: "conv-1",
    seq: 0,
    status: "pending",
    userContent: "How many units did the Lyon site order from the supplier in March?",
    agentId: null,
    answer: null,
    taskType: "retrieval",
    modality: "question",
    handoff: null,
    failedOver: [],
    error: null,
    latencyMs: null,
    outcome: null,
    createdAt: 1_700_000_000_000,
    ...overrides,
  };
}

/** `turn` finished: answered by `agentId`. */
export function answered(
  turn: TurnRecord,
  agentId = "agent-a",
  overrides: Partial<TurnRecord> = {},
): TurnRecord {
  return {
    ...turn,
    status: "answered",
    agentId,
    answer: `Answer to: ${turn.userContent}`,
    latencyMs: 12.375,
    ...overrides,
  };
}

/** A conversation record; override any field. */
export function makeConversation(overrides: Partial<ConversationRecord> = {}): ConversationRecord {
  return {
    id: "conv-1",
    lastAgentId: null,
    facts: ["The Lyon site ordered 40 units in March."],
    entities: ["Lyon", "March"],
    turnCount: 0,
    pool: null,
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    ...overrides,
  };
}

/** A handoff packet with every field set. */
export function makeHandoff(fromAgentId = "agent-a", toAgentId = "agent-b"): HandoffPacket {
  return {
    fromAgentId,
    toAgentId,
    reason: "routing",
    facts: ["The Lyon site ordered 40 units in March."],
    entities: ["Lyon", "March"],
    summary: "The user asks about March orders of the Lyon site.",
    recentTurns: [
      { role: "user", content: "How many units did Lyon order?" },
      { role: "assistant", content: "40 units.", agentId: fromAgentId },
    ],
    senderState: {
      capabilityTop: [{ task: "retrieval", modality: "question", score: 0.875 }],
      promptComponents: ["restate-facts"],
    },
    stats: { facts: 1, entities: 2, turns: 2, chars: 41 },
  };
}

/** Deterministic pseudo-random float32 vector (xorshift), values in [-1, 1). */
export function seededVector(length: number, seed: number): Float32Array {
  const out = new Float32Array(length);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = (x / 2 ** 32) * 2 - 1;
  }
  return out;
}

/** An agent state with SPEC-sized vectors (512, 768, 10×5) and capability values in [0, 1]. */
export function makeAgentState(
  agentId: string,
  seed = 1,
  overrides: Partial<AgentStateRecord> = {},
): AgentStateRecord {
  const capability = seededVector(50, seed + 2).map((v) => (v + 1) / 2);
  return {
    agentId,
    prompt: seededVector(512, seed),
    context: seededVector(768, seed + 1),
    capability,
    evidence: seededVector(50, seed + 3).map((v) => Math.abs(v) * 20),
    turns: 7 * seed,
    updatedAt: 1_700_000_000_000 + seed,
    ...overrides,
  };
}
