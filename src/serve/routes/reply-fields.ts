/**
 * @module serve/routes/reply-fields
 * Fields shared by the turn replies: OpenAI usage and the `x-rapo-*` headers of the extension.
 */
import type { TurnResult } from "../../runtime/types.js";
import type { RapoExtension } from "../turn-service.js";

/** Chat Completions usage of a turn. */
export function usageOf(result: TurnResult) {
  const prompt = result.usage?.inputTokens ?? 0;
  const completion = result.usage?.outputTokens ?? 0;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/** Responses API usage of a turn. */
export function responseUsageOf(result: TurnResult) {
  const input = result.usage?.inputTokens ?? 0;
  const output = result.usage?.outputTokens ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: input + output,
  };
}

/** The extension as response headers (header values are ASCII: agent ids are encoded). */
export function extensionHeaders(rapo: RapoExtension): Record<string, string> {
  return {
    "x-rapo-agent": encodeURIComponent(rapo.agent_id),
    "x-rapo-handoff": String(rapo.handoff),
    ...(rapo.handoff_from ? { "x-rapo-handoff-from": encodeURIComponent(rapo.handoff_from) } : {}),
    "x-rapo-conversation": rapo.conversation_id,
    "x-rapo-turn": rapo.turn_id,
  };
}
