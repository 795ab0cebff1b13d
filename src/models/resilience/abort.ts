/**
 * @module models/resilience/abort
 * AbortSignal plumbing shared by retries, timeouts and streams: one attempt gets its own
 * controller linked to the caller's signal, so a timeout aborts only that attempt while the
 * caller giving up aborts everything, down to the HTTP request.
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

/** Options of {@link withTimeout}. */
export interface TimeoutOptions {
  /** budget of this attempt, in ms. */
  timeoutMs: number;
  /** the caller's signal: aborting it aborts the attempt and rejects with its reason. */
  signal?: AbortSignal;
  /** builds the error thrown (and passed as abort reason) when the budget runs out. */
  onTimeout: () => Error;
}

/**
 * Runs `run` with a signal that aborts after `timeoutMs` or when the caller aborts; rejects
 * with the timeout error or the caller's reason at that moment, without waiting for `run` to
 * notice (a provider that ignores its signal cannot hold the caller).
 */
export function withTimeout<T>(
  run: (signal: AbortSignal) => PromiseLike<T>,
  options: TimeoutOptions,
): Promise<T> {
  const link = linkedController(options.signal);
  if (link.signal.aborted) return Promise.reject(abortReason(link.signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      finish();
      reject(abortReason(link.signal));
    };
    const timer = setTimeout(() => {
      const error = options.onTimeout();
      finish();
      link.controller.abort(error);
      reject(error);
    }, options.timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      link.signal.removeEventListener("abort", onAbort);
      link.dispose();
    };
    link.signal.addEventListener("abort", onAbort, { once: true });
    Promise.resolve(run(link.signal)).then(
      (value) => {
        finish();
        resolve(value);
      },
      (error: unknown) => {
        finish();
        reject(error);
      },
    );
  });
}
