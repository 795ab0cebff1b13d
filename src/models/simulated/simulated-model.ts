/**
 * @module models/simulated/simulated-model
 * The deterministic simulated LLM (SPEC §10), as an AI SDK `LanguageModelV3` (provider
 * `rapo-sim`), so it is swapped for OpenAI or Ollama without touching anything else.
 *
 * Its answer depends only on its profile and the prompt it is sent: it uses a fact only if the
 * fact's sentence is in that prompt, its wording follows the directives of its system prompt,
 * and it never sees a benchmark's answer key. Latency is simulated with FIFO queueing over
 * `capacity` slots; faults (errors, hangs) are drawn per call.
 */
import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3FinishReason,
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
  LanguageModelV3Usage,
  SharedV3ProviderMetadata,
} from "@ai-sdk/provider";
import { ModelError } from "../../errors.js";
import { mixSeeds } from "../../util/hash.js";
import { createPrng } from "../../util/random.js";
import { resolveProfile, type SimulatedProfile, type SimulatedProfileInput } from "./profile.js";
import { countWords, viewPrompt } from "./prompt-view.js";
import { rateLimitError, SlidingWindowLimiter } from "./rate-limiter.js";
import { type Reply, type ResponderProfile, respond } from "./responder.js";
import { type Booking, hang, type SimClock, SlotScheduler, sleep } from "./scheduler.js";
import { createTaskDetector } from "./task-detection.js";

/** Provider id of the simulated model. */
export const SIMULATED_PROVIDER = "rapo-sim";

/** Tokens per word used for usage accounting. */
export const TOKENS_PER_WORD = 1.3;

/** Options that are not part of the (serialisable) profile. */
export interface SimulatedModelOptions {
  /** a simulated clock shared by several models (see {@link SimClock}); default: own clock. */
  clock?: SimClock;
  /**
   * how far the run is, in [0, 1] (e.g. the share of conversations started), for the profile's
   * `drift`; default: always 0 (no drift applies).
   */
  progress?: () => number;
}

