/**
 * @module runtime/agent-runtime
 * The live state of one agent: its triple S_i = (P_i, C_i, M_i), its last stable state, and the
 * load counters the router reads (N_a active conversations, Q_a queued requests, R_a utilisation,
 * calls in flight and measured latency — issue 10).
 *
 * Lazy instantiation (SPEC §8 "instantiating only active agents", issue 17): the per-turn state —
 * C_i, its window of turn embeddings and the last-stable copy — is allocated on the agent's first
 * route (`begin`), not at creation; until then readers that only observe see
 * `contextIfAllocated === null` (C_i = 0). What routing and consensus read of every agent (P_i,
 * M_i, the routing-table row) stays allocated up front.
 */
import type { RapoConfig } from "../config/schema.js";
import { loadFactor } from "../routing/load.js";
import type { RoutingTable } from "../routing/routing-table.js";
import { CapabilityMatrix } from "../state/capability-matrix.js";
import { ContextWindow } from "../state/context-vector.js";
import type { Taxonomy } from "../state/taxonomy.js";
import { type AgentLabels, agentLabels } from "../telemetry/metrics.js";
import type { AgentSpec } from "./types.js";

/** Default concurrent model calls of an agent before requests count as queued. */

/** N_a's "last seen" of a conversation whose turn is in flight: never idle while the call runs. */
const IN_FLIGHT = Number.POSITIVE_INFINITY;

/** Snapshot of an agent's last stable state (after its last successful turn). */
export interface StableState {
  prompt: Float32Array;
  capability: Float32Array;
}

/** Runtime state of one agent; mirrors what routing needs into the shared routing table. */
export class AgentRuntime {
  readonly id: string;
  readonly capacity: number;
  /** this agent's metric label sets, built once rather than on every turn. */
  readonly labels: AgentLabels;
  readonly prompt: Float32Array;
  capability: CapabilityMatrix;
  /** the per-turn state, allocated on the first route (see the module comment). */
  private lazy: { context: Float32Array; contextWindow: ContextWindow; stable: StableState } | null = null;
  /** turns served, failures, times chosen by the router. */
  turns = 0;
  failures = 0;
  routed = 0;
  /** whether state changed since the last persist. */
  dirty = false;
  contextDirty = false;
  /** conversation id → clock time its last turn here ended ({@link IN_FLIGHT} while one runs). */
  private readonly activeConversations = new Map<string, number>();
  private loadValue = 0;

  constructor(
    readonly index: number,
    readonly spec: AgentSpec,
    private readonly table: RoutingTable,
    taxonomy: Taxonomy,
    private readonly config: RapoConfig,
    prompt: Float32Array,
  ) {
    this.id = spec.id;
    this.labels = agentLabels(spec.id);
    this.capacity = spec.capacity ?? config.routing.defaultCapacity;
    this.capability = CapabilityMatrix.fromPrior(taxonomy, spec.capabilityPrior, config);
    this.prompt = prompt;
    table.latency.configure(index, this.capacity, config.routing.latencyPriorMs);
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

  /** model calls in flight. */
  get inflight(): number {
    return this.table.latency.inflight[this.index]!;
  }

  /** L_a as last computed. */
  load(): number {
    return this.loadValue;
  }

  /** Whether routing may pick this agent. */
  available(): boolean {
    return this.table.available[this.index] === 1;
  }

  /** Blocks (circuit open, removed) or unblocks the agent for routing. */
  setAvailable(available: boolean): void {
    this.table.available[this.index] = available ? 1 : 0;
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
   * Marks a model call started for `conversationId` and refreshes L_a; returns the call's
   * position (calls in flight including it; above capacity it queues).
   */
  begin(conversationId: string): number {
    this.materialize(); // first route: the agent becomes active
    const position = this.table.latency.begin(this.index);
    this.activeConversations.set(conversationId, IN_FLIGHT);
    this.refreshLoad();
    return position;
  }

  /**
   * Marks a model call of `conversationId` finished at clock time `now`: the conversation stays
   * active for the idle window from now. `latencyMs` (with the call's `position`) is a latency
   * sample — answered or timed out — or NaN when the call says nothing about latency.
   */
  end(conversationId: string, now: number, latencyMs = Number.NaN, position = 0): void {
    this.table.latency.end(this.index);
    if (this.activeConversations.has(conversationId)) this.activeConversations.set(conversationId, now);
    const routing = this.config.routing;
    if (latencyMs >= 0)
      this.table.latency.observe(this.index, latencyMs, position, now, routing.latencySmoothing);
    this.refreshLoad();
  }

  /** The conversation is no longer served by this agent (handed off or ended). */
  release(conversationId: string): void {
    if (this.activeConversations.delete(conversationId)) this.refreshLoad();
  }

  /** Routing sends this agent nothing before clock time `until` (rate limit / overload back-off). */
  backOff(until: number): void {
    this.table.latency.block(this.index, until);
  }

  /**
   * Control loop, on its clock: forgets conversations idle for longer than the idle window
   * (`routing.activeTtlMs`), relaxes measured latency toward the prior, refreshes L_a.
   */
  expire(now: number): void {
    const routing = this.config.routing;
    const ttl = routing.activeTtlMs;
    for (const [conversation, seen] of this.activeConversations) {
      if (now - seen > ttl) this.activeConversations.delete(conversation);
    }
    this.table.latency.relax(this.index, now, routing.latencyHalfLifeMs);
    this.refreshLoad();
  }

  /** Measured latency: service time (EWMA mean) and queue wait per queued position, ms. */
  latency(): { serviceMs: number; slotWaitMs: number } {
    const latency = this.table.latency;
    return { serviceMs: latency.serviceMs[this.index]!, slotWaitMs: latency.slotWaitMs[this.index]! };
  }

  /** N_a, Q_a, R_a as measured now. */
  loadSample(): { active: number; queued: number; resource: number } {
    return {
      active: this.activeConversations.size,
      queued: Math.max(0, this.inflight - this.capacity),
      resource: Math.min(1, this.inflight / this.capacity),
    };
  }

  /** Records the current state as the last stable one (an idle agent copies it when it materialises). */
  markStable(): void {
    if (!this.lazy) return;
    this.lazy.stable.prompt.set(this.prompt);
    this.lazy.stable.capability.set(this.capability.values);
  }

  private refreshLoad(): void {
    this.loadValue = loadFactor(this.loadSample(), this.config.routing);
    this.table.load[this.index] = this.loadValue;
  }
}
