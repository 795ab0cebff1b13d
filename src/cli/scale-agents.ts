/**
 * @module cli/scale-agents
 * The agents of `rapo scale`: N simulated specialists made by cycling the demo cast (copy k of
 * member m is `<m.id>-<k>`, with its own seed), each with the same public declaration (role,
 * capacity, capability prior of its specialties) and hidden skills as its original. Models are
 * built on their first call ({@link lazyModel}), so a size's memory holds only the agents that
 * were actually used (SPEC §6). {@link busModel} is the front's stand-in for a model hosted in a
 * worker process: each call travels as a turn on a {@link TurnBus} stream of that worker.
 */
import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3GenerateResult,
} from "@ai-sdk/provider";
import { ModelError } from "../errors.js";
import { castAgents, DEFAULT_CAST, DEFAULT_CAST_SETTINGS } from "../eval/cast.js";
import type { TurnBus } from "../ports/turn-bus.js";
import type { AgentSpec } from "../runtime/types.js";

/** Public part of scale agent `index` (no model). */
export function scaleAgentSpec(index: number): Omit<AgentSpec, "model"> {
  const member = DEFAULT_CAST[index % DEFAULT_CAST.length]!;
  const prior = DEFAULT_CAST_SETTINGS.specialtyPrior;
  return {
    id: `${member.id}-${Math.floor(index / DEFAULT_CAST.length)}`,
    role: member.role,
    capacity: member.capacity ?? DEFAULT_CAST_SETTINGS.capacity,
    ...(member.specialties.length > 0
      ? { capabilityPrior: Object.fromEntries(member.specialties.map((t) => [t, prior])) }
      : {}),
  };
}

/** The simulated model of scale agent `index` (its hidden skills stay inside it). */
export function scaleAgentModel(index: number, seed: number): LanguageModelV3 {
  const member = DEFAULT_CAST[index % DEFAULT_CAST.length]!;
  const [agent] = castAgents({ seed: seed * 100_003 + index, cast: [member] });
  return agent!.model;
}

/** A model that builds the real one on its first call. */
export function lazyModel(modelId: string, build: () => LanguageModelV3): LanguageModelV3 {
  let model: LanguageModelV3 | null = null;
  const get = () => {
    model ??= build();
    return model;
  };
  return {
    specificationVersion: "v3",
    provider: "rapo-scale",
    modelId,
    supportedUrls: {},
    doGenerate: (options) => get().doGenerate(options),
    doStream: (options) => get().doStream(options),
  };
}

/** What a worker needs to answer one model call of scale agent `agentIndex`. */
export interface ScaleCall {
  agentIndex: number;
  prompt: LanguageModelV3CallOptions["prompt"];
  maxOutputTokens?: number;
}

/** The worker's answer to a {@link ScaleCall}. */
export interface ScaleAnswer {
  text: string;
  usage: LanguageModelV3GenerateResult["usage"];
  finishReason: LanguageModelV3GenerateResult["finishReason"];
}

/** The stream (bus "agent" id) of worker `w`: every agent it hosts is served from it. */
export function workerStream(worker: number): string {
  return `scale-w${worker}`;
}

/** Which of `workers` worker processes hosts agent `index`. */
export function hostOf(index: number, workers: number): number {
  return index % workers;
}

/** Serves a {@link ScaleCall} with a model from `modelOf` (worker side). */
export async function answerCall(
  raw: string,
  modelOf: (agentIndex: number) => LanguageModelV3,
): Promise<string> {
  const call = JSON.parse(raw) as ScaleCall;
  const result = await modelOf(call.agentIndex).doGenerate({
    prompt: call.prompt,
    ...(call.maxOutputTokens !== undefined ? { maxOutputTokens: call.maxOutputTokens } : {}),
  });
  const text = result.content.map((part) => (part.type === "text" ? part.text : "")).join("");
  const answer: ScaleAnswer = { text, usage: result.usage, finishReason: result.finishReason };
  return JSON.stringify(answer);
}

/** The front's model for agent `index`: each call is a turn on its worker's stream. */
export function busModel(
  index: number,
  workers: number,
  bus: TurnBus,
  next: () => string,
  timeoutMs = 60_000,
): LanguageModelV3 {
  const { id } = scaleAgentSpec(index);
  return {
    specificationVersion: "v3",
    provider: "rapo-scale-bus",
    modelId: id,
    supportedUrls: {},
    async doGenerate(options) {
      const call: ScaleCall = {
        agentIndex: index,
        prompt: options.prompt,
        ...(options.maxOutputTokens !== undefined ? { maxOutputTokens: options.maxOutputTokens } : {}),
      };
      const turnId = next();
      await bus.enqueue({
        turnId,
        conversationId: `model-${id}`,
        agentId: workerStream(hostOf(index, workers)),
        seq: 0,
        content: JSON.stringify(call),
        enqueuedAt: Date.now(),
        failedOver: [],
      });
      const reply = await bus.awaitReply(turnId, { timeoutMs });
      if (reply.status !== "answered" || reply.answer === null)
        throw new ModelError(reply.error ?? `model call of '${id}' failed on its worker`, { modelId: id });
      const answer = JSON.parse(reply.answer) as ScaleAnswer;
      return {
        content: [{ type: "text", text: answer.text }],
        finishReason: answer.finishReason,
        usage: answer.usage,
        warnings: [],
      };
    },
    doStream() {
      return Promise.reject(new ModelError("rapo scale serves whole turns only", { modelId: id }));
    },
  };
}
