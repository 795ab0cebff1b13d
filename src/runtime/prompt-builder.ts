/**
 * @module runtime/prompt-builder
 * Renders what a model is actually sent for a turn: a system prompt (role, the agent's own
 * instructions, prompt components rendered from P_i, the facts established so far, the handoff
 * packet when there is one) and the message history.
 */
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
}

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
}

/** Builds the system prompt and messages for one model call (without limits). */
export function buildPrompt(input: PromptInput): Pick<ModelRequest, "system" | "messages"> {
  const { agent, conversation } = input;
  const sections = [agent.spec.role];
  if (agent.spec.systemPrompt) sections.push(agent.spec.systemPrompt);
  if (input.components.length > 0) sections.push(input.components.join("\n"));
  if (input.shareContext) {
    const facts = factsSection(conversation);
    if (facts !== undefined) sections.push(facts);
    if (input.packet) sections.push(renderPacket(input.packet));
  }
  const history = input.shareContext ? conversation.history : ownTurns(conversation.history, agent.id);
  const messages = history.map((h) => ({ role: h.role, content: h.content }));
  messages.push({ role: "user", content: input.content });
  return { system: sections.join("\n\n"), messages };
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
  const section = `Facts established so far:\n${facts.map((f) => `- ${f}`).join("\n")}`;
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
