/**
 * @module serve/testing/hanging-model
 * An AI SDK v3 language model that answers only when released (or after `delayMs`), and records
 * whether its call's abort signal fired: the client-disconnect and drain tests watch it.
 */
import type { LanguageModelV3, LanguageModelV3CallOptions } from "@ai-sdk/provider";

/** The model and what it saw. */
export interface HangingModel {
  model: LanguageModelV3;
  /** calls started. */
  readonly calls: number;
  /** calls whose abort signal fired. */
  readonly aborted: number;
  /** resolves once at least `n` calls have started. */
  untilCalls(n: number): Promise<void>;
  /** resolves once at least `n` calls were aborted. */
  untilAborted(n: number): Promise<void>;
}

/** A model whose calls take `delayMs` (forever when undefined) unless aborted. */
export function hangingModel(id: string, delayMs?: number): HangingModel {
  let calls = 0;
  let aborted = 0;
  const waiters: { done: () => boolean; resolve: () => void }[] = [];
  const check = () => {
    for (const w of [...waiters])
      if (w.done()) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
  };
  const until = (done: () => boolean) =>
    new Promise<void>((resolve) => {
      waiters.push({ done, resolve });
      check();
    });
  const wait = (options: LanguageModelV3CallOptions) =>
    new Promise<void>((resolve, reject) => {
      calls++;
      check();
      const signal = options.abortSignal;
      const timer = delayMs === undefined ? undefined : setTimeout(resolve, delayMs);
      signal?.addEventListener("abort", () => {
        aborted++;
        clearTimeout(timer);
        check();
        reject(signal.reason ?? new Error("aborted"));
      });
    });
  const usage = {
    inputTokens: { total: 5, noCache: 5, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: 3, text: 3, reasoning: 0 },
  };
  const model: LanguageModelV3 = {
    specificationVersion: "v3",
    provider: "test",
    modelId: id,
    supportedUrls: {},
    async doGenerate(options) {
      await wait(options);
      return {
        content: [{ type: "text", text: "Done after waiting." }],
        finishReason: { unified: "stop", raw: "stop" },
        usage,
        warnings: [],
      };
    },
    async doStream(options) {
      await wait(options);
      const stream = new ReadableStream({
        start(controller) {
          controller.enqueue({ type: "stream-start", warnings: [] });
          controller.enqueue({ type: "text-start", id: "t" });
          controller.enqueue({ type: "text-delta", id: "t", delta: "Done after waiting." });
          controller.enqueue({ type: "text-end", id: "t" });
          controller.enqueue({ type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage });
          controller.close();
        },
      });
      return { stream };
    },
  };
  return {
    model,
    get calls() {
      return calls;
    },
    get aborted() {
      return aborted;
    },
    untilCalls: (n) => until(() => calls >= n),
    untilAborted: (n) => until(() => aborted >= n),
  };
}
