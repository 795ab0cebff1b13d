/**
 * @module serve/dashboard/live-feed
 * What the dashboard shows live: the service's recent turns (routing decisions, handoffs,
 * latency) and the consensus Lyapunov value over time. Turns are kept in a ring and pushed to
 * subscribed pages in batches every `flushMs`, so a busy service costs one array push per turn
 * and nothing more when no page is open. A page sees only its own tenant's turns.
 */

/** One answered (or failed) turn as the dashboard draws it. */
export interface FeedTurn {
  at: number;
  tenant: string;
  /** the client-facing conversation id. */
  conversation: string;
  turnId: string;
  agentId: string | null;
  /** the agent that served the previous turn when this one was a handoff. */
  from: string | null;
  reason: "routing" | "failover" | null;
  taskType: string | null;
  latencyMs: number;
  ok: boolean;
}

/** One consensus round (a control-loop tick that ran consensus). */
export interface FeedConsensus {
  at: number;
  lyapunov: number;
  iterations: number;
  converged: boolean;
}

/** A batch pushed to one subscriber. */
export interface FeedBatch {
  turns: FeedTurn[];
  consensus: FeedConsensus[];
}

interface Subscriber {
  tenant: string;
  push: (batch: FeedBatch) => void;
  end: () => void;
}

/** A fixed-size ring of the latest items. */
class Ring<T> {
  private readonly items: T[] = [];
  private next = 0;
  constructor(private readonly capacity: number) {}
  push(item: T): void {
    if (this.items.length < this.capacity) this.items.push(item);
    else this.items[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
  }
  /** oldest first. */
  list(): T[] {
    if (this.items.length < this.capacity) return [...this.items];
    return [...this.items.slice(this.next), ...this.items.slice(0, this.next)];
  }
}

/** The live feed of one server. */
export class LiveFeed {
  private readonly turns: Ring<FeedTurn>;
  private readonly consensus: Ring<FeedConsensus>;
  private readonly subscribers = new Set<Subscriber>();
  private pending: FeedBatch = { turns: [], consensus: [] };
  private timer: NodeJS.Timeout | null = null;

  constructor(
    recent: number,
    private readonly flushMs = 250,
  ) {
    this.turns = new Ring(recent);
    this.consensus = new Ring(Math.max(recent, 600));
  }

  /** Records a turn. */
  turn(turn: FeedTurn): void {
    this.turns.push(turn);
    if (this.subscribers.size === 0) return;
    this.pending.turns.push(turn);
    this.schedule();
  }

  /** Records a consensus round. */
  consensusRound(point: FeedConsensus): void {
    this.consensus.push(point);
    if (this.subscribers.size === 0) return;
    this.pending.consensus.push(point);
    this.schedule();
  }

  /** What a newly opened page starts from: the tenant's recent turns and the V history. */
  snapshot(tenant: string): FeedBatch {
    return { turns: this.turns.list().filter((t) => t.tenant === tenant), consensus: this.consensus.list() };
  }

  /** Subscribes a page (`end` is called when the server stops); returns the unsubscribe function. */
  subscribe(tenant: string, push: (batch: FeedBatch) => void, end: () => void = () => undefined): () => void {
    const subscriber = { tenant, push, end };
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  /** Pages subscribed now. */
  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Stops the flush timer and ends every subscriber's stream (server close). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const subscribers = [...this.subscribers];
    this.subscribers.clear();
    for (const s of subscribers) s.end();
  }

  private schedule(): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => this.flush(), this.flushMs);
    this.timer.unref();
  }

  private flush(): void {
    this.timer = null;
    const batch = this.pending;
    this.pending = { turns: [], consensus: [] };
    for (const s of this.subscribers) {
      const turns = batch.turns.filter((t) => t.tenant === s.tenant);
      if (turns.length > 0 || batch.consensus.length > 0) s.push({ turns, consensus: batch.consensus });
    }
  }
}
