/**
 * @module routing/deadline-load
 * Issue 10, the default load model: the routing score of agent a is C_a · P(answer within the
 * turn's deadline D | queue_a, measured latency_a). A new call at position k = inflight + 1 waits
 * q = max(0, k − capacity) queued positions; its answer time is forecast as
 * T ~ Normal(μ = S + q·W, σ² = V·(1 + q/capacity) + (floor·μ)²), with S, V the measured service
 * time mean and variance and W the measured wait per queued position (see LatencyTable). Below
 * capacity q = 0 and P ≈ 1 for any agent whose service time is well inside D: the load term costs
 * nothing; as the queue grows the forecast nears D and traffic goes elsewhere. Calls abandoned
 * at their timeout count in the queue for one more service time (`routing.countAbandoned`).
 */
import type { LatencyTable } from "./latency-table.js";

/**
 * P(the next call to `agent` answers within `deadlineMs`), in [0, 1]; 0 while the agent is backed
 * off after a rate limit (`now` < blockedUntil). O(1), no allocation.
 */
export function admissionProbability(
  table: LatencyTable,
  agent: number,
  deadlineMs: number,
  now: number,
  spreadFloor: number,
): number {
  if (now < table.blockedUntil[agent]!) return 0;
  if (deadlineMs === Number.POSITIVE_INFINITY) return 1;
  const capacity = table.capacity[agent]!;
  // calls abandoned at a timeout still occupy the provider (absent `now`: none are counted)
  const excess = table.inflight[agent]! + table.abandonedAt(agent, now) + 1 - capacity;
  const queued = Math.max(excess, 0);
  const mean = table.serviceMs[agent]! + queued * table.slotWaitMs[agent]!;
  const spread = spreadFloor * mean;
  const variance = table.serviceVar[agent]! * (1 + queued / capacity) + spread * spread;
  const slack = deadlineMs - mean;
  // |z| ≥ 8 decided without sqrt or exp: the common case (well inside or far past the deadline)
  if (slack * slack >= 64 * variance) return slack >= 0 ? 1 : 0;
  return normalCdf(slack / Math.sqrt(variance));
}

/** Φ(z), the standard normal CDF (Abramowitz–Stegun 7.1.26, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  if (z > 8) return 1;
  if (z < -8) return 0;
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}
