/**
 * @module models/invoke
 * Calls an AI SDK language model (spec v3) through `doGenerate` / `doStream`, with a per-call
 * timeout, the caller's abort signal reaching the HTTP request, optional retries with backoff
 * (honouring Retry-After), optional circuit-breaker bookkeeping, and token usage (estimated
 * when the provider reports none). Working at the spec level (not `generateText`) keeps the
 * per-turn overhead to what the model itself costs.
 *
 * Errors: a TimeoutError when an attempt runs out of time, a ModelError naming the agent,
 * model, HTTP status and provider code otherwise. An answer that is empty or only whitespace is
 * a failed call too (ModelError with `details.reason` `empty_answer`; the breaker counts it). When the caller aborts, the promise (or the
 * stream) rejects with the caller's abort reason and nothing is retried or counted against
 * the agent.
 */
import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3GenerateResult,
  LanguageModelV3Prompt,
  LanguageModelV3StreamPart,
} from "@ai-sdk/provider";
import { ModelError, TimeoutError } from "../errors.js";
import type { TokenUsage } from "./accounting/cost.js";
import { estimatePromptTokens, estimateTokens } from "./accounting/estimate-tokens.js";
import { abortReason, type LinkedController, linkedController } from "./resilience/abort.js";
import type { CircuitBreaker } from "./resilience/circuit-breaker.js";
import { type AttemptSignal, type TimeoutOptions, withDeadline } from "./resilience/deadline.js";
import { classifyFailure } from "./resilience/failure-kind.js";
import { type CallContext, describeCall, toModelError } from "./resilience/provider-error.js";
import { type RetryInfo, type RetryPolicy, retryAfterFailure, withRetry } from "./resilience/retry.js";

/** What the orchestrator sends a model for one turn. */
export interface ModelRequest {
  system: string;
  messages: { role: "user" | "assistant"; content: string }[];
  maxOutputTokens: number;
  /** budget of one attempt in ms; for `stream`, until the first token and then between chunks. */
  timeoutMs: number;
  /** the caller giving up: aborts the in-flight HTTP request and any retry wait. */
  signal?: AbortSignal;
  /** retries on 429, 5xx and network errors; a single attempt when absent. */
  retry?: RetryPolicy;
  /** the agent being called: named in errors, and the breaker's key. */
  agentId?: string;
  /** records the call's outcome for `agentId` (needs `agentId`). */
  breaker?: CircuitBreaker;
  /** told before each retry wait, e.g. for logs and metrics. */
  onRetry?: (info: RetryInfo) => void;
}

/** What comes back. */
export interface ModelReply {
  text: string;
  inputTokens: number;
  outputTokens: number;
  /** true when the provider reported no usage and the token counts are estimates. */
  usageEstimated?: boolean;
  /** calls made, retries included. */
  attempts?: number;
}

/** What `stream` yields: text as it arrives, then one `finish` with the usage. */
export type StreamEvent = { type: "text"; text: string } | { type: "finish"; usage: TokenUsage };

/** Builds the v3 prompt: one system message then the alternating history. */
export function toPrompt(request: Pick<ModelRequest, "system" | "messages">): LanguageModelV3Prompt {
  const prompt: LanguageModelV3Prompt = [{ role: "system", content: request.system }];
  for (const m of request.messages) {
    prompt.push(
      m.role === "user"
        ? { role: "user", content: [{ type: "text", text: m.content }] }
        : { role: "assistant", content: [{ type: "text", text: m.content }] },
    );
  }
  return prompt;
}

function contextOf(model: LanguageModelV3, request: ModelRequest): CallContext {
  return { agentId: request.agentId, modelId: model.modelId, provider: model.provider };
}

function timeoutError(ctx: CallContext, request: ModelRequest, what: string): TimeoutError {
  return new TimeoutError(`${describeCall(ctx)} ${what} within ${request.timeoutMs} ms`, {
    agentId: ctx.agentId,
    modelId: ctx.modelId,
    timeoutMs: request.timeoutMs,
  });
}

function callOptions(
  model: LanguageModelV3,
  request: ModelRequest,
  attempt: AttemptSignal,
): LanguageModelV3CallOptions {
  const options: LanguageModelV3CallOptions = {
    prompt: toPrompt(request),
    maxOutputTokens: request.maxOutputTokens,
    // an own enumerable getter (spreading the options keeps it): the attempt's signal is only
    // created when the provider reads it, which every HTTP provider does
    get abortSignal() {
      return attempt.signal;
    },
  };
  // ollama-ai-provider-v2 sends maxOutputTokens as a top-level field Ollama ignores; num_predict is the one it reads
  if (model.provider.startsWith("ollama")) {
    options.providerOptions = { ollama: { options: { num_predict: request.maxOutputTokens } } };
  }
  return options;
}

