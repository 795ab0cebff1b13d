/**
 * @module models/simulated/scheduler
 * Latency and queueing of the simulated model in *simulated time*. The model serves `capacity`
 * calls at once; a call over capacity waits, first in first out, for the earliest free slot, so
 * latency grows under load. Slots are booked in simulated milliseconds; with `timeScale > 0`
 * the call also really waits `latency × timeScale` ms, with `timeScale = 0` it returns on the
 * next macrotask and only reports its simulated latency (what a benchmark can sum instead of
 * wall time).
 */

/**
 * A simulated clock that several models can share. Simulated time only moves forward: a call
 * arrives at the latest completion time observed so far, so a call issued after another one
 * finished (in real order) also starts after it in simulated time, while calls issued together
 * arrive together and queue.
 */
export interface SimClock {
  /** current simulated time in ms. */
  now(): number;
  /** records that a call completed at simulated time `t`. */
  observe(t: number): void;
}

/** A clock whose time is the latest completion it observed. */
export function createSimClock(start = 0): SimClock {
  let current = start;
  return {
    now: () => current,
    observe: (t) => {
      if (t > current) current = t;
    },
  };
}

/** The simulated timing of one call. */
export interface Booking {
  arrivalMs: number;
  startMs: number;
  endMs: number;
  /** time spent waiting for a slot. */
  queueMs: number;
  /** end − arrival: what the caller experiences. */
  latencyMs: number;
}

/** Books calls on `capacity` slots and waits for them. */
export class SlotScheduler {
  private readonly freeAt: Float64Array;
  private readonly origin = performance.now();
  /** end times of booked calls (pruned as they pass). */
  private readonly ends: number[] = [];

  constructor(
    capacity: number,
    private readonly timeScale: number,
    private readonly clock: SimClock = createSimClock(),
  ) {
    if (!(capacity >= 1)) throw new RangeError(`capacity must be >= 1, got ${capacity}`);
    this.freeAt = new Float64Array(Math.floor(capacity));
  }

  /** Simulated now: scaled wall time when time is real, else the shared clock. */
  now(): number {
    return this.timeScale > 0 ? (performance.now() - this.origin) / this.timeScale : this.clock.now();
  }

  /** Calls booked and not finished at simulated time `at` (default: now), per slot: > 1 when calls queue. */
  load(at: number = this.now()): number {
    let open = 0;
    let keep = 0;
    for (let i = 0; i < this.ends.length; i++) {
      const end = this.ends[i]!;
      if (end > at) {
        open++;
        this.ends[keep++] = end;
      }
    }
    this.ends.length = keep;
    return open / this.freeAt.length;
  }

  /** Share of slots busy at simulated time `at` (default: now), in [0, 1]. */
  occupancy(at: number = this.now()): number {
    let busy = 0;
    for (let i = 0; i < this.freeAt.length; i++) if (this.freeAt[i]! > at) busy++;
    return busy / this.freeAt.length;
  }

  /**
   * Books the earliest free slot (FIFO by arrival) for `serviceMs` of work; `slowdown` stretches
   * the service by 1 + slowdown × (share of the other slots busy when it starts).
   */
  book(serviceMs: number, slowdown = 0): Booking {
    const arrivalMs = this.now();
    let slot = 0;
    for (let i = 1; i < this.freeAt.length; i++) if (this.freeAt[i]! < this.freeAt[slot]!) slot = i;
    const startMs = Math.max(arrivalMs, this.freeAt[slot]!);
    const stretch = slowdown > 0 ? 1 + slowdown * this.occupancy(startMs) : 1;
    const endMs = startMs + serviceMs * stretch;
    this.freeAt[slot] = endMs;
    if (this.ends.length >= 64) this.load(arrivalMs); // prune finished calls
    this.ends.push(endMs);
    return { arrivalMs, startMs, endMs, queueMs: startMs - arrivalMs, latencyMs: endMs - arrivalMs };
  }

  /** Waits until the booked call is done (really, when time is scaled); rejects on abort. */
  async wait(booking: Booking, signal?: AbortSignal): Promise<void> {
    await sleep(this.timeScale > 0 ? booking.latencyMs * this.timeScale : 0, signal);
    this.clock.observe(booking.endMs);
  }
}

/** Resolves after `ms` (0: on the next macrotask, so concurrent calls really overlap). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const done = () => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    };
    const handle = ms > 0 ? setTimeout(done, ms) : setImmediate(done);
    const onAbort = () => {
      if (ms > 0) clearTimeout(handle as NodeJS.Timeout);
      else clearImmediate(handle as NodeJS.Immediate);
      reject(abortReason(signal!));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Never resolves; rejects when `signal` aborts (a hung provider). */
export function hang(signal?: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (!signal) return;
    if (signal.aborted) reject(abortReason(signal));
    else signal.addEventListener("abort", () => reject(abortReason(signal)), { once: true });
  });
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("The operation was aborted.", "AbortError");
}
