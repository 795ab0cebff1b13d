/**
 * @module eval/cast
 * The simulated cast used by `rapo demo` and `rapo bench`: specialist agents with hidden skills
 * per task type (never shown to the orchestrator, which must learn them), declared specialties
 * (what a static router would know, and rapo's capability prior), latency, capacity and a small
 * fault rate.
 *
 * Calibration (a fair world where the mechanisms matter, that knows nothing of the answer key):
 * - routing matters: each specialist answers its own task type ~95% right and others ~45–60%; the
 *   generalist is a fair 0.72 everywhere, so always using it is a real but beatable strategy;
 * - context matters: questions need facts stated earlier (often ≥ 5 turns earlier), which the
 *   simulated model can use only when they reach its prompt;
 * - conventions matter: wording (and so ROUGE-L between agents) follows the prompt components
 *   each agent is given; without a shared glossary each agent has its own synonyms and templates,
 *   and without the confirm-entities directive it uses a pronoun instead of a name 20% of the time;
 * - load matters: 4 concurrent calls per agent, FIFO queueing beyond, latency grows with answer length.
 */

import type { SimulatedProfileInput } from "../models/simulated/profile.js";
import type { SimClock } from "../models/simulated/scheduler.js";
import { type SimulatedLanguageModel, simulatedModel } from "../models/simulated/simulated-model.js";
import type { AgentSpec } from "../runtime/types.js";

/** One member of the cast. */
export interface CastMember {
  id: string;
  role: string;
  /** SPEC §6 scheduling pool (public); none: the default pool. */
  pool?: string;
  /** task types the agent declares as its specialty (public). */
  specialties: string[];
  /** hidden success probability per task type (private to the simulated model). */
  skills: Record<string, number>;
  defaultSkill: number;
  /** concurrent calls before queueing (default {@link DEFAULT_CAST_SETTINGS}.capacity). */
  capacity?: number;
  /** latency model of its simulated model (default {@link DEFAULT_CAST_SETTINGS}.latency). */
  latency?: SimulatedProfileInput["latency"];
  /** USD per million input / output tokens (public, like a provider's price list). */
  pricing?: { inputPerMTok: number; outputPerMTok: number };
  /** provider rate limit (429 with Retry-After beyond it). */
  rateLimit?: SimulatedProfileInput["rateLimit"];
  /** hidden skill changes over the run, read against {@link CastOptions.progress}. */
  drift?: { taskType: string; to: number; at: number }[];
}

/** SPEC §10: specialists for the triggers (grammar, knowledge, reasoning), the seed tasks, and dialogue. */
export const DEFAULT_CAST: readonly CastMember[] = [
  {
    id: "grammar-specialist",
    role: "Grammar specialist: syntax, rephrasing and style",
    specialties: ["grammar"],
    skills: { grammar: 0.99, dialogue: 0.7, creative: 0.6 },
    defaultSkill: 0.45,
  },
  {
    id: "knowledge-specialist",
    role: "Knowledge specialist: entities, relations and facts",
    specialties: ["knowledge"],
    skills: { knowledge: 0.99, retrieval: 0.8, reasoning: 0.6 },
    defaultSkill: 0.45,
  },
  {
    id: "reasoning-specialist",
    role: "Reasoning specialist: multi-step inference",
    specialties: ["reasoning", "math"],
    skills: { reasoning: 0.99, math: 0.95, problem_solving: 0.75 },
    defaultSkill: 0.45,
  },
  {
    id: "retrieval-agent",
    role: "Retrieval agent: finds and looks up stored information",
    specialties: ["retrieval"],
    skills: { retrieval: 0.99, knowledge: 0.75, dialogue: 0.6 },
    defaultSkill: 0.5,
  },
  {
    id: "planner",
    role: "Planner: solves practical problems",
    specialties: ["problem_solving"],
    skills: { problem_solving: 0.99, reasoning: 0.7, math: 0.7 },
    defaultSkill: 0.5,
  },
  {
    id: "writer",
    role: "Writer: creative content and summaries",
    specialties: ["creative", "summarisation"],
    skills: { creative: 0.99, summarisation: 0.9, grammar: 0.65 },
    defaultSkill: 0.5,
  },
  {
    id: "concierge",
    role: "Concierge: greetings, clarification and closing",
    specialties: ["dialogue"],
    skills: { dialogue: 0.99, retrieval: 0.6 },
    defaultSkill: 0.4,
  },
  { id: "generalist", role: "Generalist assistant", specialties: [], skills: {}, defaultSkill: 0.75 },
];

/** Latency, capacity and faults of every cast member's simulated model. */
export const DEFAULT_CAST_SETTINGS = {
  latency: { baseMs: 120, perTokenMs: 1.5, jitterMs: 40 },
  capacity: 4,
  errorRate: 0.01,
  /** probability of a pronoun instead of a name when the confirm-entities directive is absent. */
  pronounRate: 0.2,
  /** capability prior of a declared specialty (public information, SPEC §1 "optional capability prior"). */
  specialtyPrior: 0.7,
} as const;

/** Options of {@link castAgents}. */
export interface CastOptions {
  seed: number;
  /** shared simulated clock, so latencies and queueing add up across agents. */
  clock?: SimClock;
  /** probability that a call throws (SPEC §10 "occasional faults"). */
  errorRate?: number;
  /** pronoun rate without the confirm-entities directive (default {@link DEFAULT_CAST_SETTINGS}). */
  pronounRate?: number;
  /** capability prior of a declared specialty (default {@link DEFAULT_CAST_SETTINGS}). */
  specialtyPrior?: number;
  cast?: readonly CastMember[];
  /** how far the run is, in [0, 1], for the members' `drift`. */
  progress?: () => number;
}

/**
 * Builds fresh simulated agents for the cast (identical for every method given the same seed).
 * Each agent declares its specialties as a capability prior; its hidden skills stay in its model.
 */
export function castAgents(options: CastOptions): (AgentSpec & { model: SimulatedLanguageModel })[] {
  const cast = options.cast ?? DEFAULT_CAST;
  const s = DEFAULT_CAST_SETTINGS;
  const prior = options.specialtyPrior ?? s.specialtyPrior;
  return cast.map((member, i) => {
    const capacity = member.capacity ?? s.capacity;
    return {
      id: member.id,
      role: member.role,
      capacity,
      ...(member.specialties.length > 0
        ? { capabilityPrior: Object.fromEntries(member.specialties.map((t) => [t, prior])) }
        : {}),
      ...(member.pricing ? { pricing: { ...member.pricing } } : {}),
      ...(member.pool ? { pool: member.pool } : {}),
      model: simulatedModel(
        {
          id: member.id,
          seed: options.seed * 1000 + i,
          skills: member.skills,
          defaultSkill: member.defaultSkill,
          latency: { ...(member.latency ?? s.latency) },
          capacity,
          pronounRate: options.pronounRate ?? s.pronounRate,
          faults: { errorRate: options.errorRate ?? s.errorRate, hangRate: 0 },
          ...(member.rateLimit ? { rateLimit: member.rateLimit } : {}),
          ...(member.drift ? { drift: member.drift } : {}),
        },
        {
          ...(options.clock ? { clock: options.clock } : {}),
          ...(options.progress ? { progress: options.progress } : {}),
        },
      ),
    };
  });
}