/** The simulated model, with a few read-only counters for benchmarks. */
export interface SimulatedLanguageModel extends LanguageModelV3 {
  readonly profile: SimulatedProfile;
  /** simulated latency of the last completed call, in ms. */
  readonly lastLatencyMs: number;
  /** calls received so far. */
  readonly callCount: number;
  /** calls booked and not finished now (simulated time) per slot: > 1 when calls queue. */
  occupancy(): number;
  /** the hidden skill on `taskType` now (after any drift): for the evaluation's oracle only. */
  skillNow(taskType: string): number;
  doGenerate(options: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult>;
  doStream(options: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult>;
}

/** Creates a simulated model from a profile (only `id` is required). */
export function simulatedModel(
  profile: SimulatedProfileInput,
  options: SimulatedModelOptions = {},
): SimulatedLanguageModel {
  return new SimulatedModel(resolveProfile(profile), options);
}

/**
 * A factory `(agentId, profile) => model` for agents declared in a configuration file with
 * provider `simulated` (the shape `models/providers` expects); the agent id becomes the profile id.
 */
export function simulatedModelFactory(
  options: SimulatedModelOptions = {},
): (agentId: string, profile: Record<string, unknown>) => SimulatedLanguageModel {
  return (agentId, profile) =>
    simulatedModel({ ...(profile as Partial<SimulatedProfileInput>), id: agentId }, options);
}

interface Completed {
  reply: Reply;
  text: string;
  usage: LanguageModelV3Usage;
  finishReason: LanguageModelV3FinishReason;
  booking: Booking;
  serviceMs: number;
  responseId: string;
}

class SimulatedModel implements SimulatedLanguageModel {
  readonly specificationVersion = "v3" as const;
  readonly provider = SIMULATED_PROVIDER;
  readonly modelId: string;
  readonly supportedUrls: Record<string, RegExp[]> = {};
  lastLatencyMs = 0;
  callCount = 0;
  private readonly responder: ResponderProfile;
  private readonly scheduler: SlotScheduler;
  private readonly limiter: SlidingWindowLimiter | undefined;
  private readonly progress: () => number;
  /** responder profiles by the number of drifts in effect (drifts apply in `at` order). */
  private readonly drifted: ResponderProfile[] = [];

  constructor(
    readonly profile: SimulatedProfile,
    options: SimulatedModelOptions,
  ) {
    this.modelId = `sim-${profile.id}`;
    this.responder = {
      seed: profile.seed,
      skills: profile.skills,
      defaultSkill: profile.defaultSkill,
      pronounRate: profile.pronounRate,
      detectTask: createTaskDetector(profile.taskTypes),
    };
    this.scheduler = new SlotScheduler(profile.capacity, profile.timeScale, options.clock);
    const limit = profile.rateLimit;
    this.limiter = limit ? new SlidingWindowLimiter(limit.requests, limit.perMs) : undefined;
    this.progress = options.progress ?? (() => 0);
  }

  occupancy(): number {
    return this.scheduler.load();
  }

  skillNow(taskType: string): number {
    const r = this.responderNow();
    return r.skills[taskType] ?? r.defaultSkill;
  }

  /** The responder with every drift whose point the run has reached applied. */
  private responderNow(): ResponderProfile {
    const drift = this.profile.drift;
    if (drift.length === 0) return this.responder;
    const at = this.progress();
    const ordered = [...drift].sort((a, b) => a.at - b.at);
    let applied = 0;
    while (applied < ordered.length && ordered[applied]!.at <= at) applied++;
    if (applied === 0) return this.responder;
    let cached = this.drifted[applied];
    if (!cached) {
      const skills = { ...this.responder.skills };
      for (const d of ordered.slice(0, applied)) skills[d.taskType] = d.to;
      cached = { ...this.responder, skills };
      this.drifted[applied] = cached;
    }
    return cached;
  }

  /** Answers the prompt after its simulated latency; metadata `rapo-sim.lastLatencyMs` reports it. */
  async doGenerate(options: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    const done = await this.run(options);
    return {
      content: [{ type: "text", text: done.text }],
      finishReason: done.finishReason,
      usage: done.usage,
      providerMetadata: this.metadata(done),
      response: { id: done.responseId, modelId: this.modelId },
      warnings: [],
    };
  }

  /** Streams the same text as `doGenerate`, word by word, once the simulated latency is over. */
  async doStream(options: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
    const done = await this.run(options);
    const parts: LanguageModelV3StreamPart[] = [
      { type: "stream-start", warnings: [] },
      { type: "response-metadata", id: done.responseId, modelId: this.modelId },
      { type: "text-start", id: "0" },
      ...(done.text.match(/\S+\s*/g) ?? []).map(
        (delta): LanguageModelV3StreamPart => ({ type: "text-delta", id: "0", delta }),
      ),
      { type: "text-end", id: "0" },
      {
        type: "finish",
        usage: done.usage,
        finishReason: done.finishReason,
        providerMetadata: this.metadata(done),
      },
    ];
    const stream = new ReadableStream<LanguageModelV3StreamPart>({
      start(controller) {
        for (const part of parts) controller.enqueue(part);
        controller.close();
      },
    });
    return { stream };
  }

  /** Answers, waits out the simulated latency, and draws this call's faults. */
  private async run(options: LanguageModelV3CallOptions): Promise<Completed> {
    const view = viewPrompt(options.prompt);
    const callIndex = this.callCount++;
    // Faults are drawn per call (a retry may succeed); the answer is keyed on the prompt only.
    const callRng = createPrng(mixSeeds(this.profile.seed, view.hash, callIndex));
    const hangRoll = callRng.next();
    const errorRoll = callRng.next();
    const jitter = callRng.next() * this.profile.latency.jitterMs;
    const reply = respond(this.responderNow(), view);
    const { text, outputTokens, truncated } = limitTokens(reply.text, options.maxOutputTokens);
    if (hangRoll < this.profile.faults.hangRate) return hang(options.abortSignal);
    const inputTokens = Math.ceil(view.words * TOKENS_PER_WORD);
    // admission and booking happen synchronously on arrival, so a call routed next sees this one
    const retryAfter = this.limiter ? this.limiter.admit(this.scheduler.now()) : 0;
    if (retryAfter > 0) return this.refuse(retryAfter, options.abortSignal);
    const { baseMs, perTokenMs, perInputTokenMs, slowdown } = this.profile.latency;
    const serviceMs = baseMs + perTokenMs * outputTokens + perInputTokenMs * inputTokens + jitter;
    const booking = this.scheduler.book(serviceMs, slowdown);
    await this.scheduler.wait(booking, options.abortSignal);
    this.lastLatencyMs = booking.latencyMs;
    if (errorRoll < this.profile.faults.errorRate) {
      throw new ModelError(`simulated fault in model ${this.modelId}`, {
        modelId: this.modelId,
        simulated: true,
      });
    }
    return {
      reply,
      text,
      usage: usageOf(inputTokens, outputTokens),
      finishReason: truncated ? { unified: "length", raw: "length" } : { unified: "stop", raw: "stop" },
      booking,
      serviceMs,
      responseId: `${this.modelId}-${view.hash.toString(16)}-${callIndex}`,
    };
  }

  /** Refuses the call with a 429 (after the refusal's own latency): over the rate limit. */
  private async refuse(retryAfterMs: number, signal?: AbortSignal): Promise<never> {
    const rejectMs = this.profile.rateLimit!.rejectMs;
    await sleep(0, signal);
    // set after the wait: another call of this model may complete during it
    this.lastLatencyMs = rejectMs;
    throw rateLimitError(this.modelId, retryAfterMs);
  }

  private metadata(done: Completed): SharedV3ProviderMetadata {
    return {
      [SIMULATED_PROVIDER]: {
        agentId: this.profile.id,
        lastLatencyMs: done.booking.latencyMs,
        queueMs: done.booking.queueMs,
        serviceMs: done.serviceMs,
        taskType: done.reply.taskType,
        kind: done.reply.kind,
      },
    };
  }
}

/** Cuts `text` to `maxTokens` (≈ words × 1.3) and counts its tokens. */
function limitTokens(text: string, maxTokens: number | undefined) {
  const tokens = Math.ceil(countWords(text) * TOKENS_PER_WORD);
  if (maxTokens === undefined || tokens <= maxTokens) return { text, outputTokens: tokens, truncated: false };
  const keep = Math.max(0, Math.floor(maxTokens / TOKENS_PER_WORD));
  const cut = (text.match(/\S+\s*/g) ?? []).slice(0, keep).join("").trimEnd();
  return { text: cut, outputTokens: Math.ceil(countWords(cut) * TOKENS_PER_WORD), truncated: true };
}

function usageOf(inputTokens: number, outputTokens: number): LanguageModelV3Usage {
  return {
    inputTokens: { total: inputTokens, noCache: inputTokens, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: outputTokens, text: outputTokens, reasoning: undefined },
  };
}
