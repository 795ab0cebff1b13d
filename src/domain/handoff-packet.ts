/**
 * @module domain/handoff-packet
 * SPEC §3: what a receiving agent gets on a handoff, and the turns of history it carries. Built
 * by the runtime, stored with the turn by every store, measured by the token accounting.
 */

/** One turn of history as carried in a packet and rendered in a prompt. */
export interface HistoryEntry {
  role: "user" | "assistant";
  content: string;
  agentId?: string;
}

/** SPEC §3: what a receiving agent gets on a handoff. */
export interface HandoffPacket {
  fromAgentId: string;
  toAgentId: string;
  /** why the previous agent was left: routing decision or failover. */
  reason: "routing" | "failover";
  /** facts established so far (declarative sentences with entities or numbers). */
  facts: string[];
  /** entities established so far. */
  entities: string[];
  /** extractive summary of the conversation so far. */
  summary: string;
  /** the last turns, pruned to `handoff.maxTurns`. */
  recentTurns: HistoryEntry[];
  /** the sender's last stable state, compactly: top capability cells and prompt components. */
  senderState: {
    capabilityTop: { task: string; modality: string; score: number }[];
    promptComponents: string[];
  };
  /** what was carried, measured. */
  stats: { facts: number; entities: number; turns: number; chars: number };
}
