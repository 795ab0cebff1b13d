/**
 * @module eval/runner/memory-window
 * The common framework memory of methods without rapo's handoff packet: the agent that serves a
 * turn sees the last N exchanges of the conversation verbatim (whoever answered them), like
 * LangChain's `ConversationBufferWindowMemory` (default k = 5) or a chat framework that keeps a
 * fixed window of raw history. No facts ledger, no summary, no packet: a fact stated more than N
 * exchanges ago reaches the model only if an answer inside the window restated it.
 */
import type { LanguageModelV3Prompt } from "@ai-sdk/provider";
import type { PromptRewrite } from "./call-tracking.js";

export type { TranscriptEntry } from "./transcript.js";

/** Default window, in exchanges (user message + answer): LangChain's buffer-window default k = 5. */
export const DEFAULT_MEMORY_WINDOW = 5;

/**
 * The prompt rewrite of a memory window of `exchanges` exchanges: keeps the system message(s)
 * the orchestrator rendered (role and prompt components) and the current user message, and
 * replaces the history with the last `exchanges` exchanges of the transcript.
 */
export function memoryWindow(exchanges: number): PromptRewrite {
  if (!(Number.isInteger(exchanges) && exchanges >= 0))
    throw new RangeError(`memory window must be an integer ≥ 0, got ${exchanges}`);
  return (prompt, scope) => {
    const system = prompt.filter((m) => m.role === "system");
    const current = lastUser(prompt);
    const window = exchanges === 0 ? [] : scope.transcript.slice(-exchanges);
    const out: LanguageModelV3Prompt = [...system];
    for (const e of window) {
      out.push({ role: "user", content: [{ type: "text", text: e.user }] });
      out.push({ role: "assistant", content: [{ type: "text", text: e.answer }] });
    }
    if (current) out.push(current);
    return out;
  };
}

function lastUser(prompt: LanguageModelV3Prompt): LanguageModelV3Prompt[number] | undefined {
  for (let i = prompt.length - 1; i >= 0; i--) if (prompt[i]!.role === "user") return prompt[i];
  return undefined;
}
