/**
 * @module routing/router
 * SPEC §3 adaptive routing: A_opt = argmax_a C_a(t)·h_a(t), plus an exploration bonus and a
 * small stickiness bonus for the agent already serving the conversation. h_a is the load term
 * (load.ts: 1 − L_a for `routing.load: "paper"`, P(answer within the deadline) by default). The
 * router reads the routing table; it never waits for the control loop.
 */
import type { RapoConfig } from "../config/schema.js";
import type { TurnFeatures } from "../state/types.js";
import { headroom } from "./load.js";
import type { RoutingTable } from "./routing-table.js";

/** One routing decision. */
export interface RouteDecision {
  agentIndex: number;
  /** C_a·h_a of the chosen agent (without bonuses). */
  score: number;
  capability: number;
  /** 1 − h_a of the chosen agent (the paper model: L_a, less this conversation when continuing). */
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
  /** time left for this turn's answer in ms (the `deadline` load model). */
  deadlineMs?: number;
  /** the orchestrator's clock now (rate-limit back-offs). */
  now?: number;
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
