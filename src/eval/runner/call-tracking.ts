/**
 * @module eval/runner/call-tracking
 * Observes every model call of a benchmark turn without changing it: which agent was called, its
 * simulated latency (also for a call that failed: the user waited for it before the failover),
 * the wall time spent inside the model, and — on request — the exact prompt it was sent.
 *
 * The runner plays several conversations at once through one orchestrator, so a call is
 * attributed to its turn with `AsyncLocalStorage`: the runner enters a {@link TurnScope} around
 * `send`, and the scope follows the orchestrator's awaits down to the model call.
 *
 * It also keeps the turn's simulated time (`startMs + elapsedMs`, which the run clock reads so a
 * failover call arrives after the call that failed) and plays the client's attempt timeout in
 * simulated time: a call whose simulated latency exceeds `attemptTimeoutMs` is abandoned at the
 * timeout with a TimeoutError — the orchestrator fails over exactly as for a real timeout — while
 * the provider keeps the slot busy until the abandoned answer is done.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3GenerateResult,
  LanguageModelV3Prompt,
  LanguageModelV3StreamResult,
} from "@ai-sdk/provider";
import { APICallError } from "@ai-sdk/provider";
import { TimeoutError } from "../../errors.js";
import type { SimulatedLanguageModel } from "../../models/simulated/simulated-model.js";
import type { TranscriptEntry } from "./transcript.js";

/** One model call made while serving a turn. */
export interface CallRecord {
  agentId: string;
  /** simulated latency of the call, ms (queueing included). */
  simulatedMs: number;
  /** wall time spent inside the model call, ms. */
  wallMs: number;
  ok: boolean;
  /** why the call failed: the attempt timeout, a 429 rate limit, or another error. */
  error?: "timeout" | "rate_limit" | "error";
  /** tokens billed for the call (0 for a call refused or failed before answering). */
  inputTokens: number;
  outputTokens: number;
  /** the prompt the model was sent. */
  prompt?: LanguageModelV3Prompt;
  /** the text it answered (only when the scope records prompts and the call succeeded). */
  text?: string;
}

/** The turn a model call belongs to. */
export interface TurnScope {
  /** earlier exchanges of the conversation, for the framework memory window. */
  transcript: readonly TranscriptEntry[];
  calls: CallRecord[];
  recordPrompts: boolean;
  /** simulated time the turn arrived, ms. */
  startMs: number;
  /** simulated time spent on the turn's calls so far, ms (a failover call arrives after it). */
  elapsedMs: number;
  /** the client abandons a call after this long (simulated ms); absent: never. */
  attemptTimeoutMs?: number;
}

/** Rewrites a prompt before the model sees it (the framework memory window of baselines). */
export type PromptRewrite = (prompt: LanguageModelV3Prompt, scope: TurnScope) => LanguageModelV3Prompt;

const scopes = new AsyncLocalStorage<TurnScope>();

/** The turn scope of the running call, if any. */
export function currentScope(): TurnScope | undefined {
  return scopes.getStore();
}

/** Runs `fn` with `scope` as the current turn scope. */
export function withTurnScope<T>(scope: TurnScope, fn: () => Promise<T>): Promise<T> {
  return scopes.run(scope, fn);
}

/**
 * Wraps a simulated model so its calls are recorded into the current turn scope, optionally
 * rewriting the prompt first. Answers are the inner model's, untouched.
 */
export function trackedModel(
  inner: SimulatedLanguageModel,
  agentId: string,
  rewrite?: PromptRewrite,
): LanguageModelV3 {
  const call = async <R>(
    options: LanguageModelV3CallOptions,
    invoke: (o: LanguageModelV3CallOptions) => PromiseLike<R>,
    textOf: (r: R) => string | undefined,
  ) => {
    const scope = scopes.getStore();
    const prompt = scope && rewrite ? rewrite(options.prompt, scope) : options.prompt;
    const sent = prompt === options.prompt ? options : { ...options, prompt };
    const started = performance.now();
    const timeout = scope?.attemptTimeoutMs;
    try {
      const result = await invoke(sent);
      // read at once: no other call of this model can complete between its end and this line
      const simulatedMs = inner.lastLatencyMs;
      const usage = usageOf(result);
      if (timeout !== undefined && simulatedMs > timeout) {
        record(
          scope,
          {
            agentId,
            simulatedMs: timeout,
            wallMs: performance.now() - started,
            ok: false,
            error: "timeout",
            ...usage,
          },
          prompt,
          undefined,
        );
        throw new TimeoutError(`model ${inner.modelId} did not answer within ${timeout} ms (simulated)`, {
          agentId,
          timeoutMs: timeout,
          simulated: true,
        });
      }
      record(
        scope,
        { agentId, simulatedMs, wallMs: performance.now() - started, ok: true, ...usage },
        prompt,
        textOf(result),
      );
      return result;
    } catch (error) {
      if (error instanceof TimeoutError && (error.details as { simulated?: boolean }).simulated) throw error;
      const simulatedMs = inner.lastLatencyMs;
      const timedOut = timeout !== undefined && simulatedMs > timeout;
      const kind = timedOut ? "timeout" : isRateLimit(error) ? "rate_limit" : "error";
      record(
        scope,
        {
          agentId,
          simulatedMs: timedOut ? timeout : simulatedMs,
          wallMs: performance.now() - started,
          ok: false,
          error: kind,
          inputTokens: 0,
          outputTokens: 0,
        },
        prompt,
        undefined,
      );
      throw error;
    }
  };
  return {
    specificationVersion: "v3",
    provider: inner.provider,
    modelId: inner.modelId,
    supportedUrls: inner.supportedUrls,
    doGenerate: (options): Promise<LanguageModelV3GenerateResult> =>
      call(options, (o) => inner.doGenerate(o), textOfResult),
    doStream: (options): Promise<LanguageModelV3StreamResult> =>
      call(
        options,
        (o) => inner.doStream(o),
        () => undefined,
      ),
  };
}

function record(
  scope: TurnScope | undefined,
  call: CallRecord,
  prompt: LanguageModelV3Prompt,
  text: string | undefined,
): void {
  if (!scope) return;
  call.prompt = prompt;
  if (scope.recordPrompts && text !== undefined) call.text = text;
  scope.calls.push(call);
  scope.elapsedMs += call.simulatedMs;
}

/** Billed tokens of a generate result (a stream reports them at its end: counted as 0 here). */
function usageOf(result: unknown): { inputTokens: number; outputTokens: number } {
  const usage = (result as Partial<LanguageModelV3GenerateResult>).usage;
  return { inputTokens: usage?.inputTokens.total ?? 0, outputTokens: usage?.outputTokens.total ?? 0 };
}

/** An HTTP 429 from the provider. */
function isRateLimit(error: unknown): boolean {
  return APICallError.isInstance(error) && error.statusCode === 429;
}

function textOfResult(result: LanguageModelV3GenerateResult): string {
  return result.content.map((part) => (part.type === "text" ? part.text : "")).join("");
}

/** All text of a prompt (system and messages), for tests that check what a model could read. */
export function promptText(prompt: LanguageModelV3Prompt): string {
  const parts: string[] = [];
  for (const message of prompt) {
    if (message.role === "system") parts.push(message.content);
    else if (message.role === "user" || message.role === "assistant") {
      for (const part of message.content) if (part.type === "text") parts.push(part.text);
    }
  }
  return parts.join("\n");
}
