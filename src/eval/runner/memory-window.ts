/**
 * @module eval/runner/memory-window
 * The common framework memory of methods without rapo's handoff packet: the agent that serves a
 * turn sees the last N exchanges of the conversation verbatim (whoever answered them), like
 * LangChain's `ConversationBufferWindowMemory` (default k = 5) or a chat framework that keeps a
 * fixed window of raw history. No facts ledger, no summary, no packet: a fact stated more than N
 * exchanges ago reaches the model only if an answer inside the window restated it.
 *
 * With a token budget (a scenario's `history.tokens`, the same for every method) the window also
 * keeps only the newest exchanges whose tokens — with any facts or packet sections already in
 * the system prompt — fit the budget, counted by {@link contextTokensOf}, the one measure the
 * runner reports for every method.
 */
import type { LanguageModelV3Prompt } from "@ai-sdk/provider";
import { estimateTokens, MESSAGE_OVERHEAD_TOKENS } from "../../models/accounting/estimate-tokens.js";
import { FACTS_HEADER } from "../../runtime/prompt-builder.js";
import type { PromptRewrite } from "./call-tracking.js";
import type { TranscriptEntry } from "./transcript.js";

export type { TranscriptEntry } from "./transcript.js";

/** Default window, in exchanges (user message + answer): LangChain's buffer-window default k = 5. */
export const DEFAULT_MEMORY_WINDOW = 5;

/**
 * The prompt rewrite of a memory window of `exchanges` exchanges: keeps the system message(s)
 * the orchestrator rendered (role and prompt components) and the current user message, and
 * replaces the history with the last `exchanges` exchanges of the transcript.
 */
export function memoryWindow(exchanges: number, tokens?: number): PromptRewrite {
  if (!(Number.isInteger(exchanges) && exchanges >= 0))
    throw new RangeError(`memory window must be an integer ≥ 0, got ${exchanges}`);
  if (tokens !== undefined && !(Number.isInteger(tokens) && tokens > 0))
    throw new RangeError(`memory window token budget must be a positive integer, got ${tokens}`);
  return (prompt, scope) => {
    const system = prompt.filter((m) => m.role === "system");
    const current = lastUser(prompt);
    let window: readonly TranscriptEntry[] = exchanges === 0 ? [] : scope.transcript.slice(-exchanges);
    if (tokens !== undefined) window = fitExchanges(window, tokens - systemContextTokens(system));
    const out: LanguageModelV3Prompt = [...system];
    for (const e of window) {
      out.push({ role: "user", content: [{ type: "text", text: e.user }] });
      out.push({ role: "assistant", content: [{ type: "text", text: e.answer }] });
    }
    if (current) out.push(current);
    return out;
  };
}

/** The newest exchanges whose tokens fit `budget`. */
function fitExchanges(window: readonly TranscriptEntry[], budget: number): readonly TranscriptEntry[] {
  let used = 0;
  let from = window.length;
  while (from > 0) {
    const e = window[from - 1]!;
    const cost = estimateTokens(e.user) + estimateTokens(e.answer) + 2 * MESSAGE_OVERHEAD_TOKENS;
    if (used + cost > budget) break;
    used += cost;
    from--;
  }
  return window.slice(from);
}

/** Prefix of the handoff packet section rapo renders into a system prompt. */
const PACKET_PREFIX = "Handoff from ";

/** Tokens of the context sections (facts, handoff packet) of system messages. */
function systemContextTokens(system: LanguageModelV3Prompt): number {
  let total = 0;
  for (const m of system) {
    if (m.role !== "system") continue;
    for (const section of m.content.split("\n\n"))
      if (section.startsWith(FACTS_HEADER) || section.startsWith(PACKET_PREFIX))
        total += estimateTokens(section);
  }
  return total;
}

/**
 * Tokens of context in a prompt, the same measure for every method: the history messages (all
 * but the last user message) plus the facts and handoff-packet sections of the system prompt.
 * Application instructions, role, prompt components and the current message are not context.
 */
export function contextTokensOf(prompt: LanguageModelV3Prompt): number {
  let total = systemContextTokens(prompt);
  let last = -1;
  for (let i = prompt.length - 1; i >= 0; i--)
    if (prompt[i]!.role === "user") {
      last = i;
      break;
    }
  prompt.forEach((m, i) => {
    if (i === last || (m.role !== "user" && m.role !== "assistant")) return;
    let text = "";
    for (const part of m.content) if (part.type === "text") text += part.text;
    total += estimateTokens(text) + MESSAGE_OVERHEAD_TOKENS;
  });
  return total;
}

function lastUser(prompt: LanguageModelV3Prompt): LanguageModelV3Prompt[number] | undefined {
  for (let i = prompt.length - 1; i >= 0; i--) if (prompt[i]!.role === "user") return prompt[i];
  return undefined;
}
