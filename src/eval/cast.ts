/**
 * @module eval/cast
 * The simulated cast used by `rapo demo` and `rapo bench`: specialist agents with hidden skills
 * per task type (never shown to the orchestrator, which must learn them), declared specialties
 * (what a static router would know), latency, capacity and a small fault rate.
 */
import { type SimulatedLanguageModel, simulatedModel } from "../models/simulated/simulated-model.js";
import type { SimClock } from "../models/simulated/scheduler.js";
import type { AgentSpec } from "../runtime/types.js";

/** One member of the cast. */
export interface CastMember {
  id: string;
  role: string;
  /** task types the agent declares as its specialty (public). */
  specialties: string[];
  /** hidden success probability per task type (private to the simulated model). */
  skills: Record<string, number>;
  defaultSkill: number;
}

/** SPEC §10: specialists for the triggers (grammar, knowledge, reasoning), the seed tasks, and dialogue. */
export const DEFAULT_CAST: readonly CastMember[] = [
  { id: "grammar-specialist", role: "Grammar specialist: syntax, rephrasing and style", specialties: ["grammar"], skills: { grammar: 0.96, dialogue: 0.7 }, defaultSkill: 0.45 },
  { id: "knowledge-specialist", role: "Knowledge specialist: entities, relations and facts", specialties: ["knowledge"], skills: { knowledge: 0.96, retrieval: 0.75 }, defaultSkill: 0.45 },
  { id: "reasoning-specialist", role: "Reasoning specialist: multi-step inference", specialties: ["reasoning", "math"], skills: { reasoning: 0.96, math: 0.9, problem_solving: 0.7 }, defaultSkill: 0.45 },
  { id: "retrieval-agent", role: "Retrieval agent: finds and looks up stored information", specialties: ["retrieval"], skills: { retrieval: 0.94, knowledge: 0.6 }, defaultSkill: 0.5 },
  { id: "planner", role: "Planner: solves practical problems", specialties: ["problem_solving"], skills: { problem_solving: 0.94, reasoning: 0.6 }, defaultSkill: 0.5 },
  { id: "writer", role: "Writer: creative content and summaries", specialties: ["creative", "summarisation"], skills: { creative: 0.95, summarisation: 0.85, grammar: 0.6 }, defaultSkill: 0.5 },
  { id: "concierge", role: "Concierge: greetings, clarification and closing", specialties: ["dialogue"], skills: { dialogue: 0.97 }, defaultSkill: 0.4 },
  { id: "generalist", role: "Generalist assistant", specialties: [], skills: {}, defaultSkill: 0.72 },
];

/** Options of {@link castAgents}. */
export interface CastOptions {
  seed: number;
  /** shared simulated clock, so latencies and queueing add up across agents. */
  clock?: SimClock;
  /** probability that a call throws (SPEC §10 "occasional faults"). */
  errorRate?: number;
  cast?: readonly CastMember[];
}

/** Builds fresh simulated agents for the cast (identical for every method given the same seed). */
export function castAgents(options: CastOptions): (AgentSpec & { model: SimulatedLanguageModel })[] {
  const cast = options.cast ?? DEFAULT_CAST;
  return cast.map((member, i) => ({
    id: member.id,
    role: member.role,
    capacity: 4,
    model: simulatedModel(
      {
        id: member.id,
        seed: options.seed * 1000 + i,
        skills: member.skills,
        defaultSkill: member.defaultSkill,
        latency: { baseMs: 120, perTokenMs: 1.5, jitterMs: 40 },
        capacity: 4,
        faults: { errorRate: options.errorRate ?? 0.01, hangRate: 0 },
      },
      options.clock ? { clock: options.clock } : {},
    ),
  }));
}
