/**
 * @module eval/generator/options
 * Options of the synthetic generator. Every SPEC §10 constant is a default here (state mix,
 * task mix, complexity ranges, specialist thresholds) and can be overridden; nothing else in the
 * generator hard-codes them.
 */
import { z } from "zod";
import { ConfigError } from "../../errors.js";

const unit = z.number().min(0).max(1);
const int = z.number().int();

const range = (min: number, max: number) =>
  z
    .object({ min: int.min(0).default(min), max: int.min(1).default(max) })
    .refine((r) => r.min <= r.max, { message: "min must be <= max" })
    .default({ min, max });

/** SPEC §10: share of turns in each conversation state (greeting 10%, query 20%…). */
export const stateMixSchema = z
  .object({
    greeting: unit.default(0.1),
    query: unit.default(0.2),
    information: unit.default(0.4),
    clarification: unit.default(0.2),
    conclusion: unit.default(0.1),
  })
  .default({ greeting: 0.1, query: 0.2, information: 0.4, clarification: 0.2, conclusion: 0.1 });

/** SPEC §10: seed task mix (retrieval 40%, problem solving 35%, creative 25%). */
export const taskMixSchema = z
  .object({ retrieval: unit.default(0.4), problem_solving: unit.default(0.35), creative: unit.default(0.25) })
  .default({ retrieval: 0.4, problem_solving: 0.35, creative: 0.25 });

/** SPEC §10: complexity thresholds that trigger a specialist. */
export const triggersSchema = z
  .object({
    /** parse depth > this → grammar specialist (SPEC §10: 8). */
    grammarDepth: int.default(8),
    /** entities in a turn > this → knowledge specialist (SPEC §10: 20). */
    knowledgeEntities: int.default(20),
    /** inference steps > this → reasoning specialist (SPEC §10: 4). */
    reasoningSteps: int.default(4),
  })
  .default({ grammarDepth: 8, knowledgeEntities: 20, reasoningSteps: 4 });

/** Options of `generateDataset`. */
export const generatorOptionsSchema = z
  .object({
    /** number of conversations (the paper: 1,000). */
    conversations: int.positive(),
    seed: int.default(42),
    /** turns per conversation, first (greeting) and last (conclusion) included. */
    minTurns: int.min(3).default(4),
    maxTurns: int.min(3).max(1000).default(40),
    /** skew of the length distribution: L = min + ⌊(max−min+1)·u^skew⌋ (mean ≈ 14.6 at 4–40). */
    lengthSkew: z.number().min(1).default(2.5),
    stateMix: stateMixSchema,
    taskMix: taskMixSchema,
    /** SPEC §10: parse-tree depth of a turn (3–12). */
    parseDepth: range(3, 12),
    /** SPEC §10: entities per conversation (5–50). */
    entities: range(5, 50),
    /** SPEC §10: relations (facts) per conversation (10–200). */
    relations: range(10, 200),
    /** SPEC §10: inference chain length (1–8). */
    inferenceSteps: range(1, 8),
    triggers: triggersSchema,
    /** mean share of query turns that exceed a specialist threshold (conversations vary around it). */
    triggerRate: unit.default(0.35),
    /**
     * Issue 9 (`long` scenario): questions after turn `neededAfter` prefer facts stated before
     * turn `statedBy` (10× the weight of other old facts), so early facts are needed late.
     */
    earlyFacts: z
      .object({ statedBy: int.min(1), neededAfter: int.min(0) })
      .strict()
      .optional(),
  })
  .refine((o) => o.minTurns <= o.maxTurns, { message: "minTurns must be <= maxTurns", path: ["minTurns"] });

/** Validated options. */
export type GeneratorOptions = z.infer<typeof generatorOptionsSchema>;

/** What a caller passes (only `conversations` is required). */
export type GeneratorOptionsInput = z.input<typeof generatorOptionsSchema>;

/** Validates options, filling the SPEC defaults; throws ConfigError naming the field. */
export function resolveGeneratorOptions(input: GeneratorOptionsInput): GeneratorOptions {
  const parsed = generatorOptionsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join(".");
  throw new ConfigError(`invalid generator option '${field}': ${issue.message}`, { field });
}
