/**
 * @module eval/dialogue/run-routers
 * Plays the dialogue workload through a router and measures it (variant 1: one agent per
 * domain; a turn is answered right iff it reaches its domain's agent):
 * - {@link scoreTextRouter} for the baseline text routers (TF-IDF, sticky TF-IDF, embedding
 *   similarity) and the oracle, outside the orchestrator;
 * - {@link runRapoDialogues} for rapo through its public API (`send`, `feedback`, `tick`), one
 *   agent per domain with a 0.9 capability prior on its declared domain, with or without honest
 *   0/1 feedback; or, with `oracle`, rapo's runtime under a routing policy that follows the gold
 *   domain — every real switch then hands over a packet, which measures the ledger alone.
 */
import type { RoutingPolicy } from "../../routing/router.js";
import { Orchestrator } from "../../runtime/orchestrator.js";
import type { AgentSpec } from "../../runtime/types.js";
import type { DomainSpec } from "./domain-spec.js";
import { declaredTaxonomy } from "./domains.js";
import type { Dialogue } from "./generate-dialogues.js";
import { type ReplayChannel, replayModel } from "./replay-model.js";
import { FiguresAccumulator, type RoutingFigures } from "./routing-figures.js";
import type { TextRouter } from "./text-routers.js";

/** Capability prior an agent declares on its own domain (others get `routing.capabilityPrior`). */
export const DECLARED_PRIOR = 0.9;

/** Scores a text router on the workload. */
export function scoreTextRouter(
  dialogues: readonly Dialogue[],
  domains: readonly DomainSpec[],
  router: TextRouter,
): RoutingFigures {
  const index = new Map(domains.map((d, i) => [d.id, i]));
  const figures = new FiguresAccumulator(router.name);
  for (const dialogue of dialogues) {
    let current = -1;
    for (const turn of dialogue.turns) {
      const chosen = router.route(turn.user, current);
      figures.turn(chosen === index.get(turn.domain), current >= 0 && chosen !== current, turn.switched);
      current = chosen;
    }
  }
  return figures.figures();
}

/** The oracle: every turn goes to its gold domain. */
export function oracleRouter(dialogues: readonly Dialogue[], domains: readonly DomainSpec[]): RoutingFigures {
  const gold = dialogues.flatMap((d) => d.turns.map((t) => domains.findIndex((x) => x.id === t.domain)));
  let k = 0;
  return scoreTextRouter(dialogues, domains, { name: "oracle", route: () => gold[k++]! });
}

/** Options of {@link runRapoDialogues}. */
export interface RapoRunOptions {
  /** honest 0/1 feedback on every turn. */
  feedback: boolean;
  /** route by the gold domain instead (measures the handoff ledger independently of routing). */
  oracle?: boolean;
  /** extra rapo configuration. */
  config?: Record<string, unknown>;
  /** name of the row. */
  name?: string;
}

/** Plays the workload through rapo's public API and measures it. */
export async function runRapoDialogues(
  dialogues: readonly Dialogue[],
  domains: readonly DomainSpec[],
  options: RapoRunOptions,
): Promise<RoutingFigures> {
  const channel: ReplayChannel = { next: "" };
  const gold = { index: -1 };
  const agents: AgentSpec[] = domains.map((d) => ({
    id: d.id,
    role: d.description,
    model: replayModel(d.id, channel),
    capabilityPrior: { [d.id]: DECLARED_PRIOR },
  }));
  const rapo = await Orchestrator.create({
    agents,
    taxonomy: declaredTaxonomy(domains),
    config: { loop: { autoStart: false }, ...(options.config ?? {}) },
    ...(options.oracle ? { routing: goldRouting(gold) } : {}),
  });
  const name =
    options.name ??
    (options.oracle ? "rapo runtime, oracle routing" : `rapo${options.feedback ? " + feedback" : ""}`);
  const figures = new FiguresAccumulator(name);
  try {
    for (const dialogue of dialogues) {
      const conversationId = await rapo.startConversation();
      let current: string | null = null;
      for (const turn of dialogue.turns) {
        channel.next = turn.assistant;
        gold.index = domains.findIndex((d) => d.id === turn.domain);
        const reply = await rapo.send({ conversationId, content: turn.user });
        const right = reply.agentId === turn.domain;
        figures.turn(right, current !== null && reply.agentId !== current, turn.switched);
        if (turn.switched && reply.handoff)
          figures.packet(turn.earlierValues, reply.handoff.facts, reply.handoff.entities);
        if (options.feedback) await rapo.feedback(reply.turnId, right ? 1 : 0);
        current = reply.agentId;
      }
      await rapo.endConversation(conversationId);
      await rapo.tick();
    }
  } finally {
    await rapo.close();
  }
  return figures.figures();
}

/** A routing policy that follows the gold domain the harness sets before each turn. */
function goldRouting(gold: { index: number }): RoutingPolicy {
  return {
    name: "oracle",
    select(table, candidates) {
      const a = candidates.includes(gold.index) ? gold.index : candidates[0];
      if (a === undefined) return null;
      return { agentIndex: a, score: 1, capability: 1, load: table.load[a] ?? 0 };
    },
  };
}
