/**
 * @module eval/generator/types
 * Synthetic conversations and their answer keys, as zod schemas (used to validate JSONL) with
 * the TypeScript types inferred from them. The answer key (`expected`) is for the verifier
 * only; nothing of it is ever sent to a model.
 */
import { z } from "zod";

/** SPEC §10: the states of the conversation finite-state machine. */
export const TURN_STATES = ["greeting", "query", "information", "clarification", "conclusion"] as const;

/** One conversation state. */
export type TurnState = (typeof TURN_STATES)[number];

/** SPEC §10: specialists a complexity threshold can trigger. */
export const SPECIALIST_TRIGGERS = ["grammar", "knowledge", "reasoning"] as const;

/** A specialist trigger. */
export type SpecialistTrigger = (typeof SPECIALIST_TRIGGERS)[number];

const count = z.number().int().min(0);

/** The answer key of a turn. */
export const expectedSchema = z.object({
  /** the result a correct answer states (a number, an entity, a sentence); null: nothing to check. */
  result: z.string().nullable(),
  /** strings a correct answer must contain (e.g. the entity a slogan is for). */
  mustInclude: z.array(z.string()),
  /** fact sentences the answer depends on (all stated in earlier turns or in this one). */
  neededFacts: z.array(z.string()),
});

/** SPEC §6/§10: complexity of one turn (same fields as the classifier's `Complexity`). */
export const turnComplexitySchema = z.object({
  /** parse-tree depth of the turn's deepest sentence (3–12). */
  syntacticDepth: count,
  /** distinct entities named in the turn. */
  entityCount: count,
  /** inference steps the turn asks for (1–8). */
  inferenceSteps: count,
});

/** One user turn and its answer key. */
export const syntheticTurnSchema = z.object({
  /** 0-based position in the conversation. */
  index: count,
  state: z.enum(TURN_STATES),
  /** the user message. */
  user: z.string().min(1),
  /** task type of the default taxonomy the turn is phrased as (its cue words). */
  taskType: z.string().min(1),
  /** the specialist a complexity threshold triggers, if any. */
  trigger: z.enum(SPECIALIST_TRIGGERS).nullable(),
  /** task type whose specialist should serve the turn: the trigger, else `taskType`. */
  specialist: z.string().min(1),
  /** the specialist differs from the previous turn's: a transition (false on the first turn). */
  topicShift: z.boolean(),
  complexity: turnComplexitySchema,
  /** fact sentences stated in this turn. */
  facts: z.array(z.string()),
  expected: expectedSchema,
  /** ids of the grammar productions that produced the turn. */
  productions: z.array(z.string()),
});

/** A synthetic conversation. */
export const syntheticConversationSchema = z.object({
  id: z.string().min(1),
  /** task type of the seed query (retrieval / problem_solving / creative). */
  seedTask: z.string().min(1),
  turns: z.array(syntheticTurnSchema).min(1),
  /** SPEC §10 conversation-level complexity: entities (5–50) and relations (10–200). */
  complexity: z.object({ entities: count, relations: count }),
  /** number of specialist changes between consecutive turns. */
  transitions: count,
});

/** The answer key of a turn. */
export type ExpectedAnswer = z.infer<typeof expectedSchema>;
/** Complexity of one turn. */
export type TurnComplexity = z.infer<typeof turnComplexitySchema>;
/** One user turn and its answer key. */
export type SyntheticTurn = z.infer<typeof syntheticTurnSchema>;
/** A synthetic conversation. */
export type SyntheticConversation = z.infer<typeof syntheticConversationSchema>;
