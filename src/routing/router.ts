/**
 * @module routing/router
 * SPEC §3 adaptive routing: A_opt = argmax_a C_a(t)·h_a(t). h_a is the load term (load.ts:
 * 1 − L_a for `routing.load: "paper"`, P(answer within the deadline) by default). With
 * `routing.model: "contextual"` (the default) C_a(t) is the contextual model's
 * P(success | agent, turn) (contextual-router.ts); with `"cell"` it is the paper's per-cell M_i
 * plus a UCB exploration bonus and a small stickiness bonus for the agent already serving the
 * conversation. The router reads the routing table; it never waits for the control loop.
 */
import type { RapoConfig } from "../config/schema.js";
import { contextualRoute } from "./contextual-router.js";
import { headroom } from "./load.js";
import type { RouteDecision, RouteQuery } from "./route-types.js";
import type { RoutingTable } from "./routing-table.js";

export type { RouteDecision, RouteQuery } from "./route-types.js";

/** A pluggable routing policy; rapo's adaptive routing is the default, baselines bring others. */
export interface RoutingPolicy {
  readonly name: string;
  /** Picks among `candidates` (agent indices); null when none is available. */
  select(
    table: RoutingTable,
    candidates: Int32Array,
    query: RouteQuery,
    routing: RapoConfig["routing"],
  ): RouteDecision | null;
}

/**
 * Picks the agent for a turn among `candidates`. Returns null when no candidate is available.
 * O(n) over contiguous arrays, no allocation.
 */
export function route(
  table: RoutingTable,
  candidates: Int32Array,
  query: RouteQuery,
  routing: RapoConfig["routing"],
): RouteDecision | null {
  const model = table.contextual;
  if (routing.model === "contextual" && model !== null && query.features !== undefined)
    return contextualRoute(table, model, query.features, candidates, query, routing);
  const base = query.cell * table.agents;
  const coefficient = routing.learnCapabilities ? routing.exploration : 0;
  // UCB1: c·√(ln(1 + T_cell) / (1 + n_a,cell)) with T and n counting observed outcomes
  const logTotal = Math.log1p(table.trialsTotal[query.cell]!);
  const exclude = query.exclude;
  let best = -1;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < candidates.length; k++) {
    const a = candidates[k]!;
    if (table.available[a] === 0 || exclude?.has(a)) continue;
    const room = headroom(table, a, query, routing);
    const bonus = coefficient === 0 ? 0 : coefficient * Math.sqrt(logTotal / (1 + table.trials[base + a]!));
    let value = (table.capability[base + a]! + bonus) * room;
    if (a === query.previous) value += routing.stickiness;
    if (value > bestValue) {
      bestValue = value;
      best = a;
    }
  }
  if (best < 0) return null;
  const capability = table.capability[base + best]!;
  const room = headroom(table, best, query, routing);
  return { agentIndex: best, score: capability * room, capability, load: 1 - room };
}

/** SPEC §3: capability × load term h_a with exploration. */
export const adaptiveRouting: RoutingPolicy = { name: "adaptive", select: route };
