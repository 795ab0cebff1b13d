/**
 * @module runtime/prompt-builder
 * Renders what a model is actually sent for a turn: a system prompt (role, the agent's own
 * instructions, prompt components rendered from P_i, the facts established so far, the handoff
 * packet when there is one) and the message history.
 */
import { estimateTokens, MESSAGE_OVERHEAD_TOKENS } from "../models/accounting/estimate-tokens.js";
import type { ModelRequest } from "../models/invoke.js";
import type { AgentRuntime } from "./agent-runtime.js";
import type { ConversationState } from "./conversation-state.js";
import { renderPacket } from "./handoff-packet.js";
import type { HandoffPacket, HistoryEntry } from "./types.js";

/** Renders the prompt components of an agent's P_i (consensus plugs in here). */
export interface PromptRenderer {
  /**
   * component texts of the agent's prompt: for a turn of `conversationId` (what that turn's
   * prompt carries; `carried` = component texts the turn's handoff packet already brings), else
   * the agent's settled components (summaries, handoff packets).
   */
  components(agent: AgentRuntime, conversationId?: string, carried?: readonly string[]): string[];
  /**
   * Issue 10: a model call of `agent` for `conversationId` ended — `on_time` (answered within the
   * time its turn had left), `late` (answered after it) or `timeout` (abandoned). What the user
   * got from the prompt the call carried: a late or missing answer is a failed one.
   */
  callTimed?(agent: AgentRuntime, conversationId: string, timing: CallTiming): void;
}

/** How a model call ended relative to its turn's deadline (see {@link PromptRenderer.callTimed}). */
export type CallTiming = "on_time" | "late" | "timeout";

/** The renderer used when no prompt space is configured: no components. */
export const noComponents: PromptRenderer = { components: () => [] };

/** Inputs of {@link buildModelRequest}. */
export interface PromptInput {
  agent: AgentRuntime;
  conversation: ConversationState;
  content: string;
  packet: HandoffPacket | undefined;
  /** whether context travels between agents (false = the "no handoff packet" ablation). */
  shareContext: boolean;
  components: string[];
  /** token budget of facts + packet + history (`handoff.contextTokens`); absent: none. */
  contextTokens?: number;
}

/** First line of the facts section (what an evaluation counts as context, not instructions). */
export const FACTS_HEADER = "Facts established so far:";

/** Builds the system prompt and messages for one model call (without limits). */
export function buildPrompt(input: PromptInput): Pick<ModelRequest, "system" | "messages"> {
  const { agent, conversation } = input;
  const sections = [agent.spec.role];
  if (agent.spec.systemPrompt) sections.push(agent.spec.systemPrompt);
  if (input.components.length > 0) sections.push(input.components.join("\n"));
  const history = input.shareContext ? conversation.history : ownTurns(conversation.history, agent.id);
  if (input.contextTokens !== undefined && input.shareContext)
    return budgeted(sections, conversation, input, history, input.contextTokens);
  if (input.shareContext) {
    const facts = factsSection(conversation);
    if (facts !== undefined) sections.push(facts);
    if (input.packet) sections.push(renderPacket(input.packet));
  }
  const messages = history.map((h) => ({ role: h.role, content: h.content }));
  if (input.contextTokens !== undefined)
    messages.splice(0, messages.length - fitting(messages, input.contextTokens));
  messages.push({ role: "user", content: input.content });
  return { system: sections.join("\n\n"), messages };
}

/**
 * The prompt with facts, packet and history held to `budget` tokens: the packet and the facts
 * first, then the newest history that fits. When the facts alone exceed what is left, the ones
 * most relevant to the turn (shared words and entities, then recency: the ledger's `select`) are
 * kept, not the newest, so turn 50 still carries what it needs from turn 3.
 */
function budgeted(
  sections: string[],
  conversation: ConversationState,
  input: PromptInput,
  history: readonly HistoryEntry[],
  budget: number,
): Pick<ModelRequest, "system" | "messages"> {
  let left = budget;
  const packet = input.packet ? renderPacket(input.packet) : undefined;
  const packetTokens = packet === undefined ? 0 : estimateTokens(packet);
  const section = budgetedFacts(conversation, input.content, left - packetTokens);
  if (section !== undefined) {
    sections.push(section);
    left -= estimateTokens(section);
  }
  if (packet !== undefined && packetTokens <= left) {
    sections.push(packet);
    left -= packetTokens;
  }
  const messages = history.map((h) => ({ role: h.role, content: h.content }));
  messages.splice(0, messages.length - fitting(messages, Math.max(0, left)));
  messages.push({ role: "user", content: input.content });
  return { system: sections.join("\n\n"), messages };
}

/** Render rounds at most while shrinking the relevance budget until the facts section fits. */
const FIT_ROUNDS = 4;

/**
 * The facts section within `room` tokens: every fact when they fit, else those most relevant to
 * `focus` (the ledger's `select`, by shared terms and entities, then recency); undefined when
 * there are none or none fits.
 */
function budgetedFacts(conversation: ConversationState, focus: string, room: number): string | undefined {
  const ledger = conversation.ledger;
  if (ledger.size === 0 || room <= 0) return undefined;
  const all = factsSection(conversation)!;
  if (estimateTokens(all) <= room) return all;
  // select counts ≈ characters / 4 per fact; the section adds its header and "- " per line
  let target = room - estimateTokens(FACTS_HEADER);
  for (let round = 0; round < FIT_ROUNDS && target > 0; round++) {
    const chosen = ledger.select(target, focus);
    if (chosen.length === 0) return undefined;
    const section = `${FACTS_HEADER}\n${chosen.map((f) => `- ${f}`).join("\n")}`;
    const tokens = estimateTokens(section);
    if (tokens <= room) return section;
    target = Math.floor((target * room) / tokens) - 1;
  }
  return undefined;
}

/** How many of the newest messages fit in `budget` tokens (always whole exchanges from the end). */
function fitting(messages: readonly { content: string }[], budget: number): number {
  let used = 0;
  let n = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    used += estimateTokens(messages[i]!.content) + MESSAGE_OVERHEAD_TOKENS;
    if (used > budget) break;
    n++;
  }
  // never start the history with an answer whose question was cut
  if (n < messages.length && n % 2 === 1) n--;
  return n;
}

/**
 * The facts section last rendered for each conversation, with the facts it was rendered from.
 * Facts change on few turns while every turn renders them (~1 µs for 20 facts, most of
 * building a prompt), so an unchanged list reuses its text.
 */
const renderedFacts = new WeakMap<ConversationState, { facts: string[]; section: string }>();

/** "Facts established so far:" and the conversation's facts, or undefined when there are none. */
function factsSection(conversation: ConversationState): string | undefined {
  const facts = conversation.ledger.facts();
  if (facts.length === 0) return undefined;
  const cached = renderedFacts.get(conversation);
  if (cached !== undefined && sameStrings(cached.facts, facts)) return cached.section;
  const section = `${FACTS_HEADER}\n${facts.map((f) => `- ${f}`).join("\n")}`;
  renderedFacts.set(conversation, { facts, section });
  return section;
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The exchanges this agent itself served: all an agent knows when context is not shared. */
function ownTurns(history: readonly HistoryEntry[], agentId: string): HistoryEntry[] {
  const own: HistoryEntry[] = [];
  for (let i = 1; i < history.length; i += 2) {
    const answer = history[i]!;
    if (answer.agentId === agentId) own.push(history[i - 1]!, answer);
  }
  return own;
}
