/**
 * @module state/classifier
 * The shipped {@link TurnClassifier} (SPEC §2, §6): maps a turn to a distribution over task
 * types and modalities, plus complexity features. Task types combine cue keywords with
 * similarity to prototypes built from each category's description and examples, so a
 * user-declared taxonomy with only descriptions and examples works as well as the default.
 * Default modalities use surface rules; custom ones use prototypes. Deterministic and sync.
 */
import { CategoryScorer, type ScorerWeights } from "./category-scorer.js";
import { estimateComplexity } from "./complexity.js";
import { findEntities } from "./entities.js";
import { modalityCues, modalityRuleLogit, RULE_MODALITIES } from "./modality-rules.js";
import type { Taxonomy } from "./taxonomy.js";
import { analyzeText, lexemesOf, type TextAnalysis } from "./text-analysis.js";
import { TurnEvidence } from "./turn-evidence.js";
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
  const evidence = new TurnEvidence(tasks, modalities);
  const ruleIds = modalityIds.some((id) => RULE_MODALITIES.has(id)) ? modalityIds : null;
  const taskLogits = new Float64Array(taxonomy.taskTypes.length);
  const modalityLogits = new Float64Array(modalityIds.length);

  return {
    classify(text: string): TurnFeatures {
      const a = analyzeText(text, { ner });
      const lexemes = lexemesOf(a);
      const tokenCount = evidence.collect(a, lexemes);
      taskLogits.fill(0);
      evidence.addLogits(tasks, taskLogits);
      modalityLogits.fill(0);
      if (modalities !== null) evidence.addLogits(modalities, modalityLogits);
      if (ruleIds !== null) addModalityRules(a, ruleIds, modalityLogits);
      const taskScores = new Float32Array(softmaxInPlace(taskLogits, temperature));
      const modalityScores = new Float32Array(softmaxInPlace(modalityLogits, temperature));
      const entities = findEntities(a);
      return {
        taskIndex: argmax(taskScores),
        taskScores,
        modalityIndex: argmax(modalityScores),
        modalityScores,
        complexity: estimateComplexity(a, entities.length),
        entities,
        tokenCount,
        // fact extraction analyses without NER: it can reuse only an analysis made the same way
        ...(ner ? {} : { analysis: a }),
      };
    },
  };
}

/** Rule logits replace prototype logits for the default modality ids. */
function addModalityRules(a: TextAnalysis, ids: readonly string[], logits: Float64Array): void {
  const cues = modalityCues(a);
  for (let j = 0; j < ids.length; j++) {
    const logit = modalityRuleLogit(ids[j]!, cues);
    if (logit !== null) logits[j] = logit;
  }
}
