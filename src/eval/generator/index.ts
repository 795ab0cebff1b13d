/**
 * @module eval/generator
 * The synthetic benchmark of SPEC §10: seeded conversations over an FSM of states, phrased by a
 * 50/30/20-production grammar, with complexity in three dimensions, specialist triggers, and an
 * answer key per turn; JSONL export and import.
 */

export { hashString, mixSeeds } from "../../util/hash.js";
export { createPrng, type Prng } from "../../util/random.js";
export { type FsmSetup, triggerOf } from "./conversation-builder.js";
export { generateDataset } from "./generate.js";
export {
  expand,
  GRAMMAR,
  GRAMMAR_COUNTS,
  type Production,
  type ProductionFamily,
  productionsOf,
} from "./grammar.js";
export { parseJsonl, readJsonl, toJsonl, writeJsonl } from "./jsonl.js";
export {
  type GeneratorOptions,
  type GeneratorOptionsInput,
  generatorOptionsSchema,
  resolveGeneratorOptions,
} from "./options.js";
export { expectedLength, middleMix, sampleLength, sampleStates, transitionMatrix } from "./state-machine.js";
export {
  type ExpectedAnswer,
  SPECIALIST_TRIGGERS,
  type SpecialistTrigger,
  type SyntheticConversation,
  type SyntheticTurn,
  syntheticConversationSchema,
  syntheticTurnSchema,
  TURN_STATES,
  type TurnComplexity,
  type TurnState,
} from "./types.js";
export { buildWorld, CITY_WORDS, PRODUCT_WORDS, SITE_KINDS, type World } from "./world.js";
