/**
 * @module serve/pinned-routing
 * `GET /v1/models` lists `rapo` (routed) and one model per agent. A request for an agent's model
 * pins its turn to that agent: this routing policy wraps the orchestrator's own and, while a
 * conversation has a pin, selects only the pinned agent (null when it is unavailable or failed,
 * so the turn fails rather than silently answering from another agent). Unpinned conversations
 * are routed by the wrapped policy unchanged.
 */
import type { RouteDecision, RouteQuery, RoutingPolicy } from "../routing/router.js";

/** A routing policy with per-conversation pins. */
export class PinnedRouting implements RoutingPolicy {
  readonly name: string;
  /** conversation id → agent index, while a pinned turn of that conversation is in progress. */
  private readonly pins = new Map<string, { agentIndex: number; turns: number }>();

  constructor(private readonly base: RoutingPolicy) {
    this.name = `pinned(${base.name})`;
  }

  /** Pins the conversation's turns to an agent until the returned release function is called. */
  pin(conversationId: string, agentIndex: number): () => void {
    const existing = this.pins.get(conversationId);
    if (existing && existing.agentIndex === agentIndex) existing.turns++;
    else this.pins.set(conversationId, { agentIndex, turns: 1 });
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const pin = this.pins.get(conversationId);
      if (pin && pin.agentIndex === agentIndex && --pin.turns === 0) this.pins.delete(conversationId);
    };
  }

  select(
    table: Parameters<RoutingPolicy["select"]>[0],
    candidates: Int32Array,
    query: RouteQuery,
    routing: Parameters<RoutingPolicy["select"]>[3],
  ): RouteDecision | null {
    const pin = query.conversationId === undefined ? undefined : this.pins.get(query.conversationId);
    if (pin === undefined) return this.base.select(table, candidates, query, routing);
    const a = pin.agentIndex;
    if (table.available[a] === 0 || query.exclude?.has(a)) return null;
    const single = Int32Array.of(a);
    // the wrapped policy scores the one candidate, so the decision's figures stay meaningful
    return this.base.select(table, single, { ...query, exclude: new Set() }, routing);
  }
}
