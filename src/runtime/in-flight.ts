/**
 * @module runtime/in-flight
 * What `close()` must settle (issue 12): every call that touches the store is tracked until it
 * settles, and one abort signal reaches every in-flight model call. {@link InFlight.settle}
 * gives in-flight work a grace period, then aborts it and waits until nothing is left.
 */
import { setMaxListeners } from "node:events";
import { ClosedError } from "../errors.js";

/** Tracked work and the abort signal of a closing orchestrator. */
export class InFlight {
  private readonly work = new Set<Promise<unknown>>();
  private readonly controller = new AbortController();
  /** joined signals of {@link link} whose work has not settled: aborted with the closing signal. */
  private readonly linked = new Set<AbortController>();

  constructor() {
    // every in-flight model call listens to it
    setMaxListeners(0, this.controller.signal);
  }

  /** Aborted (with a ClosedError) once {@link settle} gives up waiting. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The signal of one turn: the closing signal, joined with the caller's when there is one. */
  signalFor(caller: AbortSignal | undefined): AbortSignal {
    return caller === undefined ? this.controller.signal : AbortSignal.any([caller, this.controller.signal]);
  }

  /**
   * {@link signalFor} for work with a known end: the joined signal and `unlink`, to call when the
   * work settles. Cheaper than `AbortSignal.any`, which in Node 20 costs a weak reference and a
   * finalizer per call (a few percent of a busy server's CPU): one listener on the caller's
   * signal, removed by `unlink`, and the joined controller in a set that {@link settle} aborts.
   */
  link(caller: AbortSignal | undefined): LinkedSignal {
    const closing = this.controller.signal;
    if (caller === undefined) return { signal: closing, unlink: noop };
    const joined = new AbortController();
    if (caller.aborted || closing.aborted) {
      joined.abort(caller.aborted ? caller.reason : closing.reason);
      return { signal: joined.signal, unlink: noop };
    }
    const linked = this.linked;
    const onAbort = () => {
      linked.delete(joined);
      joined.abort(caller.reason);
    };
    caller.addEventListener("abort", onAbort);
    linked.add(joined);
    return {
      signal: joined.signal,
      unlink: () => {
        caller.removeEventListener("abort", onAbort);
        linked.delete(joined);
      },
    };
  }

  /** Keeps `work` tracked until it settles; returns it. */
  track<T>(work: Promise<T>): Promise<T> {
    this.work.add(work);
    const forget = () => this.work.delete(work);
    work.then(forget, forget);
    return work;
  }

  /**
   * Waits up to `graceMs` for tracked work, then aborts the signal and waits until nothing is
   * tracked (work tracked meanwhile included). Model calls reject at the abort even when their
   * provider ignores it (`withDeadline`), so this is bounded.
   */
  async settle(graceMs: number): Promise<void> {
    if (graceMs > 0 && this.work.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      const elapsed = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      });
      await Promise.race([Promise.allSettled([...this.work]), elapsed]);
      clearTimeout(timer);
    }
    const closed = new ClosedError();
    this.controller.abort(closed);
    for (const joined of this.linked) joined.abort(closed);
    this.linked.clear();
    while (this.work.size > 0) await Promise.allSettled([...this.work]);
  }
}

/** A signal joined from two, with the removal of its listeners. */
export interface LinkedSignal {
  signal: AbortSignal;
  /** stops following the sources (idempotent); the signal keeps whatever state it reached. */
  unlink: () => void;
}

function noop(): void {}
