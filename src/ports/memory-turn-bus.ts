/**
 * @module ports/memory-turn-bus
 * {@link MemoryTurnBus}: the in-memory twin of the Redis turn bus, with the same delivery,
 * reclaim, de-duplication and dead-letter behaviour (it passes the same conformance suite). For
 * tests, and for several orchestrators sharing one process.
 */
import { EventEmitter } from "node:events";
import { ClosedError, TimeoutError } from "../errors.js";
import {
  type ClaimedTurn,
  type DeadLetter,
  type EnqueueResult,
  parseTurnRequest,
  type ReplyListener,
  type TurnBus,
  type TurnReply,
  type TurnRequest,
} from "./turn-bus.js";

interface Entry {
  id: string;
  fields: Record<string, string>;
}

interface Delivery {
  entry: Entry;
  request: TurnRequest;
  consumer: string;
  lastDeliveredAt: number;
  deliveries: number;
}

/** In-memory {@link TurnBus}. `now` is the clock used for idle times. */
export class MemoryTurnBus implements TurnBus {
  private readonly queues = new Map<string, Entry[]>();
  private readonly pending = new Map<string, Map<string, Delivery>>();
  private readonly replies = new Map<string, TurnReply>();
  private readonly dead = new Map<string, DeadLetter[]>();
  private readonly events = new EventEmitter();
  private nextId = 1;
  private closed = false;

  constructor(private readonly now: () => number = Date.now) {
    this.events.setMaxListeners(0);
  }

  /** @inheritDoc */
  async enqueue(request: TurnRequest): Promise<EnqueueResult> {
    this.guard();
    const reply = this.replies.get(request.turnId);
    if (reply !== undefined) return { status: "answered", reply: structuredClone(reply) };
    this.pushRaw(request.agentId, { turn: JSON.stringify(request) });
    return { status: "enqueued" };
  }

  /** Appends raw fields to an agent's queue, as a hand-written stream entry would (tests). */
  pushRaw(agentId: string, fields: Record<string, string>): void {
    const queue = this.queues.get(agentId) ?? [];
    queue.push({ id: `${this.nextId++}-0`, fields: { ...fields } });
    this.queues.set(agentId, queue);
    this.events.emit("enqueued");
  }

  /** @inheritDoc */
  async claim(
    consumer: string,
    agentIds: readonly string[],
    options: { max?: number; blockMs?: number } = {},
  ): Promise<ClaimedTurn[]> {
    this.guard();
    const max = options.max ?? 1;
    let claimed = this.take(consumer, agentIds, max);
    if (claimed.length === 0 && (options.blockMs ?? 0) > 0) {
      await this.waitForEnqueue(options.blockMs!);
      claimed = this.take(consumer, agentIds, max);
    }
    return claimed;
  }

  /** @inheritDoc */
  async reclaim(
    consumer: string,
    agentId: string,
    options: { minIdleMs: number; max?: number },
  ): Promise<ClaimedTurn[]> {
    this.guard();
    const out: ClaimedTurn[] = [];
    const now = this.now();
    for (const [id, delivery] of this.pending.get(agentId) ?? []) {
      if (out.length >= (options.max ?? 100)) break;
      if (now - delivery.lastDeliveredAt < options.minIdleMs) continue;
      delivery.consumer = consumer;
      delivery.lastDeliveredAt = now;
      delivery.deliveries += 1;
      out.push(toClaimed(agentId, id, delivery));
    }
    return out;
  }

  /** @inheritDoc */
  async extend(consumer: string, claimed: ClaimedTurn): Promise<void> {
    this.guard();
    const delivery = this.pending.get(claimed.agentId)?.get(claimed.deliveryId);
    if (delivery !== undefined && delivery.consumer === consumer) delivery.lastDeliveredAt = this.now();
  }

  /** @inheritDoc */
  async emitToken(claimed: ClaimedTurn, token: string): Promise<void> {
    this.guard();
    this.events.emit(`token:${claimed.request.turnId}`, token, claimed.deliveryId);
  }

