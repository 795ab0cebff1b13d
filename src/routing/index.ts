/**
 * @module routing
 * Adaptive routing (SPEC §3) and two-level scheduling (SPEC §6).
 */
export { explorationBonus } from "./exploration.js";
export { type LoadSample, loadFactor } from "./load.js";
export { COMPLEXITY_RANGES, complexityScore, PoolScheduler, type PoolSpec } from "./pools.js";
export { adaptiveRouting, type RouteDecision, type RouteQuery, type RoutingPolicy, route } from "./router.js";
export { RoutingTable } from "./routing-table.js";
