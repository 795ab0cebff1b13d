/**
 * @module runtime/agent-learned-state
 * What is learned about one agent, owned by the control loop (the leader, in distributed mode):
 * its triple S_i = (P_i, C_i, M_i), the window of turn embeddings C_i attends over, its last
 * stable state, the turns it has answered, and whether any of it changed since the last persist.
 * M_i is mirrored into the routing table, which routing reads.
 *
 * Lazy instantiation (SPEC §8 "instantiating only active agents", issue 17): the per-turn state —
 * C_i, its window of turn embeddings and the last-stable copy — is allocated on the agent's first
 * route (`materialize`), not at creation; until then readers that only observe see
 * `contextIfAllocated === null` (C_i = 0). What routing and consensus read of every agent (P_i,
 * M_i, the routing-table row) stays allocated up front.
 */
import type { RapoConfig } from "../config/schema.js";
import type { RoutingTable } from "../routing/routing-table.js";
import { CapabilityMatrix } from "../state/capability-matrix.js";
import { ContextWindow } from "../state/context-vector.js";
import type { Taxonomy } from "../state/taxonomy.js";
import type { AgentSpec } from "./types.js";

/** Snapshot of an agent's last stable state (after its last successful turn). */
export interface StableState {
  prompt: Float32Array;
  capability: Float32Array;
}

/** The learned state of one agent; mirrors M_i and its trial counts into the routing table. */
export class AgentLearnedState {
  readonly prompt: Float32Array;
  capability: CapabilityMatrix;
  /** the per-turn state, allocated on the first route (see the module comment). */
  private lazy: { context: Float32Array; contextWindow: ContextWindow; stable: StableState } | null = null;
  /** turns answered (persisted with the agent's state). */
  turns = 0;
  /** whether state changed since the last persist. */
  dirty = false;
  contextDirty = false;

  constructor(
    readonly index: number,
    spec: AgentSpec,
    private readonly table: RoutingTable,
    taxonomy: Taxonomy,
    private readonly config: RapoConfig,
    prompt: Float32Array,
  ) {
    this.capability = CapabilityMatrix.fromPrior(taxonomy, spec.capabilityPrior, config);
    this.prompt = prompt;
    this.publishCapability();
  }

  /** Whether the per-turn state has been allocated (the agent was routed to, or restored). */
  get materialized(): boolean {
    return this.lazy !== null;
  }

  /** Allocates the per-turn state if needed; the last stable state starts as the current one. */
  materialize(): void {
    this.lazy ??= {
      context: new Float32Array(this.config.state.contextDim),
      contextWindow: ContextWindow.fromConfig(this.config),
      stable: { prompt: this.prompt.slice(), capability: this.capability.values.slice() },
    };
  }

  /** C_i (allocates the per-turn state). */
  get context(): Float32Array {
    this.materialize();
    return this.lazy!.context;
  }

  /** C_i when allocated, else null (C_i = 0): for readers that must not allocate idle agents. */
  get contextIfAllocated(): Float32Array | null {
    return this.lazy?.context ?? null;
  }

  /** The window of the last k turn embeddings C_i attends over (allocates the per-turn state). */
  get contextWindow(): ContextWindow {
    this.materialize();
    return this.lazy!.contextWindow;
  }

  /** The last stable state (allocates the per-turn state). */
  get stable(): StableState {
    this.materialize();
    return this.lazy!.stable;
  }

  /** Copies M_i into the routing table (after learning or a restore). */
  publishCapability(): void {
    this.table.writeCapability(this.index, this.capability.values);
  }

  /**
   * Counts an observed outcome in a capability cell (drives the exploration bonus). The other
   * cells of the task row and modality column learned from it too (capability spill), so they
   * count it with the same spill weights and need less exploration of their own.
   */
  recordTrial(task: number, modality: number): void {
    const cols = this.capability.cols;
    const rows = this.capability.rows;
    const { capabilitySpill, modalitySpill } = this.config.routing;
    for (let m = 0; m < cols; m++)
      this.table.recordTrial(this.index, task * cols + m, m === modality ? 1 : capabilitySpill);
    if (modalitySpill > 0) {
      for (let t = 0; t < rows; t++)
        if (t !== task) this.table.recordTrial(this.index, t * cols + modality, modalitySpill);
    }
  }

  /** Seeds the trial counts from persisted evidence (after a restart). */
  restoreTrials(): void {
    this.table.setTrials(this.index, this.capability.evidenceValues);
  }

  /**
   * The agent answered a turn: one more turn, and the current state becomes the last stable one
   * (a handoff packet from this agent carries it).
   */
  answered(): void {
    this.turns++;
    this.markStable();
  }

  /** Records the current state as the last stable one (an idle agent copies it when it materialises). */
  markStable(): void {
    if (!this.lazy) return;
    this.lazy.stable.prompt.set(this.prompt);
    this.lazy.stable.capability.set(this.capability.values);
  }
}
