/**
 * @module ports/memory-signal-sink
 * {@link MemorySignalBus}: in-memory twin of the Redis signal stream (sink and source in one).
 */
import type { ReceivedSignal, Signal, SignalSink, SignalSource } from "./signal-sink.js";

interface Held {
  signal: Signal;
  consumer: string;
  deliveredAt: number;
}

/** In-memory {@link SignalSink} and {@link SignalSource}. */
export class MemorySignalBus implements SignalSink, SignalSource {
  private readonly queue: ReceivedSignal[] = [];
  private readonly held = new Map<string, Held>();
  private nextId = 1;
  private wake: (() => void) | null = null;

  /** @inheritDoc */
  async emit(signals: readonly Signal[]): Promise<void> {
    for (const signal of signals) this.queue.push({ id: `${this.nextId++}-0`, signal: copySignal(signal) });
    this.wake?.();
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
    const taken = this.queue.splice(0, options.max ?? 100);
    for (const r of taken) this.held.set(r.id, { signal: r.signal, consumer, deliveredAt: Date.now() });
    return taken.map((r) => ({ id: r.id, signal: copySignal(r.signal) }));
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
