/**
 * @module runtime/agent-runtime
 * One agent as the runtime holds it: its spec and identity, paired with the two kinds of state
 * kept about it (issue 15) — {@link AgentLearnedState} (P_i, C_i, M_i, the last stable state:
 * written by the control loop, read by the turn path) and {@link AgentLoad} (N_a, calls in flight,
 * latency, L_a, availability: written by the turn path where the calls run).
 */
import type { RapoConfig } from "../config/schema.js";
import type { RoutingTable } from "../routing/routing-table.js";
import type { Taxonomy } from "../state/taxonomy.js";
import { type AgentLabels, agentLabels } from "../telemetry/metrics.js";
import { AgentLearnedState } from "./agent-learned-state.js";
import { AgentLoad } from "./agent-load.js";
import type { AgentSpec } from "./types.js";

export type { StableState } from "./agent-learned-state.js";

/** An agent: spec, learned state and load. */
export class AgentRuntime {
  readonly id: string;
  /** this agent's metric label sets, built once rather than on every turn. */
  readonly labels: AgentLabels;
  /** P_i, C_i, M_i and what goes with them (the control loop's). */
  readonly learned: AgentLearnedState;
  /** N_a, calls in flight, latency, L_a (the turn path's). */
  readonly load: AgentLoad;

  constructor(
    readonly index: number,
    readonly spec: AgentSpec,
    table: RoutingTable,
    taxonomy: Taxonomy,
    config: RapoConfig,
    prompt: Float32Array,
  ) {
    this.id = spec.id;
    this.labels = agentLabels(spec.id);
    this.learned = new AgentLearnedState(index, spec, table, taxonomy, config, prompt);
    this.load = new AgentLoad(index, spec.capacity ?? config.routing.defaultCapacity, table, config.routing);
  }

  /** concurrent model calls before requests count as queued. */
  get capacity(): number {
    return this.load.capacity;
  }
}
