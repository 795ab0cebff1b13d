/**
 * @module models/simulated/style
 * How the simulated model words an answer. The directives it was given fix the structure
 * (restated facts, numbered steps, answer line, concision, explicit entities) and the sentence
 * templates (the glossary's, or those of the formal or friendly tone); everything the directives
 * leave open is chosen by the agent's own seed: its synonyms and, without a tone, its templates. So two agents sharing directives answer alike, and agents without a shared
 * glossary visibly differ — the effect that ROUGE-L turns into a consensus measurement.
 */

import { hashString } from "../../util/hash.js";
import type { Prng } from "../../util/random.js";
import type { DirectiveSet } from "./directives.js";

/** The words used for the glossary's three terms. */
export interface Vocabulary {
  /** quantities: "units" in the glossary. */
  units: string;
  /** vendors: "supplier" in the glossary. */
  supplier: string;
  /** locations: "site" in the glossary. */
  site: string;
}

/** The wording decisions for one answer. */
export interface Style {
  /** sentence-template family, 0 = the glossary's. */
  variant: 0 | 1 | 2;
  vocab: Vocabulary;
  /** begin with "Facts so far: …". */
  restate: boolean;
  /** number the reasoning steps. */
  steps: boolean;
  /** end with "Answer: <result>". */
  answerLine: boolean;
  /** short body. */
  concise: boolean;
  /** name entities (false: pronouns where the sentence allows). */
  names: boolean;
  /** say which turn established each fact used. */
  citeTurns: boolean;
}

/** The glossary's canonical terms (DIRECTIVES.glossary). */
export const GLOSSARY: Vocabulary = { units: "units", supplier: "supplier", site: "site" };

const UNIT_WORDS = ["items", "pieces", "articles"] as const;
const SUPPLIER_WORDS = ["vendor", "provider", "source"] as const;
const SITE_WORDS = ["location", "facility", "place"] as const;

/** The synonyms an agent uses when it has no shared glossary (fixed per agent seed). */
export function ownVocabulary(seed: number): Vocabulary {
  const h = hashString(`vocab|${seed}`);
  return {
    units: UNIT_WORDS[h % 3] as string,
    supplier: SUPPLIER_WORDS[(h >>> 4) % 3] as string,
    site: SITE_WORDS[(h >>> 8) % 3] as string,
  };
}

/** The template family an agent uses when it has no shared glossary (fixed per agent seed). */
export function ownVariant(seed: number): 1 | 2 {
  return hashString(`variant|${seed}`) % 2 === 0 ? 1 : 2;
}

/**
 * Chooses the style of one answer. `rng` (keyed on the prompt) only decides whether an agent
 * without the confirm-entities directive falls back to pronouns this time.
 */
export function chooseStyle(directives: DirectiveSet, seed: number, pronounRate: number, rng: Prng): Style {
  const glossary = directives.glossary;
  return {
    variant: glossary ? 0 : directives.formalTone ? 1 : directives.friendlyTone ? 2 : ownVariant(seed),
    vocab: glossary ? GLOSSARY : ownVocabulary(seed),
    restate: directives.restateFacts,
    steps: directives.stepByStep,
    answerLine: directives.answerFormat,
    concise: directives.concise,
    names: directives.confirmEntities || !rng.chance(pronounRate),
    citeTurns: directives.citeTurns,
  };
}
