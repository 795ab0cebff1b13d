/**
 * @module eval/scenario/schema
 * A scenario fixes the world an evaluation runs in, as data (YAML or JSON): the agents (hidden
 * skills per task type, declared roles and specialties, capacity, latency model, price, rate
 * limit), the workload (generator settings, conversation lengths, conversations in flight, i.e.
 * the offered load), the client deadline per turn, faults, skill drift, the history token budget
 * every method's prompt is held to, and base configuration applied to every method alike.
 *
 * Validated with zod; unknown keys are rejected so a misspelt field is never silently ignored,
 * and every error names the field path (`agents.2.skills.math`). The simulated models get the
 * hidden parts (skills, drift) of their own agent only; the orchestrator and the methods get the
 * declared parts (role, specialties) — nothing of the answer key ever reaches a model.
 */
import { z } from "zod";
import { generatorOptionsSchema } from "../generator/options.js";

const unit = z.number().min(0).max(1);
const nonNegative = z.number().min(0);

/** Latency model of one call, in simulated ms (see `models/simulated/profile`). */
export const scenarioLatencySchema = z
  .object({
    /** fixed cost of every call. */
    baseMs: nonNegative.default(120),
    /** per output token. */
    perTokenMs: nonNegative.default(1.5),
    /** per input (prompt) token. */
    perInputTokenMs: nonNegative.default(0),
    /** uniform random extra in [0, jitterMs). */
    jitterMs: nonNegative.default(40),
    /** service × (1 + slowdown × share of the agent's slots busy when the call starts). */
    slowdown: nonNegative.default(0),
  })
  .strict();

/** Price of an agent's model, USD per million tokens. */
export const priceSchema = z
  .object({ inputPerMTok: nonNegative.default(0), outputPerMTok: nonNegative.default(0) })
  .strict();

/** A per-agent provider rate limit: beyond `requests` calls per `perMs`, a 429 with Retry-After. */
export const scenarioRateLimitSchema = z
  .object({
    requests: z.number().int().positive(),
    perMs: z.number().positive(),
    /** simulated latency of the 429 answer. */
    rejectMs: nonNegative.default(20),
  })
  .strict();

/** One agent of the world. */
export const scenarioAgentSchema = z
  .object({
    id: z.string().min(1),
    /** the declared role description (public: routers and prompts see it). */
    role: z.string().min(1),
    /** task types the agent declares as its specialty (public; may be wrong). */
    specialties: z.array(z.string().min(1)).default([]),
    /** hidden success probability per task type (only the agent's simulated model reads it). */
    skills: z.record(z.string(), unit).default({}),
    /** hidden success probability on task types missing from `skills`. */
    defaultSkill: unit.default(0.5),
    /** concurrent calls served before calls queue. */
    capacity: z.number().int().positive().default(4),
    latency: scenarioLatencySchema.default(scenarioLatencySchema.parse({})),
    price: priceSchema.default(priceSchema.parse({})),
    rateLimit: scenarioRateLimitSchema.optional(),
    /** SPEC §6 scheduling pool of the agent (declare the pools in `config.pools`). */
    pool: z.string().min(1).optional(),
  })
  .strict();

/** Conversations in flight: a constant, or a linear ramp from `start` to `end` over the run. */
export const concurrencySchema = z.union([
  z.number().int().positive(),
  z.object({ start: z.number().int().positive(), end: z.number().int().positive() }).strict(),
]);

/** The workload: how many conversations, what they look like, how many at once. */
export const workloadSchema = z
  .object({
    /** conversations of a full run (`--conversations` overrides it). */
    conversations: z.number().int().positive().default(300),
    /**
     * generator settings (`eval/generator/options`) except `conversations` and `seed`, e.g.
     * `minTurns`, `maxTurns`, `taskMix`, `earlyFacts`.
     */
    generator: z.record(z.string(), z.unknown()).default({}),
    /** conversations in flight at once (the offered load). */
    concurrency: concurrencySchema.default(8),
    /**
     * user think time, simulated ms: the next turns arrive this long after the slowest answer
     * of the round (time passes even when no agent answers, e.g. every breaker open).
     */
    thinkMs: nonNegative.default(0),
  })
  .strict();