  /** @inheritDoc */
  async complete(claimed: ClaimedTurn, reply: TurnReply): Promise<boolean> {
    this.guard();
    const first = !this.replies.has(reply.turnId);
    if (first) this.replies.set(reply.turnId, structuredClone(reply));
    this.pending.get(claimed.agentId)?.delete(claimed.deliveryId);
    if (first) this.events.emit(`reply:${reply.turnId}`);
    return first;
  }

  /** @inheritDoc */
  async release(claimed: ClaimedTurn): Promise<void> {
    this.guard();
    this.pending.get(claimed.agentId)?.delete(claimed.deliveryId);
  }

  /** @inheritDoc */
  async reply(turnId: string): Promise<TurnReply | null> {
    this.guard();
    const found = this.replies.get(turnId);
    return found === undefined ? null : structuredClone(found);
  }

  /** @inheritDoc */
  awaitReply(turnId: string, options: { timeoutMs: number } & ReplyListener): Promise<TurnReply> {
    this.guard();
    const ready = this.replies.get(turnId);
    if (ready !== undefined) return Promise.resolve(structuredClone(ready));
    return new Promise((resolve, reject) => {
      const onToken = (token: string, deliveryId: string) => options.onToken?.(token, deliveryId);
      const done = () => {
        cleanup();
        resolve(structuredClone(this.replies.get(turnId)!));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new TimeoutError(`no reply to turn '${turnId}' within ${options.timeoutMs} ms`, { turnId }));
      }, options.timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.events.off(`token:${turnId}`, onToken);
        this.events.off(`reply:${turnId}`, done);
      };
      this.events.on(`token:${turnId}`, onToken);
      this.events.once(`reply:${turnId}`, done);
      options.onListening?.();
    });
  }

  /** @inheritDoc */
  async inFlight(agentId: string): Promise<number> {
    this.guard();
    return this.pending.get(agentId)?.size ?? 0;
  }

  /** @inheritDoc */
  async deadLetters(agentId: string): Promise<DeadLetter[]> {
    this.guard();
    return structuredClone(this.dead.get(agentId) ?? []);
  }

  /** @inheritDoc */
  async close(): Promise<void> {
    this.closed = true;
    this.events.emit("enqueued");
  }

  private take(consumer: string, agentIds: readonly string[], max: number): ClaimedTurn[] {
    const out: ClaimedTurn[] = [];
    for (const agentId of agentIds) {
      const queue = this.queues.get(agentId);
      let taken = 0;
      while (queue !== undefined && queue.length > 0 && taken < max) {
        const entry = queue.shift()!;
        const parsed = parseTurnRequest(entry.fields["turn"]);
        if (typeof parsed === "string") {
          const list = this.dead.get(agentId) ?? [];
          list.push({ agentId, deliveryId: entry.id, reason: parsed, fields: entry.fields });
          this.dead.set(agentId, list);
          continue;
        }
        if (this.replies.has(parsed.turnId)) continue; // a duplicate of an answered turn
        const delivery: Delivery = {
          entry,
          request: parsed,
          consumer,
          lastDeliveredAt: this.now(),
          deliveries: 1,
        };
        const pending = this.pending.get(agentId) ?? new Map<string, Delivery>();
        pending.set(entry.id, delivery);
        this.pending.set(agentId, pending);
        out.push(toClaimed(agentId, entry.id, delivery));
        taken += 1;
      }
    }
    return out;
  }

  private waitForEnqueue(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.events.off("enqueued", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.events.on("enqueued", done);
    });
  }

  private guard(): void {
    if (this.closed) throw new ClosedError();
  }
}

function toClaimed(agentId: string, deliveryId: string, delivery: Delivery): ClaimedTurn {
  return { request: structuredClone(delivery.request), agentId, deliveryId, deliveries: delivery.deliveries };
}
