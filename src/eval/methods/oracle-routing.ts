/**
 * @module eval/methods/oracle-routing
 * The oracle's routing (reference ceiling, issue 9): it knows what no deployable router can — the
 * agents' hidden skills (drift included) and the simulated queues — but never the answer key.
 *
 * Rule, per turn, among the usable candidates (available, not already failed on the turn):
 * 1. task = the task type the world detects in the current message (`WorldView.taskOf`);
 * 2. agents whose rate limit would reject the call now are skipped (unless every agent would);
 * 3. when the world has a client deadline, only agents expected to answer within it are
 *    considered — by the world's latency estimate when it gives one, else agents with a free slot
 *    (a saturated agent queues) — and if none is, the one expected soonest serves;
 * 4. among those, the best skill s*; "good" agents are within {@link ORACLE_SKILL_MARGIN} of it;
 * 5. the agent already serving the conversation when it is good and has a free slot (no handoff
 *    needed); else the good agent with a free slot and the highest skill; else the good agent
 *    with the lowest occupancy (a queued good answer beats a prompt bad one when the deadline
 *    allows the wait).
 *
 * Without a world view (records built outside the runner) it falls back to the cast's static
 * hidden skills, the routing table's load and the classifier's task; the report says which.
 */
import type { RouteDecision, RouteQuery, RoutingPolicy } from "../../routing/router.js";
import type { RoutingTable } from "../../routing/routing-table.js";
import type { Taxonomy } from "../../state/taxonomy.js";
import type { CastMember } from "../cast.js";
import type { WorldView } from "./types.js";

/** Skill margin within which an agent counts as as good as the best one. */
export const ORACLE_SKILL_MARGIN = 0.05;

/** The world as the oracle reads it; the cast's static skills when the runner gives no view. */
function fallbackWorld(cast: readonly CastMember[]): Pick<WorldView, "skill"> {
  const byId = new Map(cast.map((m) => [m.id, m]));
  return {
    skill: (agentId, taskType) => {
      const m = byId.get(agentId);
      return m ? (m.skills[taskType] ?? m.defaultSkill) : 0;
    },
  };
}

/** Oracle routing over the cast (agent index = cast index). */
export function oracleRouting(
  cast: readonly CastMember[],
  taxonomy: Taxonomy,
  world: WorldView | undefined,
): RoutingPolicy {
  const skillOf = (world ?? fallbackWorld(cast)).skill;
  const modalities = taxonomy.modalities.length;
  const taskOf = (query: RouteQuery): string => {
    const fromWorld = query.conversationId === undefined ? undefined : world?.taskOf(query.conversationId);
    if (fromWorld !== undefined) return fromWorld;
    const index = query.features?.taskIndex ?? Math.floor(query.cell / modalities);
    return taxonomy.taskTypes[index]?.id ?? "";
  };
  const occupancy = (table: RoutingTable, a: number): number =>
    world ? world.occupancy(cast[a]!.id) : table.load[a]!;
  return {
    name: world ? "oracle" : "oracle-static-skills",
    select(table, candidates, query): RouteDecision | null {
      const task = taskOf(query);
      let usable: number[] = [];
      for (let k = 0; k < candidates.length; k++) {
        const a = candidates[k]!;
        if (table.available[a] !== 1 || query.exclude?.has(a) || cast[a] === undefined) continue;
        usable.push(a);
      }
      if (usable.length === 0) return null;
      usable = narrow(usable, (a) => !(world?.wouldReject?.(cast[a]!.id) ?? false));
      const deadline = world?.deadlineMs;
      if (deadline !== undefined) {
        // expected wait: the world's estimate when it has one, else "a free slot answers at once,
        // a saturated agent queues" (occupancy as the cost)
        const latency = world?.expectedLatencyMs
          ? (a: number) => world.expectedLatencyMs!(cast[a]!.id)
          : (a: number) => (occupancy(table, a) < 1 ? 0 : deadline + occupancy(table, a));
        const onTime = usable.filter((a) => latency(a) <= deadline);
        usable = onTime.length > 0 ? onTime : [argmax(usable, (a) => -latency(a))];
      }
      let best = Number.NEGATIVE_INFINITY;
      for (const a of usable) best = Math.max(best, skillOf(cast[a]!.id, task));
      const good = usable.filter((a) => skillOf(cast[a]!.id, task) >= best - ORACLE_SKILL_MARGIN);
      const free = good.filter((a) => occupancy(table, a) < 1);
      let chosen: number;
      if (free.includes(query.previous)) chosen = query.previous;
      else if (free.length > 0) chosen = argmax(free, (a) => skillOf(cast[a]!.id, task));
      else chosen = argmax(good, (a) => -occupancy(table, a));
      const capability = skillOf(cast[chosen]!.id, task);
      return { agentIndex: chosen, score: capability, capability, load: table.load[chosen]! };
    },
  };
}

/** The items passing `keep`, or all of them when none does. */
function narrow(items: number[], keep: (a: number) => boolean): number[] {
  const kept = items.filter(keep);
  return kept.length > 0 ? kept : items;
}

function argmax(items: readonly number[], value: (a: number) => number): number {
  let best = items[0]!;
  let bestValue = value(best);
  for (const a of items) {
    const v = value(a);
    if (v > bestValue) {
      best = a;
      bestValue = v;
    }
  }
  return best;
}
