/**
 * @module eval/dialogue/replay-model
 * The assistant side of the dialogue workload: a model that answers with the next scripted
 * assistant turn (an offer, a question, a confirmation), whichever agent it serves, as when
 * recorded dialogues are replayed. The conversation the router reads is then the same for every
 * router; whether the answer was right is decided by the harness (the routed agent's domain, or
 * its hidden skill), never by the model, which sees no answer key. It is the scripted fake model
 * (`models/scripted-model.ts`) with a function script reading the channel.
 */
import { type ScriptedLanguageModel, scriptedModel } from "../../models/scripted-model.js";

/** Where the harness puts the next assistant turn before each `send`. */
export interface ReplayChannel {
  next: string;
}

/** Tokens reported per call (the dialogue bench does not price tokens). */
const REPLAY_USAGE = { inputTokens: 10, outputTokens: 10 };

/** A model that answers at once with `channel.next`. */
export function replayModel(id: string, channel: ReplayChannel): ScriptedLanguageModel {
  return scriptedModel(() => ({ text: channel.next, usage: REPLAY_USAGE }), {
    modelId: id,
    provider: "dialogue-replay",
  });
}
