/**
 * @module models/accounting/estimate-tokens
 * Token estimates for when a provider reports no usage, and for sizing handoff packets.
 *
 * No tokenizer package is installed (a real BPE table is megabytes), so this is a heuristic:
 * the mean of two common rules of thumb for BPE tokenizers on English text, `chars / 4` and
 * `words · 4/3`. Each alone is off by 20–40 % on code or terse text; their mean is steadier.
 * It is an estimate, and every figure derived from it is flagged `estimated`.
 */
import type { HandoffPacket } from "../../domain/handoff-packet.js";

/** Chat formats wrap each message in a few tokens of role markers (OpenAI: ~4). */
export const MESSAGE_OVERHEAD_TOKENS = 4;

/** Estimated tokens of `text`: round(mean(chars/4, words·4/3)); 0 for an empty string. */
export function estimateTokens(text: string): number {
  const chars = text.length;
  if (chars === 0) return 0;
  let words = 0;
  let inWord = false;
  for (let i = 0; i < chars; i++) {
    const c = text.charCodeAt(i);
    // space, tab, newline, carriage return
    const space = c === 32 || c === 9 || c === 10 || c === 13;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return Math.max(1, Math.round((chars / 4 + (words * 4) / 3) / 2));
}

/** Estimated input tokens of a chat prompt: its texts plus a per-message overhead. */
export function estimatePromptTokens(prompt: {
  system: string;
  messages: readonly { content: string }[];
}): number {
  let total = estimateTokens(prompt.system) + MESSAGE_OVERHEAD_TOKENS;
  for (const m of prompt.messages) total += estimateTokens(m.content) + MESSAGE_OVERHEAD_TOKENS;
  return total;
}

/** Estimated tokens a handoff packet adds to the receiver's prompt (facts, entities, summary, turns). */
export function estimateHandoffTokens(
  packet: Pick<HandoffPacket, "facts" | "entities" | "summary" | "recentTurns">,
): number {
  let total = estimateTokens(packet.summary);
  for (const fact of packet.facts) total += estimateTokens(fact);
  // entities render as one comma-separated line: about a token each plus the separator
  for (const entity of packet.entities) total += estimateTokens(entity) + 1;
  for (const turn of packet.recentTurns) total += estimateTokens(turn.content) + MESSAGE_OVERHEAD_TOKENS;
  return total;
}
