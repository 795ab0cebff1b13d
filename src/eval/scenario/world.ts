/**
 * @module eval/scenario/world
 * Turns a validated scenario into what the runner plays: the cast (declared and hidden parts of
 * every agent, drift attached to its agent), the generator options, the conversations in flight
 * at each point of the run, and the base configuration every method shares (with the history
 * token budget as `handoff.contextTokens`).
 */
import type { RapoConfigInput } from "../../config/schema.js";
import type { CastMember } from "../cast.js";
import type { GeneratorOptionsInput } from "../generator/options.js";
import { mergeConfig } from "../runner/merge-config.js";
import type { Scenario } from "./schema.js";

/** The scenario's cast, in file order (the agent index order). */
export function castOf(scenario: Scenario): CastMember[] {
  return scenario.agents.map((a) => {
    const drift = scenario.drift
      .filter((d) => d.agent === a.id)
      .map((d) => ({ taskType: d.taskType, to: d.to, at: d.at }));
    return {
      id: a.id,
      role: a.role,
      specialties: [...a.specialties],
      skills: { ...a.skills },
      defaultSkill: a.defaultSkill,
      capacity: a.capacity,
      latency: { ...a.latency },
      pricing: { ...a.price },
      ...(a.rateLimit ? { rateLimit: { ...a.rateLimit } } : {}),
      ...(drift.length > 0 ? { drift } : {}),
      ...(a.pool ? { pool: a.pool } : {}),
    };
  });
}

/** Generator options of the scenario for `conversations` conversations and `seed`. */
export function generatorOptionsOf(
  scenario: Scenario,
  conversations: number,
  seed: number,
): GeneratorOptionsInput {
  return { ...(scenario.workload.generator as Partial<GeneratorOptionsInput>), conversations, seed };
}

/** Total model slots of the scenario's agents. */
export function totalSlots(scenario: Pick<Scenario, "agents">): number {
  return scenario.agents.reduce((s, a) => s + a.capacity, 0);
}

/**
 * Conversations in flight when conversation `position` (0-based) of `total` is due to start:
 * the constant, or the linear ramp from `start` (first conversation) to `end` (last one).
 */
export function concurrencyAt(
  concurrency: Scenario["workload"]["concurrency"],
  position: number,
  total: number,
): number {
  if (typeof concurrency === "number") return concurrency;
  const f = total <= 1 ? 0 : Math.min(1, Math.max(0, position / (total - 1)));
  return Math.max(1, Math.round(concurrency.start + (concurrency.end - concurrency.start) * f));
}

/** Base configuration of every method: the scenario's `config`, plus the history token budget. */
export function baseConfigOf(scenario: Scenario): RapoConfigInput {
  const budget: RapoConfigInput =
    scenario.history === undefined
      ? {}
      : ({ handoff: { contextTokens: scenario.history.tokens } } as RapoConfigInput);
  return mergeConfig(scenario.config as RapoConfigInput, budget);
}
