/**
 * @module eval/dialogue
 * The multi-domain dialogue workload and its benchmark (`npm run bench:dialogue`): seeded
 * task dialogues over 18 service domains, the baseline routers, and the runners that measure
 * routing accuracy, handoffs per real switch and slot values carried in handoff packets.
 */
export type { DomainSpec, SlotSpec } from "./domain-spec.js";
export { DIALOGUE_DOMAINS, declaredTaxonomy } from "./domains.js";
export {
  type Dialogue,
  type DialogueOptions,
  type DialogueTurn,
  generateDialogues,
} from "./generate-dialogues.js";
export {
  type ImperfectCast,
  imperfectCast,
  runImperfectDeclarations,
  SKILL,
} from "./imperfect-declarations.js";
export { type LongCarryFigures, type LongCarryOptions, longConversationCarry } from "./long-carry.js";
export { type ReplayChannel, replayModel } from "./replay-model.js";
export { FiguresAccumulator, type RoutingFigures } from "./routing-figures.js";
export {
  DECLARED_PRIOR,
  oracleRouter,
  type RapoRunOptions,
  runRapoDialogues,
  scoreTextRouter,
} from "./run-routers.js";
export { type SlotKind, type SlotValue, valueInFacts } from "./slot-values.js";
export {
  similarityRouter,
  stickyTfidfRouter,
  type TextRouter,
  TfidfIndex,
  terms,
  tfidfRouter,
} from "./text-routers.js";
