/**
 * @module runtime/handoff-packet
 * SPEC §3 handoff packet: what a receiving agent gets when a conversation moves to it — facts and
 * entities established so far (the facts most relevant to the turn, within `handoff.factTokens`),
 * an extractive summary, the last turns (pruned), and the sender's
 * last stable state — plus measured statistics of what was carried.
 */
import type { RapoConfig } from "../config/schema.js";
import type { Taxonomy } from "../state/taxonomy.js";
import type { AgentRuntime } from "./agent-runtime.js";
import type { ConversationState } from "./conversation-state.js";
import type { HandoffPacket, HistoryEntry } from "./types.js";

/** Capability cells of the sender reported in a packet. */
const TOP_CELLS = 3;

/** Inputs of {@link buildHandoffPacket}. */
export interface PacketInput {
  conversation: ConversationState;
  from: AgentRuntime;
  to: AgentRuntime;
  reason: HandoffPacket["reason"];
  taxonomy: Taxonomy;
  config: RapoConfig;
  /** components rendered from the sender's stable prompt vector. */
  senderComponents: string[];
  /** the turn being handed over: the packet's facts are chosen by relevance to it. */
  focus?: string;
}

/** Builds the packet handed to `to` when the conversation leaves `from`. */
export function buildHandoffPacket(input: PacketInput): HandoffPacket {
  const { conversation, config } = input;
  // the receiver gets every fact, including those of answers the loop has not folded in yet
  conversation.settleFacts();
  // the facts most relevant to the turn handed over, then the most recent, within the budget
  const facts = conversation.ledger.select(
    config.handoff.factTokens,
    input.focus ?? lastUserTurn(conversation.history),
  );
  const entities = conversation.ledger.entities();
  const recentTurns: HistoryEntry[] = conversation.history.slice(-2 * config.handoff.maxTurns);
  const summary = summarise(conversation.history, config.handoff.summarySentences);
  const chars =
    facts.reduce((n, f) => n + f.length, 0) +
    summary.length +
    recentTurns.reduce((n, t) => n + t.content.length, 0);
  return {
    fromAgentId: input.from.id,
    toAgentId: input.to.id,
    reason: input.reason,
    facts,
    entities,
    summary,
    recentTurns,
    senderState: {
      capabilityTop: topCells(input.from.learned.stable.capability, input.taxonomy),
      promptComponents: input.senderComponents,
    },
    stats: { facts: facts.length, entities: entities.length, turns: recentTurns.length, chars },
  };
}

function lastUserTurn(history: readonly HistoryEntry[]): string {
  for (let i = history.length - 1; i >= 0; i--) if (history[i]!.role === "user") return history[i]!.content;
  return "";
}

/**
 * Extractive summary: the first sentence of the opening request plus the latest answers' first
 * sentences, so the receiver sees where the conversation started and where it stands.
 */
export function summarise(history: readonly HistoryEntry[], sentences: number): string {
  if (history.length === 0) return "";
  const picked: string[] = [];
  const first = history.find((h) => h.role === "user");
  if (first) picked.push(`The user asked: ${firstSentence(first.content)}`);
  const answers = history.filter((h) => h.role === "assistant").slice(-(sentences - 1));
  for (const a of answers) picked.push(`${a.agentId ?? "an agent"} answered: ${firstSentence(a.content)}`);
  return picked.slice(0, sentences).join(" ");
}

function firstSentence(text: string): string {
  const match = /^[\s\S]*?[.!?](\s|$)/.exec(text);
  return (match ? match[0] : text).trim().slice(0, 240);
}

function topCells(
  capability: Float32Array,
  taxonomy: Taxonomy,
): HandoffPacket["senderState"]["capabilityTop"] {
  const l = taxonomy.modalities.length;
  const order = Array.from(capability.keys()).sort((a, b) => capability[b]! - capability[a]!);
  return order.slice(0, TOP_CELLS).map((cell) => ({
    task: taxonomy.taskTypes[Math.floor(cell / l)]!.id,
    modality: taxonomy.modalities[cell % l]!.id,
    score: Math.round(capability[cell]! * 1000) / 1000,
  }));
}

/** Renders a packet as the section of the receiving agent's system prompt. */
export function renderPacket(packet: HandoffPacket): string {
  const lines = [`Handoff from ${packet.fromAgentId} (${packet.reason}).`];
  if (packet.summary) lines.push(`Summary: ${packet.summary}`);
  if (packet.senderState.promptComponents.length > 0) {
    lines.push(`Conventions in use: ${packet.senderState.promptComponents.join(" ")}`);
  }
  return lines.join("\n");
}
