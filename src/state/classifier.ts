/**
 * @module state/classifier
 * The shipped {@link TurnClassifier} (SPEC §2, §6): maps a turn to a distribution over task
 * types and modalities, plus complexity features. Task types combine cue keywords with
 * similarity to prototypes built from each category's description and examples, so a
 * user-declared taxonomy with only descriptions and examples works as well as the default.
 * Default modalities use surface rules; custom ones use prototypes. Deterministic and sync.
 */
import { CategoryScorer, type ScorerWeights, type TermBag } from "./category-scorer.js";
import { estimateComplexity } from "./complexity.js";
import { findEntities } from "./entities.js";
import { STOP_WORDS } from "./lexicon.js";
import { modalityCues, modalityRuleLogit, RULE_MODALITIES } from "./modality-rules.js";
import type { Taxonomy } from "./taxonomy.js";
import { analyzeText, stemsOf, type TextAnalysis } from "./text-analysis.js";
import type { TurnClassifier, TurnFeatures } from "./types.js";
import { argmax, softmaxInPlace } from "./vector-math.js";

/** Tuning of {@link createClassifier}. */
export interface ClassifierOptions {
  /**
   * run wink's named-entity recogniser too (dates, money, durations as single entities).
   * Costs ≈ 10 µs per 30-word turn; the rule-based entities are used either way.
   */
  ner?: boolean;
  /** weights of keyword matches and prototype cosine in the logits. */
  weights?: Partial<ScorerWeights>;
  /** softmax temperature of both distributions (lower = more peaked). */
  temperature?: number;
}

/** Keyword hits are strong evidence; a full prototype match (cosine 1) is worth three hits. */
export const DEFAULT_SCORER_WEIGHTS: ScorerWeights = { keyword: 2, prototype: 6 };

// Symbols that mark code in a turn.
const CODE_SYMBOLS = new Set(["{", "}", ";", "=>", "==", "===", "()", "[]", "`", "```"]);

/** A classifier for `taxonomy`; prototypes are built once here, not per turn. */
export function createClassifier(taxonomy: Taxonomy, options: ClassifierOptions = {}): TurnClassifier {
  const weights = { ...DEFAULT_SCORER_WEIGHTS, ...options.weights };
  const temperature = options.temperature ?? 1;
  const ner = options.ner === true;
  const tasks = new CategoryScorer(taxonomy.taskTypes, weights);
  const modalityIds = taxonomy.modalities.map((m) => m.id);
  const needsModalityScorer = modalityIds.some((id) => !RULE_MODALITIES.has(id));
  const modalities: CategoryScorer | null = needsModalityScorer
    ? new CategoryScorer(taxonomy.modalities, weights)
    : null;
  const phrases = tasks.usesPhrases || modalities?.usesPhrases === true;
  // Scratch reused across calls (classify is synchronous, so never re-entered).
  const terms: TermBag = new Map();
  const cues = new Set<string>();
  const taskLogits = new Float64Array(taxonomy.taskTypes.length);
  const modalityLogits = new Float64Array(modalityIds.length);

  return {
    classify(text: string): TurnFeatures {
      const a = analyzeText(text, { ner });
      const stems = stemsOf(a);
      const tokenCount = collectTerms(a, stems, terms, cues);
      if (phrases) addPhraseCues(a, stems, cues);
      taskLogits.fill(0);
      tasks.addLogits(terms, cues, taskLogits);
      modalityLogits.fill(0);
      if (modalities !== null) modalities.addLogits(terms, cues, modalityLogits);
      addModalityRules(a, modalityIds, modalityLogits);
      const taskScores = Float32Array.from(softmaxInPlace(taskLogits, temperature));
      const modalityScores = Float32Array.from(softmaxInPlace(modalityLogits, temperature));
      const entities = findEntities(a);
      return {
        taskIndex: argmax(taskScores),
        taskScores,
        modalityIndex: argmax(modalityScores),
        modalityScores,
        complexity: estimateComplexity(a, entities.length),
        entities,
        tokenCount,
      };
    },
  };
}

/** Rule logits replace prototype logits for the default modality ids. */
function addModalityRules(a: TextAnalysis, ids: readonly string[], logits: Float64Array): void {
  if (!ids.some((id) => RULE_MODALITIES.has(id))) return;
  const cues = modalityCues(a);
  ids.forEach((id, j) => {
    const logit = modalityRuleLogit(id, cues);
    if (logit !== null) logits[j] = logit;
  });
}

/**
 * Fills `terms` (content stems and shape markers, with counts) and `cues` (every stem and
 * symbol, for keyword matching). Returns the number of word and number tokens.
 */
function collectTerms(a: TextAnalysis, stems: readonly string[], terms: TermBag, cues: Set<string>): number {
  terms.clear();
  cues.clear();
  let words = 0;
  for (let i = 0; i < a.values.length; i++) {
    const type = a.types[i]!;
    if (type === "punctuation" || type === "symbol" || a.pos[i] === "PUNCT") {
      const value = a.values[i]!;
      cues.add(value);
      if (value === "?") addTerm(terms, "#q");
      else if (CODE_SYMBOLS.has(value)) addTerm(terms, "#code");
      continue;
    }
    if (type === "tabCRLF" || type === "spaces") continue;
    words++;
    if (type === "number") {
      cues.add("#num");
      addTerm(terms, "#num");
      continue;
    }
    const stem = stems[i]!;
    cues.add(stem);
    if (!STOP_WORDS.has(a.normals[i]!)) addTerm(terms, stem);
  }
  return words;
}

/** Two-word cues ("how many") for taxonomies whose keywords include phrases. */
function addPhraseCues(a: TextAnalysis, stems: readonly string[], cues: Set<string>): void {
  for (let i = 0; i + 1 < stems.length; i++) {
    if (a.pos[i] !== "PUNCT" && a.pos[i + 1] !== "PUNCT") cues.add(`${stems[i]} ${stems[i + 1]}`);
  }
}

function addTerm(terms: TermBag, term: string): void {
  terms.set(term, (terms.get(term) ?? 0) + 1);
}
