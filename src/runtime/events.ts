/**
 * @module runtime/events
 * A small typed event emitter over the {@link OrchestratorEvent} union. Listener errors are
 * contained: a throwing listener never breaks a turn.
 */
import type { EventOf, OrchestratorEvent, OrchestratorEventType } from "./types.js";

type Listener<T extends OrchestratorEventType> = (event: EventOf<T>) => void;

/** Typed emitter; `on` returns an unsubscribe function. */
export class EventHub {
  private readonly listeners = new Map<OrchestratorEventType | "*", Set<(e: OrchestratorEvent) => void>>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  on<T extends OrchestratorEventType>(type: T, listener: Listener<T>): () => void {
    return this.add(type, listener as (e: OrchestratorEvent) => void);
  }

  /** Subscribes to every event. */
  onAny(listener: (event: OrchestratorEvent) => void): () => void {
    return this.add("*", listener);
  }

  emit(event: OrchestratorEvent): void {
    this.dispatch(this.listeners.get(event.type), event);
    this.dispatch(this.listeners.get("*"), event);
  }

  /** True when someone listens to `type` (lets hot paths skip building events). */
  has(type: OrchestratorEventType): boolean {
    return (this.listeners.get(type)?.size ?? 0) > 0 || (this.listeners.get("*")?.size ?? 0) > 0;
  }

  private add(type: OrchestratorEventType | "*", listener: (e: OrchestratorEvent) => void): () => void {
    let set = this.listeners.get(type);
    if (!set) {
      set = new Set();
      this.listeners.set(type, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  private dispatch(set: Set<(e: OrchestratorEvent) => void> | undefined, event: OrchestratorEvent): void {
    if (!set) return;
    for (const listener of set) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}
