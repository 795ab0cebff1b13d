/**
 * @module routing/router
 * SPEC §3 adaptive routing: A_opt = argmax_a C_a(t)·(1 − L_a(t)), plus an exploration bonus and a
 * small stickiness bonus for the agent already serving the conversation (`routing.model: "cell"`,
 * the paper's per-cell form). With `routing.model: "contextual"` (the default) C_a(t) is the
 * contextual model's P(success | agent, turn) instead (see contextual-router.ts). The router reads the
 * routing table; it never waits for the control loop.
 */
import type { RapoConfig } from "../config/schema.js";
import type { TurnFeatures } from "../state/types.js";
import { contextualRoute } from "./contextual-router.js";
import type { RoutingTable } from "./routing-table.js";

/** One routing decision. */
export interface RouteDecision {
  agentIndex: number;
  /** C_a·(1 − L_a) of the chosen agent (without bonuses). */
  score: number;
  capability: number;
  load: number;
}

/** What a routing call knows about the turn. */
export interface RouteQuery {
  /** capability cell of the turn: taskIndex·modalities + modalityIndex. */
  cell: number;
  /** agent that served the previous turn, or -1. */
  previous: number;
  /** agents excluded (e.g. already failed on this turn). */
  exclude?: ReadonlySet<number>;
  conversationId?: string;
  /** classifier output, for policies that use more than the cell. */
  features?: TurnFeatures;
  /** embedding of the turn, for similarity-based policies. */
  embedding?: Float32Array;
}

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
  const continuing = routing.loadWeights.active / routing.maxActive;
  let best = -1;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < candidates.length; k++) {
    const a = candidates[k]!;
    if (table.available[a] === 0 || exclude?.has(a)) continue;
    // continuing the conversation adds no conversation to the agent already serving it: its
    // N_a counts this one, so that share of the load term is not held against it
    const load = a === query.previous ? Math.max(0, table.load[a]! - continuing) : table.load[a]!;
    const headroom = routing.useLoad ? 1 - load : 1;
    const bonus = coefficient === 0 ? 0 : coefficient * Math.sqrt(logTotal / (1 + table.trials[base + a]!));
    let value = (table.capability[base + a]! + bonus) * headroom;
    if (a === query.previous) value += routing.stickiness;
    if (value > bestValue) {
      bestValue = value;
      best = a;
    }
  }
  if (best < 0) return null;
  const capability = table.capability[base + best]!;
  const load = routing.useLoad ? table.load[best]! : 0;
  return { agentIndex: best, score: capability * (1 - load), capability, load };
}

/** SPEC §3: capability × (1 − load) with exploration. */
export const adaptiveRouting: RoutingPolicy = { name: "adaptive", select: route };
