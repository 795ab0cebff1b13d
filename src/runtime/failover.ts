/**
 * @module runtime/failover
 * SPEC §7: when an agent fails mid-turn, the replacement is the available agent whose capability
 * matrix is most similar to the failed one's — not the least loaded — to minimise context
 * disruption.
 */
import type { AgentRuntime } from "./agent-runtime.js";

/** The most capability-similar available agent not in `exclude`, or null. */
export function pickReplacement(
  failed: AgentRuntime,
  candidates: readonly AgentRuntime[],
  exclude: ReadonlySet<number>,
): AgentRuntime | null {
  let best: AgentRuntime | null = null;
  let bestSimilarity = Number.NEGATIVE_INFINITY;
  for (const agent of candidates) {
    if (agent === failed || exclude.has(agent.index) || !agent.available()) continue;
    const similarity = agent.capability.similarity(failed.capability);
    if (similarity > bestSimilarity) {
      bestSimilarity = similarity;
      best = agent;
    }
  }
  return best;
}
