/**
 * @module ports/memory-signal-sink
 * {@link MemorySignalBus}: in-memory twin of the Redis signal stream (sink and source in one).
 * Besides the async port it has a synchronous side for a reader in the emitter's own process (the
 * embedded control loop): `emitNow` and `takeNow`, with no promise, copy or id per signal.
 */
import type { ReceivedSignal, Signal, SignalSink, SignalSource, SyncSignalSink } from "./signal-sink.js";

interface Held {
  signal: Signal;
  consumer: string;
  deliveredAt: number;
}

/** In-memory {@link SignalSink}, {@link SyncSignalSink} and {@link SignalSource}. */
export class MemorySignalBus implements SignalSink, SyncSignalSink, SignalSource {
  /** signals not yet read, oldest first; `queue[i]` has id `${firstSeq + i}-0`. */
  private queue: Signal[] = [];
  private firstSeq = 1;
  private readonly held = new Map<string, Held>();
  private wake: (() => void) | null = null;

  /** @inheritDoc */
  async emit(signals: readonly Signal[]): Promise<void> {
    for (const signal of signals) this.queue.push(copySignal(signal));
    this.wake?.();
  }

  /** Emits one signal synchronously, without copying it (the bus owns it from now on). */
  emitNow(signal: Signal): void {
    this.queue.push(signal);
    if (this.wake !== null) this.wake();
  }

  /**
   * Every signal not yet read, oldest first, acknowledged at once: for a reader in this process,
   * which cannot die between reading and applying them. The signals are the emitted objects.
   */
  takeNow(): Signal[] {
    const taken = this.queue;
    this.firstSeq += taken.length;
    this.queue = [];
    return taken;
  }

  /** How many signals (of `kind`, or all) wait to be read. */
  pendingCount(kind?: Signal["kind"]): number {
    if (kind === undefined) return this.queue.length;
    return this.queue.filter((s) => s.kind === kind).length;
  }

  /** @inheritDoc */
  async read(consumer: string, options: { max?: number; blockMs?: number } = {}): Promise<ReceivedSignal[]> {
    if (this.queue.length === 0 && (options.blockMs ?? 0) > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.blockMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
    const first = this.firstSeq;
    const taken = this.queue.splice(0, options.max ?? 100);
    this.firstSeq += taken.length;
    const now = Date.now();
    return taken.map((signal, i) => {
      const id = `${first + i}-0`;
      this.held.set(id, { signal, consumer, deliveredAt: now });
      return { id, signal: copySignal(signal) };
    });
  }

  /** @inheritDoc */
  async reclaim(consumer: string, options: { minIdleMs: number; max?: number }): Promise<ReceivedSignal[]> {
    const out: ReceivedSignal[] = [];
    for (const [id, held] of this.held) {
      if (out.length >= (options.max ?? 100)) break;
      if (Date.now() - held.deliveredAt < options.minIdleMs) continue;
      held.consumer = consumer;
      held.deliveredAt = Date.now();
      out.push({ id, signal: copySignal(held.signal) });
    }
    return out;
  }

  /** @inheritDoc */
  async ack(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.held.delete(id);
  }
}

function copySignal(signal: Signal): Signal {
  return signal.kind === "context"
    ? { ...signal, vector: new Float32Array(signal.vector) }
    : structuredClone(signal);
}
