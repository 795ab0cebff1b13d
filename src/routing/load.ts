/**
 * @module routing/load
 * The load term of the routing score C_a·h_a. Two models (`routing.load`):
 * - `deadline` (default, issue 10): h_a = P(answer within the turn's deadline | queue_a, measured
 *   latency_a), see deadline-load.ts — free below capacity, diverting as the wait nears the deadline;
 * - `paper`: h_a = 1 − L_a with SPEC §3 L_a = w_N·N_a/C_max + w_Q·Q_a/Q_max + w_R·R_a/R_max,
 *   clamped to [0, 1].
 */
import type { RapoConfig } from "../config/schema.js";
import { admissionProbability } from "./deadline-load.js";
import type { RoutingTable } from "./routing-table.js";

/** Measured load indicators of one agent. */
export interface LoadSample {
  /** N_a: conversations with a turn in flight on the agent or within the idle window. */
  active: number;
  /** Q_a: requests waiting for a free model slot. */
  queued: number;
  /** R_a: resource utilisation in [0, 1] (concurrency, CPU or memory share, whichever is highest). */
  resource: number;
}

/** Computes L_a from a sample; 0 = idle, 1 = saturated. */
export function loadFactor(sample: LoadSample, routing: RapoConfig["routing"]): number {
  const w = routing.loadWeights;
  const raw =
    (w.active * sample.active) / routing.maxActive +
    (w.queue * sample.queued) / routing.maxQueue +
    (w.resource * sample.resource) / routing.maxResource;
  return Math.min(1, Math.max(0, raw));
}

/**
 * L_a as the conversation being routed sees it: the agent already serving it (`previous`) is
 * judged without that conversation's own share of N_a (w_N/C_max), so continuing costs nothing
 * extra and a conversation moves only to an agent that is really less busy. The one place this
 * is computed: the paper load term and the least-loaded baseline both use it.
 */
export function conversationLoad(
  table: RoutingTable,
  agent: number,
  previous: number,
  routing: RapoConfig["routing"],
): number {
  const load = table.load[agent]!;
  if (agent !== previous) return load;
  return Math.max(0, load - routing.loadWeights.active / routing.maxActive);
}

/** What the load term knows about the turn being routed (a RouteQuery satisfies it). */
export interface HeadroomQuery {
  /** agent that served the previous turn, or -1. */
  previous: number;
  /** time left for the answer, ms; absent = `routing.deadlineMs`, or no deadline. */
  deadlineMs?: number | undefined;
  /** the orchestrator's clock now; absent = rate-limit back-offs are not applied. */
  now?: number | undefined;
}

/**
 * h_a ∈ [0, 1], the factor the router multiplies an agent's capability (plus bonus) by:
 * 1 when the load term is ablated (`useLoad: false`); `paper`: 1 − L_a, where continuing the
 * conversation on the agent already serving it does not count that conversation in N_a;
 * `deadline`: max(P(answer within the deadline), `routing.minHeadroom`). O(1) per agent, no
 * allocation.
 */
export function headroom(
  table: RoutingTable,
  agent: number,
  query: HeadroomQuery,
  routing: RapoConfig["routing"],
): number {
  if (!routing.useLoad) return 1;
  if (routing.load === "paper") return 1 - conversationLoad(table, agent, query.previous, routing);
  const p = admissionProbability(
    table.latency,
    agent,
    query.deadlineMs ?? routing.deadlineMs ?? Number.POSITIVE_INFINITY,
    query.now ?? Number.POSITIVE_INFINITY,
    routing.latencySpreadFloor,
  );
  return Math.max(p, routing.minHeadroom);
}
