/**
 * @module eval/dialogue/imperfect-declarations
 * Variant 2 of the dialogue benchmark: the same dialogues with six agents whose declared
 * capabilities are imperfect. The domains are split in six groups of three (seeded); agent k is
 * strong (hidden skill 0.9) on group k and weak (0.35) elsewhere, and declares its group with a
 * 0.9 capability prior — except that
 * - the over-claimer (agent 4) also declares group 5, where it is weak;
 * - the under-declarer (agent 5) declares nothing, though it is the only strong agent on group 5;
 * - the drifter (agent 3) falls from 0.9 to 0.4 on its group at mid-run, where agent 0 (0.6,
 *   undeclared) is then the best.
 * Each turn succeeds iff a uniform draw (the same draw for every router) is below the routed
 * agent's skill; rapo gets honest 0/1 feedback on every turn. Rows: rapo with and without
 * feedback, static routing by declaration on rapo's classified domain, random, and the oracle
 * (the best agent at that moment).
 */
import { Orchestrator } from "../../runtime/orchestrator.js";
import type { AgentSpec } from "../../runtime/types.js";
import { createPrng } from "../../util/random.js";
import type { DomainSpec } from "./domain-spec.js";
import { declaredTaxonomy } from "./domains.js";
import type { Dialogue } from "./generate-dialogues.js";
import { type ReplayChannel, replayModel } from "./replay-model.js";
import { FiguresAccumulator, type RoutingFigures } from "./routing-figures.js";

/** Hidden skills of the six agents. */
export const SKILL = { strong: 0.9, weak: 0.35, drifted: 0.4, runnerUp: 0.6 } as const;
const AGENTS = 6;
const OVER_CLAIMER = 4;
const UNDER_DECLARER = 5;
const DRIFTER = 3;
const RUNNER_UP = 0;

/** The cast of variant 2: declared domains and hidden skill per (agent, domain, turn). */
export interface ImperfectCast {
  /** domain ids per agent, strong group. */
  groups: string[][];
  /** domains each agent declares. */
  declared: string[][];
  /** hidden skill of agent `a` on `domain` at global turn `t` of `total`. */
  skill(a: number, domain: string, t: number, total: number): number;
}

/** Builds the cast for a seed. Needs at least 18 domains (six groups of three). */
export function imperfectCast(domains: readonly DomainSpec[], seed: number): ImperfectCast {
  const ids = createPrng(seed)
    .fork("groups")
    .shuffle(domains.map((d) => d.id));
  const groups = Array.from({ length: AGENTS }, (_, k) => ids.slice(3 * k, 3 * k + 3));
  const groupOf = new Map<string, number>();
  groups.forEach((g, k) => {
    for (const id of g) groupOf.set(id, k);
  });
  const declared = groups.map((g, k) =>
    k === UNDER_DECLARER ? [] : k === OVER_CLAIMER ? [...g, ...groups[UNDER_DECLARER]!] : [...g],
  );
  return {
    groups,
    declared,
    skill(a, domain, t, total) {
      const g = groupOf.get(domain) ?? -1;
      const late = t >= total / 2;
      if (g === DRIFTER && late)
        return a === DRIFTER ? SKILL.drifted : a === RUNNER_UP ? SKILL.runnerUp : SKILL.weak;
      if (g === DRIFTER && a === RUNNER_UP) return SKILL.runnerUp;
      return a === g ? SKILL.strong : SKILL.weak;
    },
  };
}