/** Runs `attempt` once, or under `request.retry`; counts attempts into `counter`. */
function runAttempts<T>(
  request: ModelRequest,
  counter: { n: number },
  attempt: () => Promise<T>,
): Promise<T> {
  const once = () => {
    counter.n++;
    return attempt();
  };
  if (request.retry === undefined) return once();
  return withRetry(once, { policy: request.retry, signal: request.signal, onRetry: request.onRetry });
}

/** Reason in the details of the ModelError of an empty or whitespace-only answer. */
export const EMPTY_ANSWER = "empty_answer";

/** Whether a model's answer has no visible text (empty or whitespace only). */
export function isBlankAnswer(text: string): boolean {
  return text.trim().length === 0;
}

function emptyAnswerError(ctx: CallContext): ModelError {
  return new ModelError(`${describeCall(ctx)} answered with no text`, {
    agentId: ctx.agentId,
    modelId: ctx.modelId,
    provider: ctx.provider,
    reason: EMPTY_ANSWER,
  });
}

/** Settles the breaker and maps the error: the caller's abort reason, or a named RapoError. */
function failure(error: unknown, request: ModelRequest, ctx: CallContext, attempts: number): unknown {
  const { breaker, agentId } = request;
  if (request.signal?.aborted) {
    if (breaker !== undefined && agentId !== undefined) breaker.cancelCall(agentId);
    return abortReason(request.signal);
  }
  if (breaker !== undefined && agentId !== undefined) {
    // issue 10: a rate limit is the provider answering "later", with a Retry-After the caller's
    // back-off honours — not a sign the agent is down; counting it would open the breaker on a
    // busy but healthy agent and take it out of routing for a whole cool-down
    if (classifyFailure(error) === "rate_limit") breaker.cancelCall(agentId);
    else breaker.recordFailure(agentId);
  }
  return toModelError(error, ctx, attempts);
}

function usageOf(
  reported:
    | { inputTokens: { total: number | undefined }; outputTokens: { total: number | undefined } }
    | undefined,
  request: ModelRequest,
  text: string,
): TokenUsage {
  const input = reported?.inputTokens.total;
  const output = reported?.outputTokens.total;
  return {
    inputTokens: input ?? estimatePromptTokens(request),
    outputTokens: output ?? estimateTokens(text),
    estimated: input === undefined || output === undefined,
  };
}

/**
 * One `generate` call: counts its attempts and is its own timeout options. Methods rather than
 * closures made per call: less to allocate, and under tsx (esbuild keepNames) every named
 * closure also costs an Object.defineProperty.
 */
class GenerateCall implements TimeoutOptions {
  attempts = 0;
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;

  constructor(
    private readonly model: LanguageModelV3,
    private readonly request: ModelRequest,
  ) {
    this.timeoutMs = request.timeoutMs;
    this.signal = request.signal;
  }

  onTimeout(): Error {
    return timeoutError(contextOf(this.model, this.request), this.request, "did not answer");
  }

  attempt(): Promise<LanguageModelV3GenerateResult> {
    this.attempts++;
    return withDeadline(
      (signal) => this.model.doGenerate(callOptions(this.model, this.request, signal)),
      this,
    );
  }
}

/** Calls `model` once (plus retries under `request.retry`) and returns its text and usage. */
export async function generate(model: LanguageModelV3, request: ModelRequest): Promise<ModelReply> {
  const { breaker, agentId } = request;
  const call = new GenerateCall(model, request);
  if (breaker !== undefined && agentId !== undefined) breaker.beginCall(agentId);
  try {
    let result: LanguageModelV3GenerateResult;
    try {
      result = await call.attempt();
    } catch (error) {
      // the retry layer is entered only after a failure: a first-attempt success skips its frame
      if (request.retry === undefined) throw error;
      const options = { policy: request.retry, signal: request.signal, onRetry: request.onRetry };
      result = await retryAfterFailure(error, () => call.attempt(), options);
    }
    let text = "";
    for (const part of result.content) if (part.type === "text") text += part.text;
    if (isBlankAnswer(text)) throw emptyAnswerError(contextOf(model, request));
    const usage = usageOf(result.usage, request, text);
    if (breaker !== undefined && agentId !== undefined) breaker.recordSuccess(agentId);
    return {
      text,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      usageEstimated: usage.estimated,
      attempts: call.attempts,
    };
  } catch (error) {
    throw failure(error, request, contextOf(model, request), call.attempts);
  }
}

