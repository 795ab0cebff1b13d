/**
 * @module models/resilience/abort
 * AbortSignal plumbing shared by retries, timeouts and streams: one attempt gets its own
 * controller linked to the caller's signal, so a timeout aborts only that attempt while the
 * caller giving up aborts everything, down to the HTTP request. The per-attempt timeout of
 * `generate` lives in `deadline.ts`.
 */

/** The reason a signal was aborted, as an Error (a DOM AbortError when none was given). */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error(typeof reason === "string" ? reason : "the operation was aborted");
  error.name = "AbortError";
  return error;
}

/** A controller that aborts when `parent` does; `dispose()` unlinks it (call it when done). */
export interface LinkedController {
  readonly controller: AbortController;
  readonly signal: AbortSignal;
  dispose(): void;
}

/** Creates a controller linked to `parent` (already aborted if `parent` is). */
export function linkedController(parent?: AbortSignal): LinkedController {
  const controller = new AbortController();
  if (parent === undefined) return { controller, signal: controller.signal, dispose: () => {} };
  if (parent.aborted) controller.abort(parent.reason);
  const onAbort = () => controller.abort(parent.reason);
  parent.addEventListener("abort", onAbort, { once: true });
  return {
    controller,
    signal: controller.signal,
    dispose: () => parent.removeEventListener("abort", onAbort),
  };
}

/** Waits `ms`; rejects with the abort reason as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
