/**
 * @module models/simulated/prompt-view
 * The simulated model's reading of the prompt it was sent: system text, the plain-text messages,
 * the last user message, the facts stated anywhere (with where each was stated) and a hash that
 * keys every random choice, so the same prompt always gets the same answer.
 */
import type { LanguageModelV3Prompt } from "@ai-sdk/provider";
import { hashString } from "../../util/hash.js";
import { type Fact, FactBook, factKey, parseFacts } from "./facts.js";

/** One message of the conversation, text only. */
export interface ViewMessage {
  role: "user" | "assistant";
  text: string;
}

/** What the model can see. */
export interface PromptView {
  system: string;
  messages: ViewMessage[];
  /** text of the last user message ("" when there is none). */
  lastUser: string;
  /** every fact of the prompt (later statements replace earlier ones). */
  book: FactBook;
  /** every fact once (latest statement of each subject), ordered by that statement. */
  facts: Fact[];
  /** "turn 3" (3rd message) or "handoff notes" (system prompt) for each fact. */
  sourceOf(fact: Fact): string | undefined;
  /** hash of the whole prompt: the key of every random choice about the answer. */
  hash: number;
  /** words in the prompt (for token usage). */
  words: number;
}

/** Reads an AI SDK v3 prompt. Non-text parts (files, tool calls) are ignored. */
export function viewPrompt(prompt: LanguageModelV3Prompt): PromptView {
  const systemParts: string[] = [];
  const messages: ViewMessage[] = [];
  for (const message of prompt) {
    if (message.role === "system") systemParts.push(message.content);
    else if (message.role === "user" || message.role === "assistant") {
      const text = message.content
        .map((part) => (part.type === "text" ? part.text : ""))
        .filter((t) => t.length > 0)
        .join("\n");
      messages.push({ role: message.role, text });
    }
  }
  const system = systemParts.join("\n");
  return buildView(system, messages);
}

/** Builds a view from plain text (also used by tests and by the responder directly). */
export function buildView(system: string, messages: ViewMessage[]): PromptView {
  const book = new FactBook();
  const order = new Map<string, Fact>();
  const sources = new Map<string, string>();
  const record = (text: string, source: string) => {
    for (const { fact } of parseFacts(text)) {
      const key = factKey(fact);
      book.add(fact);
      if (order.has(key)) order.delete(key);
      order.set(key, fact);
      sources.set(key, source);
    }
  };
  record(system, "handoff notes");
  for (const [i, m] of messages.entries()) record(m.text, `turn ${i + 1}`);
  let lastUser = "";
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]!.role === "user") {
      lastUser = messages[i]!.text;
      break;
    }
  }
  const joined = `${system}\u0000${messages.map((m) => `${m.role}:${m.text}`).join("\u0001")}`;
  return {
    system,
    messages,
    lastUser,
    book,
    facts: [...order.values()],
    sourceOf: (fact) => sources.get(factKey(fact)),
    hash: hashString(joined),
    words: countWords(joined),
  };
}

/** Whitespace-separated words. */
export function countWords(text: string): number {
  const m = text.match(/\S+/g);
  return m ? m.length : 0;
}
