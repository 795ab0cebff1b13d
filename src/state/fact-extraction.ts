/**
 * @module state/fact-extraction
 * Facts established in a conversation (SPEC §3 handoff packet): {@link extractFacts} finds the
 * informative declarative sentences and the entities of a text; {@link FactLedger} keeps them
 * ordered, de-duplicated and capped across turns.
 */
export { FactLedger, type FactLedgerOptions, normaliseFact } from "./fact-ledger.js";
export { type ExtractedFacts, extractFacts } from "./fact-sentences.js";
export { extractTurnFacts, type Speaker, type TurnFacts, type ValueFact } from "./turn-facts.js";
export { findTypedValues, type TypedValue } from "./typed-values.js";
