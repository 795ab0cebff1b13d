/**
 * @module routing/contextual-router
 * Routing on the contextual model (issue 11): each candidate's P(success | agent, turn) is drawn
 * from its posterior (Thompson sampling: exploration that shrinks as evidence accumulates and
 * starts from the declared capabilities), multiplied by the load headroom as in SPEC §3, and the
 * agent already serving the conversation keeps it unless another one is expected to do better by
 * more than the switching cost (`routing.switchCost`): handoffs happen when they pay.
 */
import type { RapoConfig } from "../config/schema.js";
import type { TurnFeatures } from "../state/types.js";
import type { ContextualModel } from "./contextual-model.js";
import { sigmoid } from "./contextual-model.js";
import type { RouteDecision, RouteQuery } from "./router.js";
import type { RoutingTable } from "./routing-table.js";

const prediction = new Float64Array(2);

/** Picks an agent with the contextual model; null when no candidate is available. No allocation. */
export function contextualRoute(
  table: RoutingTable,
  model: ContextualModel,
  features: TurnFeatures,
  candidates: Int32Array,
  query: RouteQuery,
  routing: RapoConfig["routing"],
): RouteDecision | null {
  model.load({
    taskScores: features.taskScores,
    modalityScores: features.modalityScores,
    confidence: features.confidence ?? 1,
  });
  const scale = routing.learnCapabilities ? routing.posteriorScale : 0;
  const exclude = query.exclude;
  const continuing = routing.loadWeights.active / routing.maxActive;
  let best = -1;
  let bestValue = Number.NEGATIVE_INFINITY;
  let bestMean = 0;
  for (let k = 0; k < candidates.length; k++) {
    const a = candidates[k]!;
    if (table.available[a] === 0 || exclude?.has(a)) continue;
    const serving = a === query.previous;
    // continuing the conversation adds no conversation to the agent already serving it
    const load = serving ? Math.max(0, table.load[a]! - continuing) : table.load[a]!;
    const headroom = routing.useLoad ? 1 - load : 1;
    model.predict(a, serving, prediction);
    let value = model.draw(prediction, scale) * headroom;
    if (serving) value += routing.switchCost;
    if (value > bestValue) {
      bestValue = value;
      best = a;
      bestMean = prediction[0]!;
    }
  }
  if (best < 0) return null;
  const capability = sigmoid(bestMean);
  const load = routing.useLoad ? table.load[best]! : 0;
  return { agentIndex: best, score: capability * (1 - load), capability, load };
}