/** Figures of every row of variant 2. */
export async function runImperfectDeclarations(
  dialogues: readonly Dialogue[],
  domains: readonly DomainSpec[],
  seed: number,
  config: Record<string, unknown> = {},
): Promise<RoutingFigures[]> {
  const cast = imperfectCast(domains, seed);
  const total = dialogues.reduce((n, d) => n + d.turns.length, 0);
  const draws = Float64Array.from({ length: total }, createPrng(seed).fork("draws").next);
  const withFeedback = await runRapo(dialogues, domains, cast, draws, true, config);
  const without = await runRapo(dialogues, domains, cast, draws, false, config);
  const rows = [withFeedback.figures, without.figures];
  rows.push(
    scoreChoices("static by declaration", dialogues, cast, draws, (_, t) =>
      declaredOwner(cast, without.classified[t]!),
    ),
  );
  const random = createPrng(seed).fork("random");
  rows.push(scoreChoices("random", dialogues, cast, draws, () => random.int(0, AGENTS - 1)));
  rows.push(scoreChoices("oracle", dialogues, cast, draws, (domain, t) => best(cast, domain, t, total)));
  return rows;
}

async function runRapo(
  dialogues: readonly Dialogue[],
  domains: readonly DomainSpec[],
  cast: ImperfectCast,
  draws: Float64Array,
  feedback: boolean,
  config: Record<string, unknown>,
): Promise<{ figures: RoutingFigures; classified: string[] }> {
  const channel: ReplayChannel = { next: "" };
  const agents: AgentSpec[] = cast.declared.map((declared, k) => ({
    id: `agent-${k}`,
    role:
      declared.length > 0
        ? `Assistant for ${declared.map((id) => domains.find((d) => d.id === id)!.description.toLowerCase()).join("; ")}`
        : "General assistant",
    model: replayModel(`agent-${k}`, channel),
    capabilityPrior: Object.fromEntries(declared.map((id) => [id, SKILL.strong])),
  }));
  const rapo = await Orchestrator.create({
    agents,
    taxonomy: declaredTaxonomy(domains),
    config: { ...config, loop: { autoStart: false } },
  });
  const figures = new FiguresAccumulator(`rapo${feedback ? " + feedback" : ""}`);
  const classified: string[] = [];
  let t = 0;
  try {
    for (const dialogue of dialogues) {
      const conversationId = await rapo.startConversation();
      let current: string | null = null;
      for (const turn of dialogue.turns) {
        channel.next = turn.assistant;
        const reply = await rapo.send({ conversationId, content: turn.user });
        const a = Number(reply.agentId.slice("agent-".length));
        const success = draws[t]! < cast.skill(a, turn.domain, t, draws.length);
        figures.turn(success, current !== null && reply.agentId !== current, turn.switched);
        classified.push(reply.taskType);
        if (feedback) await rapo.feedback(reply.turnId, success ? 1 : 0);
        current = reply.agentId;
        t++;
      }
      await rapo.endConversation(conversationId);
      await rapo.tick();
    }
  } finally {
    await rapo.close();
  }
  return { figures: figures.figures(), classified };
}

/** Scores a choice of agent per turn (given the gold domain and the global turn index). */
function scoreChoices(
  name: string,
  dialogues: readonly Dialogue[],
  cast: ImperfectCast,
  draws: Float64Array,
  choose: (domain: string, t: number) => number,
): RoutingFigures {
  const figures = new FiguresAccumulator(name);
  let t = 0;
  for (const dialogue of dialogues) {
    let current = -1;
    for (const turn of dialogue.turns) {
      const a = choose(turn.domain, t);
      figures.turn(
        draws[t]! < cast.skill(a, turn.domain, t, draws.length),
        current >= 0 && a !== current,
        turn.switched,
      );
      current = a;
      t++;
    }
  }
  return figures.figures();
}

/** The first agent declaring `domain` (agent 0 when none does). */
function declaredOwner(cast: ImperfectCast, domain: string): number {
  return Math.max(
    0,
    cast.declared.findIndex((list) => list.includes(domain)),
  );
}

function best(cast: ImperfectCast, domain: string, t: number, total: number): number {
  let top = 0;
  for (let a = 1; a < AGENTS; a++)
    if (cast.skill(a, domain, t, total) > cast.skill(top, domain, t, total)) top = a;
  return top;
}
