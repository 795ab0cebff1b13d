/**
 * @module routing/routing-table
 * The routing table: structure-of-arrays copies of every agent's capability and evidence per
 * cell (cell-major, so one routing decision reads contiguous memory), load factors and
 * availability. Capabilities change only in the control loop (which writes them here); load and
 * availability are written as they change, so routing never waits for the loop.
 */

/** Contiguous routing state of n agents over `cells` capability cells. */
export class RoutingTable {
  /** capability[cell·n + agent]. */
  readonly capability: Float32Array;
  /** evidence[cell·n + agent]. */
  readonly evidence: Float32Array;
  /** Σ_agents evidence per cell (for the exploration bonus). */
  readonly evidenceTotal: Float64Array;
  /** L_a per agent. */
  readonly load: Float32Array;
  /** 1 = can be routed to. */
  readonly available: Uint8Array;

  constructor(
    readonly agents: number,
    readonly cells: number,
  ) {
    this.capability = new Float32Array(agents * cells);
    this.evidence = new Float32Array(agents * cells);
    this.evidenceTotal = new Float64Array(cells);
    this.load = new Float32Array(agents);
    this.available = new Uint8Array(agents).fill(1);
  }

  /** Copies one agent's capability matrix and evidence (row-major m×l) into the table. */
  writeAgent(agent: number, capability: Float32Array, evidence: Float32Array): void {
    const n = this.agents;
    for (let cell = 0; cell < this.cells; cell++) {
      const at = cell * n + agent;
      this.evidenceTotal[cell]! += evidence[cell]! - this.evidence[at]!;
      this.capability[at] = capability[cell]!;
      this.evidence[at] = evidence[cell]!;
    }
  }
}
