/**
 * @module routing
 * Adaptive routing (SPEC §3) and two-level scheduling (SPEC §6).
 */
export { admissionProbability, normalCdf } from "./deadline-load.js";
export { LatencyTable } from "./latency-table.js";
export { type HeadroomQuery, headroom, type LoadSample, loadFactor } from "./load.js";
export { checkPools, complexityScore, PoolScheduler, type PoolSpec } from "./pools.js";
export { adaptiveRouting, type RouteDecision, type RouteQuery, type RoutingPolicy, route } from "./router.js";
export { RoutingTable } from "./routing-table.js";
