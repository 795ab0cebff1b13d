/**
 * @module routing/pools
 * SPEC §6 two-level scheduling, global level: each conversation is assigned an agent pool by its
 * predicted complexity (syntactic depth, entity count, inference-chain length); the local level
 * (router.ts) picks an agent inside the pool. Pools are declared by the user or, by default, one
 * pool holds every agent.
 */

import type { RapoConfig } from "../config/schema.js";
import { ConfigError } from "../errors.js";
import type { Complexity } from "../state/types.js";

/** A declared pool: agents with `pool === id` serve conversations up to `maxComplexity`. */
export interface PoolSpec {
  id: string;
  /** highest predicted complexity in [0, 1] this pool takes; the last pool takes the rest. */
  maxComplexity: number;
}

/**
 * Predicted complexity in [0, 1]: the mean of the three dimensions, each normalised over its
 * range (`routing.complexityRanges`; SPEC §10: depth 3–12, entities 5–50, chains 1–8).
 */
export function complexityScore(c: Complexity, ranges: RapoConfig["routing"]["complexityRanges"]): number {
  const norm = (v: number, [lo, hi]: readonly [number, number]) =>
    Math.min(1, Math.max(0, (v - lo) / (hi - lo)));
  return (
    (norm(c.syntacticDepth, ranges.depth) +
      norm(c.entityCount, ranges.entities) +
      norm(c.inferenceSteps, ranges.inference)) /
    3
  );
}

/** The global scheduler: pools sorted by capacity for complexity; assignment only escalates. */
export class PoolScheduler {
  private readonly pools: PoolSpec[];

  constructor(pools: PoolSpec[]) {
    this.pools = [...pools].sort((a, b) => a.maxComplexity - b.maxComplexity);
  }

  /** Pool ids, from simplest to most complex. */
  ids(): string[] {
    return this.pools.map((p) => p.id);
  }

  /**
   * Pool for a conversation whose current pool is `current` (null for a new conversation) and
   * whose turn has complexity `score`. A conversation never moves to a simpler pool mid-way.
   */
  assign(current: string | null, score: number): string | null {
    if (this.pools.length === 0) return null;
    const currentRank = current === null ? -1 : this.pools.findIndex((p) => p.id === current);
    for (let i = Math.max(0, currentRank); i < this.pools.length; i++) {
      if (score <= this.pools[i]!.maxComplexity) return this.pools[i]!.id;
    }
    return this.pools[this.pools.length - 1]!.id;
  }
}

/**
 * Checks declared pools against the agents' `pool` fields (`agentPools[i]` the pool of agent i,
 * `fallback` for agents without one): pool ids are unique, every pool has an agent, and every
 * agent is in a declared pool (else it would never be routed to). No pools: nothing to check.
 */
export function checkPools(
  pools: readonly PoolSpec[],
  agentPools: readonly (string | undefined)[],
  fallback: string,
): void {
  if (pools.length === 0) return;
  const declared = new Set<string>();
  pools.forEach((p, i) => {
    if (declared.has(p.id))
      throw new ConfigError(`invalid config 'pools.${i}.id': duplicate pool '${p.id}'`, {
        field: `pools.${i}.id`,
      });
    declared.add(p.id);
  });
  const used = new Set<string>();
  agentPools.forEach((pool, i) => {
    const id = pool ?? fallback;
    if (!declared.has(id))
      throw new ConfigError(
        `invalid config 'agents.${i}.pool': pool '${id}' is not declared in 'pools' (${[...declared].join(", ")})`,
        { field: `agents.${i}.pool`, value: id },
      );
    used.add(id);
  });
  pools.forEach((p, i) => {
    if (!used.has(p.id))
      throw new ConfigError(`invalid config 'pools.${i}': pool '${p.id}' has no agent`, {
        field: `pools.${i}`,
      });
  });
}
