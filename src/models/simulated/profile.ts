/**
 * @module models/simulated/profile
 * The profile of a simulated agent: its seed, hidden skills, latency, capacity and faults.
 * Validated with zod; an invalid profile is a ConfigError naming the field.
 */
import { z } from "zod";
import { ConfigError } from "../../errors.js";
import { categorySchema } from "../../state/taxonomy.js";

const unit = z.number().min(0).max(1);
const nonNegative = z.number().min(0);

/** Latency of one call: base + per output token + uniform jitter, in simulated ms. */
export const latencySchema = z
  .object({
    baseMs: nonNegative.default(200),
    perTokenMs: nonNegative.default(8),
    jitterMs: nonNegative.default(50),
    /** ms per input (prompt) token: a long prompt takes longer to read (0 = free). */
    perInputTokenMs: nonNegative.default(0),
    /**
     * per-token slowdown as slots fill: the service time is multiplied by
     * 1 + slowdown × (busy slots / capacity) at the call's start (0 = no slowdown).
     */
    slowdown: nonNegative.default(0),
  })
  .strict();

/** A provider rate limit: beyond `requests` calls in any `perMs` window, a call gets a 429. */
export const rateLimitSchema = z
  .object({
    /** calls admitted per window. */
    requests: z.number().int().positive(),
    /** window length, simulated ms. */
    perMs: z.number().positive(),
    /** simulated latency of the 429 answer itself. */
    rejectMs: nonNegative.default(20),
  })
  .strict();

/** A skill change at a point of the run (a model version change). */
export const driftSchema = z
  .object({
    /** task type (of the model's own task detection) whose skill changes. */
    taskType: z.string().min(1),
    /** skill from `at` on. */
    to: unit,
    /** point of the run (the `progress` option's value, 0–1) from which `to` applies. */
    at: unit,
  })
  .strict();

/** Fault probabilities per call. */
export const faultsSchema = z
  .object({
    /** the call throws a ModelError. */
    errorRate: unit.default(0),
    /** the call never resolves until its abort signal fires. */
    hangRate: unit.default(0),
  })
  .strict();

/** A simulated agent's profile. Unknown keys are rejected, so a misspelt field is not ignored. */
export const simulatedProfileSchema = z
  .object({
    /** agent id; the model id is `sim-<id>`. */
    id: z.string().min(1),
    /** seed of every random choice of this agent (its wording, its skill rolls, its faults). */
    seed: z.number().int().default(0),
    /** hidden success probability per task type id; the orchestrator must learn these. */
    skills: z.record(z.string(), unit).default({}),
    /** success probability for task types missing from `skills`. */
    defaultSkill: unit.default(0.7),
    latency: latencySchema.default(latencySchema.parse({})),
    /** concurrent calls served before calls queue. */
    capacity: z.number().int().positive().default(4),
    faults: faultsSchema.default(faultsSchema.parse({})),
    /** provider rate limit (absent: none). */
    rateLimit: rateLimitSchema.optional(),
    /** skill changes over the run (read against the `progress` option of the model). */
    drift: z.array(driftSchema).default([]),
    /** real ms waited per simulated ms; 0 = never wait, only report simulated latency. */
    timeScale: nonNegative.default(0),
    /** probability of pronouns instead of names when the confirm-entities directive is absent. */
    pronounRate: unit.default(0.3),
    /** task types whose cue words the model detects (default: SPEC §2 taxonomy). */
    taskTypes: z.array(categorySchema).min(1).optional(),
  })
  .strict();

/** A validated profile. */
export type SimulatedProfile = z.infer<typeof simulatedProfileSchema>;

/** What a caller passes: only `id` is required. */
export type SimulatedProfileInput = z.input<typeof simulatedProfileSchema>;

/** Validates a profile, filling defaults; throws ConfigError naming the offending field. */
export function resolveProfile(input: SimulatedProfileInput): SimulatedProfile {
  const parsed = simulatedProfileSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = `profile.${issue.path.join(".")}`;
  throw new ConfigError(`invalid simulated model ${field}: ${issue.message}`, { field });
}
