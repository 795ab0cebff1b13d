/**
 * @module routing/routing-table
 * The routing table: structure-of-arrays copies of every agent's capability per cell
 * (cell-major, so one routing decision reads contiguous memory), the outcomes observed per cell
 * (for the exploration bonus), load factors, calls in flight and measured latency (issue 10) and
 * availability. Capabilities change only in the
 * control loop (which writes them here); load and availability are written as they change, so
 * routing never waits for the loop.
 */

import type { ContextualModel } from "./contextual-model.js";
import { LatencyTable } from "./latency-table.js";

/** Contiguous routing state of n agents over `cells` capability cells. */
export class RoutingTable {
  /**
   * the contextual model of P(success | agent, turn) (issue 11), when the registry attached one;
   * `routing.model: "contextual"` routes on it, `"cell"` on `capability`.
   */
  contextual: ContextualModel | null = null;
  /** capability[cell·n + agent]. */
  readonly capability: Float32Array;
  /** outcomes observed, trials[cell·n + agent] (not decayed: the exploration bonus must vanish). */
  readonly trials: Float32Array;
  /** Σ_agents trials per cell. */
  readonly trialsTotal: Float64Array;
  /** L_a per agent (SPEC §3 formula: the `paper` load model, least-loaded baselines, gauges). */
  readonly load: Float32Array;
  /** calls in flight and measured latency per agent (the `deadline` load model). */
  readonly latency: LatencyTable;
  /** 1 = can be routed to. */
  readonly available: Uint8Array;

  constructor(
    readonly agents: number,
    readonly cells: number,
  ) {
    this.capability = new Float32Array(agents * cells);
    this.trials = new Float32Array(agents * cells);
    this.trialsTotal = new Float64Array(cells);
    this.load = new Float32Array(agents);
    this.latency = new LatencyTable(agents);
    this.available = new Uint8Array(agents).fill(1);
  }

  /** Copies one agent's capability matrix (row-major m×l) into the table. */
  writeCapability(agent: number, capability: Float32Array): void {
    const n = this.agents;
    for (let cell = 0; cell < this.cells; cell++) this.capability[cell * n + agent] = capability[cell]!;
  }

  /** Adds `weight` observed outcomes of `agent` in `cell`. */
  recordTrial(agent: number, cell: number, weight = 1): void {
    this.trials[cell * this.agents + agent]! += weight;
    this.trialsTotal[cell]! += weight;
  }

  /** Sets an agent's trial counts (e.g. from persisted evidence after a restart). */
  setTrials(agent: number, counts: Float32Array): void {
    const n = this.agents;
    for (let cell = 0; cell < this.cells; cell++) {
      const at = cell * n + agent;
      this.trialsTotal[cell]! += counts[cell]! - this.trials[at]!;
      this.trials[at] = counts[cell]!;
    }
  }
}
