/**
 * @module runtime/failover
 * SPEC §7: when an agent fails mid-turn, the replacement is the available agent whose capability
 * matrix is most similar to the failed one's — not the least loaded — to minimise context
 * disruption.
 */
import type { AgentRuntime } from "./agent-runtime.js";

/**
 * The most capability-similar available agent not in `exclude`, or null. `available` says which
 * candidates can take the turn (by default the agent's own view: breaker and routing table).
 */
export function pickReplacement(
  failed: AgentRuntime,
  candidates: readonly AgentRuntime[],
  exclude: ReadonlySet<number>,
  available: (agent: AgentRuntime) => boolean = (agent) => agent.load.available(),
): AgentRuntime | null {
  let best: AgentRuntime | null = null;
  let bestSimilarity = Number.NEGATIVE_INFINITY;
  for (const agent of candidates) {
    if (agent === failed || exclude.has(agent.index) || !available(agent)) continue;
    const similarity = agent.learned.capability.similarity(failed.learned.capability);
    if (similarity > bestSimilarity) {
      bestSimilarity = similarity;
      best = agent;
    }
  }
  return best;
}
