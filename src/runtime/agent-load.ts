/**
 * @module runtime/agent-load
 * The worker-local load of one agent, written by the turn path (issue 15: "worker-local load"):
 * N_a (the conversations it serves now), calls in flight with their measured latency (issue 10),
 * L_a as last computed, availability and back-off, and the traffic counters (times chosen,
 * failures). Everything routing reads of it is mirrored into the shared routing table.
 */
import type { RapoConfig } from "../config/schema.js";
import { loadFactor } from "../routing/load.js";
import type { RoutingTable } from "../routing/routing-table.js";

/** N_a's "last seen" of a conversation whose turn is in flight: never idle while the call runs. */
const IN_FLIGHT = Number.POSITIVE_INFINITY;

/** Load counters of one agent; mirrors L_a, calls in flight, latency and availability into the routing table. */
export class AgentLoad {
  /** times chosen by the router, failed calls. */
  routed = 0;
  failures = 0;
  /** conversation id → clock time its last turn here ended ({@link IN_FLIGHT} while one runs). */
  private readonly activeConversations = new Map<string, number>();
  private loadValue = 0;

  constructor(
    readonly index: number,
    /** concurrent model calls before requests count as queued. */
    readonly capacity: number,
    private readonly table: RoutingTable,
    private readonly routing: RapoConfig["routing"],
  ) {
    table.latency.configure(index, capacity, routing.latencyPriorMs);
  }

  /** model calls in flight. */
  get inflight(): number {
    return this.table.latency.inflight[this.index]!;
  }

  /** L_a as last computed. */
  value(): number {
    return this.loadValue;
  }

  /** Whether routing may pick this agent. */
  available(): boolean {
    return this.table.available[this.index] === 1;
  }

  /** Blocks (circuit open, removed) or unblocks the agent for routing. */
  setAvailable(available: boolean): void {
    this.table.available[this.index] = available ? 1 : 0;
  }

  /**
   * Marks a model call started for `conversationId` and refreshes L_a; returns the call's
   * position (calls in flight including it; above capacity it queues).
   */
  begin(conversationId: string): number {
    const position = this.table.latency.begin(this.index);
    this.activeConversations.set(conversationId, IN_FLIGHT);
    this.refresh();
    return position;
  }

  /**
   * Marks a model call of `conversationId` finished at clock time `now`: the conversation stays
   * active for the idle window from now. `latencyMs` (with the call's `position`) is a latency
   * sample — answered or timed out — or NaN when the call says nothing about latency.
   */
  end(conversationId: string, now: number, latencyMs = Number.NaN, position = 0): void {
    this.table.latency.end(this.index);
    if (this.activeConversations.has(conversationId)) this.activeConversations.set(conversationId, now);
    if (latencyMs >= 0)
      this.table.latency.observe(this.index, latencyMs, position, now, this.routing.latencySmoothing);
    this.refresh();
  }

  /** The conversation is no longer served by this agent (handed off or ended). */
  release(conversationId: string): void {
    if (this.activeConversations.delete(conversationId)) this.refresh();
  }

  /** Routing sends this agent nothing before clock time `until` (rate limit / overload back-off). */
  backOff(until: number): void {
    this.table.latency.block(this.index, until);
  }

  /**
   * The provider keeps working on a call its client gave up on: it holds the slot for one more
   * measured service time from `now`.
   */
  abandon(now: number): void {
    this.table.latency.abandon(this.index, now);
  }

  /**
   * Control loop, on its clock: forgets conversations idle for longer than the idle window
   * (`routing.activeTtlMs`), relaxes measured latency toward the prior, refreshes L_a.
   */
  expire(now: number): void {
    const ttl = this.routing.activeTtlMs;
    for (const [conversation, seen] of this.activeConversations) {
      if (now - seen > ttl) this.activeConversations.delete(conversation);
    }
    this.table.latency.relax(this.index, now, this.routing.latencyHalfLifeMs);
    this.refresh();
  }

  /** Measured latency: service time (EWMA mean) and queue wait per queued position, ms. */
  latency(): { serviceMs: number; slotWaitMs: number } {
    const latency = this.table.latency;
    return { serviceMs: latency.serviceMs[this.index]!, slotWaitMs: latency.slotWaitMs[this.index]! };
  }

  /** N_a, Q_a, R_a as measured now. */
  sample(): { active: number; queued: number; resource: number } {
    return {
      active: this.activeConversations.size,
      queued: Math.max(0, this.inflight - this.capacity),
      resource: Math.min(1, this.inflight / this.capacity),
    };
  }

  private refresh(): void {
    this.loadValue = loadFactor(this.sample(), this.routing);
    this.table.load[this.index] = this.loadValue;
  }
}
