/**
 * @module routing/contextual-router
 * Routing on the contextual model (issue 11): each candidate's P(success | agent, turn) is drawn
 * from its posterior (Thompson sampling: exploration that shrinks as evidence accumulates and
 * starts from the declared capabilities) and multiplied by the load term h_a of SPEC §3 (load.ts). The
 * agent already serving the conversation keeps it unless the drawn best is expected — on the
 * posterior means, not the draws — to succeed by more than the switching cost
 * `routing.switchCost`·(1 − h)·(1 − confidence): handoffs happen when they pay. A handoff costs
 * the conversation's continuity, which is worth something only while the task persists: with the
 * classifier's learned switch hazard h (tasks last ≈ 1/h turns) a deployment of independent
 * questions (h → 1) follows each turn's task, task dialogues (small h) hold the agent. A turn that
 * clearly names a new task needs a smaller gain, and exploration never hands a conversation off
 * by itself. With the turn's embedding in the query, the model also reads each candidate's C_i
 * (issue 17).
 */
import type { RapoConfig } from "../config/schema.js";
import type { TurnFeatures } from "../state/types.js";
import type { ContextualModel } from "./contextual-model.js";
import { headroom } from "./load.js";
import type { RouteDecision, RouteQuery } from "./route-types.js";
import type { RoutingTable } from "./routing-table.js";

/** Picks an agent with the contextual model; null when no candidate is available. No allocation. */
export function contextualRoute(
  table: RoutingTable,
  model: ContextualModel,
  features: TurnFeatures,
  candidates: Int32Array,
  query: RouteQuery,
  routing: RapoConfig["routing"],
): RouteDecision | null {
  model.load(
    {
      taskScores: features.taskScores,
      modalityScores: features.modalityScores,
      confidence: features.confidence ?? 1,
    },
    query.embedding,
    query.taskEvidence,
  );
  const scale = routing.learnCapabilities ? routing.posteriorScale : 0;
  const exclude = query.exclude;
  let best = -1;
  let bestDraw = Number.NEGATIVE_INFINITY;
  let bestExpected = 0;
  let stay = -1;
  let stayExpected = 0;
  let stayDraw = 0;
  for (let k = 0; k < candidates.length; k++) {
    const a = candidates[k]!;
    if (table.available[a] === 0 || exclude?.has(a)) continue;
    const serving = a === query.previous;
    // SPEC §3 load term h_a (load.ts): the paper's 1 − L_a or P(answer within the deadline)
    const room = headroom(table, a, query, routing);
    const expected = model.score(a, 0) * room;
    const draw = scale === 0 ? expected : model.score(a, scale) * room;
    if (serving) {
      stay = a;
      stayExpected = expected;
      stayDraw = draw;
    }
    if (draw > bestDraw) {
      bestDraw = draw;
      best = a;
      bestExpected = expected;
    }
  }
  if (best < 0) return null;
  // a handoff must pay: the expected gain beats the switching cost, discounted by how clearly the
  // turn itself names its task — the cost guards against the classifier's ambiguity, so a turn
  // that names its task unambiguously (confidence 1) switches on any expected gain
  const confidence = Math.min(1, Math.max(0, features.confidence ?? 1));
  // the cost of a handoff is the conversation's continuity: worth (1 − h) when the task persists
  // with probability 1 − h (h: the classifier's learned switch hazard; 1 when it reads turns alone)
  const hazard = Math.min(1, Math.max(0, features.switchHazard ?? 0));
  const cost = routing.switchCost * (1 - hazard) * (1 - confidence);
  // when the serving agent's own record on this turn's type was overturned by a declared change,
  // the draws decide whether the handoff pays: exploration may hand off from it
  const doubted = scale !== 0 && stay >= 0 && model.doubtedMass(stay) > 0.5;
  const gain = doubted ? bestDraw - stayDraw : bestExpected - stayExpected;
  if (stay >= 0 && best !== stay && gain <= cost) {
    best = stay;
    bestExpected = stayExpected;
  }
  const room = headroom(table, best, query, routing);
  const capability = room > 0 ? bestExpected / room : bestExpected;
  // the C_i feature routing saw for the chosen agent: its outcome teaches θ on this value
  const contextSimilarity = model.similarity(best);
  return { agentIndex: best, score: bestExpected, capability, load: 1 - room, contextSimilarity };
}