/** The client's deadline. */
export const deadlineSchema = z
  .object({
    /** a turn answered later than this (simulated ms) is a failed turn for the user; null: none. */
    turnMs: z.number().positive().nullable().default(null),
    /**
     * a model call still running after this long is abandoned with a timeout error, which
     * triggers the orchestrator's failover (default: `turnMs`).
     */
    attemptTimeoutMs: z.number().positive().optional(),
  })
  .strict();

/** A hidden skill change during the run (a model version change). */
export const scenarioDriftSchema = z
  .object({
    agent: z.string().min(1),
    taskType: z.string().min(1),
    /** the skill before (checked against the agent's `skills`, so the file states it explicitly). */
    from: unit,
    to: unit,
    /** share of the run's conversations started after which `to` applies (0.5: the midpoint). */
    at: unit,
  })
  .strict();

/** The scenario file. */
export const scenarioSchema = z
  .object({
    /** short id, e.g. `contended`. */
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lowercase letters, digits and dashes"),
    /** what the scenario tests and why, in a sentence or two. */
    description: z.string().min(1),
    agents: z.array(scenarioAgentSchema).min(1),
    /** capability prior of a declared specialty (public information given to rapo). */
    specialtyPrior: unit.default(0.7),
    workload: workloadSchema.default(workloadSchema.parse({})),
    deadline: deadlineSchema.default(deadlineSchema.parse({})),
    /**
     * history token budget of every method's prompt: conversation history plus any facts or
     * handoff packet (absent: each method's own window, as in the paper).
     */
    history: z.object({ tokens: z.number().int().positive() }).strict().optional(),
    faults: z
      .object({
        /** probability that a model call fails with an error. */
        errorRate: unit.default(0.01),
        /** probability of a pronoun instead of a name when the confirm-entities directive is absent. */
        pronounRate: unit.default(0.2),
      })
      .strict()
      .default({ errorRate: 0.01, pronounRate: 0.2 }),
    drift: z.array(scenarioDriftSchema).default([]),
    /** base rapo configuration applied to every method alike (e.g. `resilience.retry`). */
    config: z.record(z.string(), z.unknown()).default({}),
  })
  .strict()
  .superRefine((s, ctx) => {
    const ids = new Set<string>();
    s.agents.forEach((a, i) => {
      if (ids.has(a.id))
        ctx.addIssue({ code: "custom", path: ["agents", i, "id"], message: `duplicate agent id '${a.id}'` });
      ids.add(a.id);
    });
    s.drift.forEach((d, i) => {
      const agent = s.agents.find((a) => a.id === d.agent);
      if (!agent) {
        ctx.addIssue({ code: "custom", path: ["drift", i, "agent"], message: `no agent '${d.agent}'` });
        return;
      }
      const before = agent.skills[d.taskType] ?? agent.defaultSkill;
      if (Math.abs(before - d.from) > 1e-9)
        ctx.addIssue({
          code: "custom",
          path: ["drift", i, "from"],
          message: `agent '${d.agent}' has skill ${before} on '${d.taskType}', not ${d.from}`,
        });
    });
    const generator = generatorOptionsSchema.safeParse({ conversations: 1, ...s.workload.generator });
    if (!generator.success) {
      for (const issue of generator.error.issues)
        ctx.addIssue({
          code: "custom",
          path: ["workload", "generator", ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))],
          message: issue.message,
        });
    } else if ("conversations" in s.workload.generator || "seed" in s.workload.generator) {
      ctx.addIssue({
        code: "custom",
        path: ["workload", "generator"],
        message: "set conversations in workload.conversations and the seed on the command line",
      });
    }
  });

/** A validated scenario (defaults filled). */
export type Scenario = z.infer<typeof scenarioSchema>;
/** One agent of a validated scenario. */
export type ScenarioAgent = z.infer<typeof scenarioAgentSchema>;
/** What a scenario file holds before defaults. */
export type ScenarioInput = z.input<typeof scenarioSchema>;
