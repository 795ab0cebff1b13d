/**
 * @module eval/dialogue/replay-model
 * The assistant side of the dialogue workload: an AI SDK v3 language model that answers with the
 * next scripted assistant turn (an offer, a question, a confirmation), whichever agent it serves,
 * as when recorded dialogues are replayed. The conversation the router reads is then the same
 * for every router; whether the answer was right is decided by the harness (the routed agent's
 * domain, or its hidden skill), never by the model, which sees no answer key.
 */
import type { LanguageModelV3 } from "@ai-sdk/provider";

/** Where the harness puts the next assistant turn before each `send`. */
export interface ReplayChannel {
  next: string;
}

/** A model that answers at once with `channel.next`. */
export function replayModel(id: string, channel: ReplayChannel): LanguageModelV3 {
  return {
    specificationVersion: "v3",
    provider: "dialogue-replay",
    modelId: id,
    supportedUrls: {},
    doGenerate: async () => ({
      content: [{ type: "text", text: channel.next }],
      finishReason: { unified: "stop", raw: "stop" },
      usage: {
        inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
        outputTokens: { total: 10, text: 10, reasoning: 0 },
      },
      warnings: [],
    }),
    doStream: async () => {
      throw new Error("the replay model does not stream");
    },
  };
}
