/**
 * @module domain
 * The types every layer speaks of — agent declarations, turns, handoff packets, persisted
 * records — plus the checkpoint format and the store error vocabulary they share. The bottom of
 * the layering: it imports only `errors` and `util`, so state, routing, consensus, learning,
 * models, store and runtime can all import it (see `.dependency-cruiser.cjs`).
 */
export type { AgentSpec } from "./agent-spec.js";
export * from "./checkpoint-codec.js";
export type { HandoffPacket, HistoryEntry } from "./handoff-packet.js";
export type {
  AgentStateRecord,
  CheckpointRecord,
  ConversationRecord,
  TurnRecord,
  TurnStatus,
} from "./records.js";
export * from "./store-errors.js";
export type { Complexity, Outcome, Truncation, TurnResult, TurnUsage } from "./turn.js";