/** An opened stream: its reader, its controller, and the parts read while waiting for the first token. */
interface OpenedStream {
  reader: ReadableStreamDefaultReader<LanguageModelV3StreamPart>;
  link: LinkedController;
  pending: LanguageModelV3StreamPart[];
  ended: boolean;
}

/** Rejects with the abort reason as soon as `signal` aborts (a provider may ignore it). */
function raceAbort<T>(promise: PromiseLike<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    // the work was started anyway (e.g. doStream under an aborted signal): observe its outcome,
    // or its later rejection with the abort reason is unhandled (and crashes the process)
    Promise.resolve(promise).then(undefined, ignoreRejection);
    return Promise.reject(abortReason(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener("abort", onAbort, { once: true });
    Promise.resolve(promise).then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

function ignoreRejection(): void {}

/** Reads one part, aborting the stream if none comes within `timeoutMs`. */
async function readPart(opened: OpenedStream, timeoutMs: number, onTimeout: () => Error) {
  const timer = setTimeout(() => opened.link.controller.abort(onTimeout()), timeoutMs);
  try {
    return await raceAbort(opened.reader.read(), opened.link.signal);
  } finally {
    clearTimeout(timer);
  }
}

function closeStream(opened: OpenedStream): void {
  opened.link.controller.abort();
  opened.reader.cancel().catch(() => {});
  opened.link.dispose();
}

/** Opens the stream and reads up to the first token (or the end) within the timeout. */
async function openStream(
  model: LanguageModelV3,
  request: ModelRequest,
  ctx: CallContext,
): Promise<OpenedStream> {
  const link = linkedController(request.signal);
  const onTimeout = () => timeoutError(ctx, request, "sent no token");
  const timer = setTimeout(() => link.controller.abort(onTimeout()), request.timeoutMs);
  let reader: ReadableStreamDefaultReader<LanguageModelV3StreamPart> | undefined;
  try {
    const { stream } = await raceAbort(model.doStream(callOptions(model, request, link)), link.signal);
    reader = stream.getReader();
    const opened: OpenedStream = { reader, link, pending: [], ended: false };
    for (;;) {
      const { done, value } = await raceAbort(reader.read(), link.signal);
      if (done) {
        opened.ended = true;
        return opened;
      }
      if (value.type === "error") throw value.error;
      opened.pending.push(value);
      // an empty delta (OpenAI's role-only first chunk) is not a token yet
      if ((value.type === "text-delta" && value.delta !== "") || value.type === "finish") return opened;
    }
  } catch (error) {
    link.controller.abort();
    reader?.cancel().catch(() => {});
    link.dispose();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Streams `model`'s answer: `{ type: "text" }` events as tokens arrive, then one `finish` with
 * the usage. Retries (under `request.retry`) only before the first token, so nothing yielded is
 * ever repeated. Breaking out of the loop aborts the HTTP request.
 */
export async function* stream(model: LanguageModelV3, request: ModelRequest): AsyncGenerator<StreamEvent> {
  const ctx = contextOf(model, request);
  const { breaker, agentId } = request;
  const counter = { n: 0 };
  let opened: OpenedStream | undefined;
  let settled = false;
  if (breaker !== undefined && agentId !== undefined) breaker.beginCall(agentId);
  try {
    opened = await runAttempts(request, counter, () => openStream(model, request, ctx));
    const onIdle = () => timeoutError(ctx, request, "stalled: no chunk");
    let text = "";
    let reported: Extract<LanguageModelV3StreamPart, { type: "finish" }>["usage"] | undefined;
    for (;;) {
      let part = opened.pending.shift();
      if (part === undefined) {
        if (opened.ended) break;
        const next = await readPart(opened, request.timeoutMs, onIdle);
        if (next.done) break;
        part = next.value;
      }
      if (part.type === "error") throw part.error;
      if (part.type === "finish") reported = part.usage;
      if (part.type === "text-delta" && part.delta !== "") {
        text += part.delta;
        yield { type: "text", text: part.delta };
      }
    }
    if (isBlankAnswer(text)) throw emptyAnswerError(ctx);
    settled = true;
    if (breaker !== undefined && agentId !== undefined) breaker.recordSuccess(agentId);
    yield { type: "finish", usage: usageOf(reported, request, text) };
  } catch (error) {
    settled = true;
    throw failure(error, request, ctx, counter.n);
  } finally {
    if (opened !== undefined) closeStream(opened);
    // the consumer stopped early: no verdict on the agent, free a half-open probe slot
    if (!settled && breaker !== undefined && agentId !== undefined) breaker.cancelCall(agentId);
  }
}
