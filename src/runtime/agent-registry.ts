/**
 * @module runtime/agent-registry
 * The agents of an orchestrator, by index, id and pool. Pools come from `AgentSpec.pool`; agents
 * without one join the default pool.
 */
import type { RapoConfig } from "../config/schema.js";
import { ConfigError, NotFoundError } from "../errors.js";
import { ContextAffinity } from "../routing/context-affinity.js";
import { ContextualModel } from "../routing/contextual-model.js";
import { RoutingTable } from "../routing/routing-table.js";
import { RandomProjection } from "../state/random-projection.js";
import type { Taxonomy } from "../state/taxonomy.js";
import { AgentRuntime } from "./agent-runtime.js";
import type { AgentSpec } from "./types.js";

/** Pool of agents without a declared pool. */
export const DEFAULT_POOL = "default";

/** Registry of live agents. */
export class AgentRegistry {
  readonly all: AgentRuntime[] = [];
  readonly table: RoutingTable;
  /** every agent index, as routing candidates. */
  readonly allIndices: Int32Array;
  private readonly byId = new Map<string, AgentRuntime>();
  private readonly byPool = new Map<string, AgentRuntime[]>();
  private readonly poolIndices = new Map<string, Int32Array>();

  constructor(
    specs: readonly AgentSpec[],
    taxonomy: Taxonomy,
    config: RapoConfig,
    initialPrompt: (spec: AgentSpec, index: number) => Float32Array,
  ) {
    if (!Array.isArray(specs) || specs.length === 0) {
      throw new ConfigError("invalid config 'agents': declare at least one agent", { field: "agents" });
    }
    this.table = new RoutingTable(specs.length, taxonomy.taskTypes.length * taxonomy.modalities.length);
    specs.forEach((spec, index) => {
      validateSpec(spec, index);
      if (this.byId.has(spec.id)) {
        throw new ConfigError(`invalid config 'agents.${index}.id': duplicate agent id '${spec.id}'`, {
          field: `agents.${index}.id`,
          value: spec.id,
        });
      }
      const agent = new AgentRuntime(index, spec, this.table, taxonomy, config, initialPrompt(spec, index));
      this.all.push(agent);
      this.byId.set(spec.id, agent);
      const pool = spec.pool ?? DEFAULT_POOL;
      const members = this.byPool.get(pool) ?? [];
      members.push(agent);
      this.byPool.set(pool, members);
    });
    this.table.contextual = contextualModel(this.all, taxonomy, config);
    this.allIndices = Int32Array.from(this.all, (a) => a.index);
    for (const [pool, members] of this.byPool)
      this.poolIndices.set(
        pool,
        Int32Array.from(members, (a) => a.index),
      );
  }

  /** Routing candidates of a pool (agent indices); every agent when the pool is unknown or null. */
  candidates(pool: string | null): Int32Array {
    return (pool !== null && this.poolIndices.get(pool)) || this.allIndices;
  }

  /** The agent with `id`; NotFoundError when unknown. */
  get(id: string): AgentRuntime {
    const agent = this.byId.get(id);
    if (!agent) throw new NotFoundError("agent", id);
    return agent;
  }

  /** The agent with `id`, or undefined. */
  find(id: string): AgentRuntime | undefined {
    return this.byId.get(id);
  }

  /** Members of a pool; every agent when the pool is unknown or null. */
  pool(id: string | null): readonly AgentRuntime[] {
    return (id !== null && this.byPool.get(id)) || this.all;
  }

  /** Declared pool ids. */
  poolIds(): string[] {
    return [...this.byPool.keys()];
  }
}

/**
 * The contextual routing model with each agent's prior from its declared capabilities: per task
 * type the mean of its prior row, declared when the agent stated a prior for it; and the sketch
 * through which it reads C_i (W₀ is the context stage's default projection, same seed).
 */
function contextualModel(
  agents: readonly AgentRuntime[],
  taxonomy: Taxonomy,
  config: RapoConfig,
): ContextualModel {
  const routing = config.routing;
  const m = taxonomy.taskTypes.length;
  const l = taxonomy.modalities.length;
  const affinity =
    routing.contextSketchDim === 0
      ? null
      : new ContextAffinity(
          agents.length,
          RandomProjection.fromConfig(config),
          routing.contextSketchDim,
          config.state.seed,
        );
  const model = new ContextualModel(agents.length, m, routing, config.state.seed, affinity);
  const capability = new Float64Array(m);
  const declared: boolean[] = new Array(m).fill(false);
  for (const agent of agents) {
    const values = agent.learned.capability.values;
    for (let t = 0; t < m; t++) {
      let sum = 0;
      let stated = false;
      for (let k = 0; k < l; k++) {
        const v = values[t * l + k]!;
        sum += v;
        if (Math.abs(v - routing.capabilityPrior) > 1e-6) stated = true;
      }
      capability[t] = sum / l;
      declared[t] = stated;
    }
    model.setPrior(agent.index, capability, declared);
  }
  return model;
}

function validateSpec(spec: AgentSpec, index: number): void {
  const field = (name: string) => `agents.${index}.${name}`;
  if (typeof spec.id !== "string" || spec.id.trim() === "") {
    throw new ConfigError(`invalid config '${field("id")}': must be a non-empty string`, {
      field: field("id"),
      value: spec.id,
    });
  }
  if (typeof spec.role !== "string" || spec.role.trim() === "") {
    throw new ConfigError(
      `invalid config '${field("role")}' of agent '${spec.id}': must be a non-empty string`,
      {
        field: field("role"),
        value: spec.role,
      },
    );
  }
  if (!spec.model || typeof spec.model.doGenerate !== "function") {
    throw new ConfigError(
      `invalid config '${field("model")}' of agent '${spec.id}': must be an AI SDK LanguageModel (spec v3)`,
      {
        field: field("model"),
      },
    );
  }
  if (spec.capacity !== undefined && !(Number.isInteger(spec.capacity) && spec.capacity > 0)) {
    throw new ConfigError(
      `invalid config '${field("capacity")}' of agent '${spec.id}': must be a positive integer`,
      {
        field: field("capacity"),
        value: spec.capacity,
      },
    );
  }
}
