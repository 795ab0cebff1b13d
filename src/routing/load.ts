/**
 * @module routing/load
 * SPEC §3 load factor: L_a = w_N·N_a/C_max + w_Q·Q_a/Q_max + w_R·R_a/R_max, clamped to [0, 1].
 */
import type { RapoConfig } from "../config/schema.js";

/** Measured load indicators of one agent. */
export interface LoadSample {
  /** N_a: conversations active on the agent. */
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
