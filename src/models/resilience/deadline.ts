/**
 * @module models/resilience/deadline
 * One attempt of a model call under a time budget and the caller's signal, built to cost little
 * on the turn path. Creating an AbortSignal costs ~2 µs in Node 20 — more than an instant model
 * takes to answer — so the attempt's signal is created when the model first reads it; a model
 * that never looks at it never pays. The caller's signal is watched by the attempt object itself
 * (one `handleEvent` listener, no closures), and the budget is watched by the process-wide
 * {@link deadlines} timer rather than a setTimeout per call.
 *
 * Semantics are those of a signal created up front: it aborts when the budget runs out or the
 * caller aborts, and a signal first read after that is already aborted with the same reason.
 */
import { abortReason } from "./abort.js";
import { deadlines, type Expirable } from "./deadline-timer.js";

/** Options of {@link withDeadline} and {@link withTimeout}. */
export interface TimeoutOptions {
  /** budget of this attempt, in ms. */
  timeoutMs: number;
  /** the caller's signal: aborting it aborts the attempt and rejects with its reason. */
  signal?: AbortSignal;
  /** builds the error thrown (and passed as abort reason) when the budget runs out. */
  onTimeout: () => Error;
}

/** What an attempt is given: its abort signal, created on first read. */
export interface AttemptSignal {
  /**
   * Aborts (with the timeout error or the caller's reason) when the budget runs out or the
   * caller aborts; read after either, it is already aborted.
   */
  readonly signal: AbortSignal;
}

/**
 * Runs `run` with an {@link AttemptSignal} whose signal aborts after `timeoutMs` or when the
 * caller aborts; rejects with the timeout error or the caller's reason at that moment, without
 * waiting for `run` to notice (a provider that ignores its signal cannot hold the caller).
 * Rejects at once, without calling `run`, when the caller has already aborted.
 */
export function withDeadline<T>(
  run: (attempt: AttemptSignal) => PromiseLike<T>,
  options: TimeoutOptions,
): Promise<T> {
  const parent = options.signal;
  if (parent?.aborted) return Promise.reject(abortReason(parent));
  return new Deadline<T>(options).start(run);
}

/**
 * Like {@link withDeadline}, for code that wants the signal itself: `run` receives the attempt's
 * signal (so it is always created).
 */
export function withTimeout<T>(
  run: (signal: AbortSignal) => PromiseLike<T>,
  options: TimeoutOptions,
): Promise<T> {
  return withDeadline((attempt) => run(attempt.signal), options);
}

/** The state of one attempt; also the caller signal's abort listener (`handleEvent`). */
class Deadline<T> implements AttemptSignal, Expirable {
  /** `performance.now()` time when the budget runs out. */
  dueAt = 0;
  private controller: AbortController | undefined;
  /** set once the attempt is aborted: a signal created later starts aborted with `reason`. */
  private aborted = false;
  private reason: unknown;
  private settled = false;
  private resolve: (value: T) => void = noop;
  private reject: (error: unknown) => void = noop;

  constructor(private readonly options: TimeoutOptions) {}

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  start(run: (attempt: AttemptSignal) => PromiseLike<T>): Promise<T> {
    const promise = new Promise<T>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.dueAt = performance.now() + this.options.timeoutMs;
    deadlines.add(this);
    this.options.signal?.addEventListener("abort", this, { once: true });
    let pending: PromiseLike<T>;
    try {
      pending = run(this);
    } catch (error) {
      this.fail(error);
      return promise;
    }
    Promise.resolve(pending).then(
      (value) => this.succeed(value),
      (error: unknown) => this.fail(error),
    );
    return promise;
  }

  /** The budget ran out: abort the attempt with the timeout error and reject with it. */
  expire(): void {
    if (this.settled) return;
    const error = this.options.onTimeout();
    this.finish();
    this.abort(error);
    this.reject(error);
  }

  /** The caller's signal aborted: abort the attempt and reject with the caller's reason. */
  handleEvent(): void {
    const parent = this.options.signal;
    if (this.settled || parent === undefined) return;
    this.finish();
    this.abort(parent.reason);
    this.reject(abortReason(parent));
  }

  private succeed(value: T): void {
    if (this.settled) return;
    this.finish();
    this.resolve(value);
  }

  private fail(error: unknown): void {
    if (this.settled) return;
    this.finish();
    this.reject(error);
  }

  private finish(): void {
    this.settled = true;
    deadlines.delete(this);
    this.options.signal?.removeEventListener("abort", this);
  }

  private abort(reason: unknown): void {
    this.aborted = true;
    this.reason = reason;
    this.controller?.abort(reason);
  }
}

function noop(): void {}
