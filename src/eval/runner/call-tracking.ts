/**
 * @module eval/runner/call-tracking
 * Observes every model call of a benchmark turn without changing it: which agent was called, its
 * simulated latency (also for a call that failed: the user waited for it before the failover),
 * the wall time spent inside the model, and — on request — the exact prompt it was sent.
 *
 * The runner plays several conversations at once through one orchestrator, so a call is
 * attributed to its turn with `AsyncLocalStorage`: the runner enters a {@link TurnScope} around
 * `send`, and the scope follows the orchestrator's awaits down to the model call.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3GenerateResult,
  LanguageModelV3Prompt,
  LanguageModelV3StreamResult,
} from "@ai-sdk/provider";
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
  /** the prompt the model was sent (only when the scope records prompts). */
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
}

/** Rewrites a prompt before the model sees it (the framework memory window of baselines). */
export type PromptRewrite = (prompt: LanguageModelV3Prompt, scope: TurnScope) => LanguageModelV3Prompt;

const scopes = new AsyncLocalStorage<TurnScope>();

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
    try {
      const result = await invoke(sent);
      // read at once: no other call of this model can complete between its end and this line
      record(
        scope,
        { agentId, simulatedMs: inner.lastLatencyMs, wallMs: performance.now() - started, ok: true },
        prompt,
        textOf(result),
      );
      return result;
    } catch (error) {
      record(
        scope,
        { agentId, simulatedMs: inner.lastLatencyMs, wallMs: performance.now() - started, ok: false },
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
  if (scope.recordPrompts) {
    call.prompt = prompt;
    if (text !== undefined) call.text = text;
  }
  scope.calls.push(call);
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
