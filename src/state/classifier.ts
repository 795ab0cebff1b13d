/**
 * @module state/classifier
 * The shipped {@link TurnClassifier} (SPEC §2, §6): maps a turn to a distribution over task
 * types and modalities, plus complexity features. Task types combine cue keywords with
 * similarity to prototypes built from each category's description and examples, so a
 * user-declared taxonomy with only descriptions and examples works as well as the default.
 * Default modalities use surface rules; custom ones use prototypes. Deterministic and sync.
 *
 * Conversation-aware (issue 11): with a {@link ClassifierContext} the task distribution is a
 * belief over the conversation's current task, filtered turn by turn like a hidden Markov model:
 * the previous belief b is carried through a switch hazard h (the task stays with probability
 * 1 − h, else it moves to any task), and the turn's own evidence and the previous assistant
 * turn's (its last question, else its end, weighted by `answerWeight`) multiply it as
 * likelihoods:
 *
 *   p_t(k) ∝ ((1 − h)·b_{t−1}(k) + h/K) · exp(β·(evidence_t(k) + answerWeight·q_answer(k)) / T)
 *
 * (β = `evidenceWeight`: the keyword-and-prototype logits are flatter than the classifier's
 * accuracy, so a turn's evidence counts β times against the carried belief).
 *
 * A turn without domain words ("Yes, that's right.") has a flat likelihood and keeps the belief
 * instead of flattening it; a stray description match must outweigh log((1 − h)·K/h) to move
 * it; "Yes please." after "Shall I book the hotel?" follows the offer. The hazard is learned from
 * the traffic (see {@link HazardEstimate}): a deployment whose turns change task every time
 * (independent questions) filters little, task dialogues filter a lot. The answer is analysed
 * only when it could change the decision (the turn's own margin is below what the context can
 * add). `confidence` is the margin of the turn's own evidence: 0 when it carries no domain words.
 */
import { CategoryScorer, type ScorerWeights } from "./category-scorer.js";
import { estimateComplexity } from "./complexity.js";
import { findEntities } from "./entities.js";
import { modalityCues, modalityRuleLogit, RULE_MODALITIES } from "./modality-rules.js";
import { HazardEstimate } from "./switch-hazard.js";
import type { Taxonomy } from "./taxonomy.js";
import { analyzeText, lexemesOf, type TextAnalysis } from "./text-analysis.js";
import { TurnEvidence } from "./turn-evidence.js";
import type { ClassifierContext, TurnClassifier, TurnFeatures } from "./types.js";
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
  /**
   * prior probability that a conversation's task changes between two turns (see
   * `routing.switchHazard`); the starting point of the hazard learned from the traffic.
   */
  switchHazard?: number;
  /**
   * exponent β of the turn's likelihood against the carried belief (see `routing.evidenceWeight`;
   * default 2): the turn's and the answer's logits count β times when filtered.
   */
  evidenceWeight?: number;
  /**
   * turns of evidence the starting hazard is worth (see `routing.hazardPriorTurns`); 0 keeps the
   * hazard fixed at `switchHazard`.
   */
  hazardPriorTurns?: number;
  /** logit bonus of the previous answer's task distribution (see `routing.answerWeight`; default 2). */
  answerWeight?: number;
}

/** Characters of the previous answer read for context at most: offers and questions come last. */
export const ANSWER_TAIL_CHARS = 240;

/** Keyword hits are strong evidence; a full prototype match (cosine 1) is worth three hits. */
export const DEFAULT_SCORER_WEIGHTS: ScorerWeights = { keyword: 2, prototype: 6 };

/** The shipped classifier: a {@link TurnClassifier} that also reports its learned switch hazard. */
export interface ConversationClassifier extends TurnClassifier {
  /** the per-turn task switch hazard learned so far (see {@link HazardEstimate}). */
  hazard(): number;
}

/** A classifier for `taxonomy`; prototypes are built once here, not per turn. */
export function createClassifier(
  taxonomy: Taxonomy,
  options: ClassifierOptions = {},
): ConversationClassifier {
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
  const answerLogits = new Float64Array(taxonomy.taskTypes.length);
  const modalityLogits = new Float64Array(modalityIds.length);
  const answerWeight = options.answerWeight ?? 2;
  const evidenceScale = options.evidenceWeight ?? 2;
  const hazard = new HazardEstimate(options.switchHazard ?? 0.1, options.hazardPriorTurns ?? 200);
  const priorLogits = new Float64Array(taxonomy.taskTypes.length);

  /**
   * Filters the turn's task logits with the conversation: adds T·log of the predicted belief
   * ((1 − h)·b + h/K) and the previous answer's evidence, then learns the hazard from the turn.
   */
  const addContext = (context: ClassifierContext, margin: number): void => {
    const previous = context.previousTaskScores;
    const filtering = previous !== undefined && previous.length === taskLogits.length;
    const K = taskLogits.length;
    const h = hazard.value;
    // the most the context can move one logit against another: bounds when the answer matters
    let reach = answerWeight;
    if (filtering) {
      let low = Number.POSITIVE_INFINITY;
      let high = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < K; k++) {
        const b = Math.max(previous[k]!, 0);
        const prior = temperature * Math.log((1 - h) * b + h / K);
        priorLogits[k] = prior;
        if (prior < low) low = prior;
        if (prior > high) high = prior;
      }
      reach += high - low;
    }
    const answer = context.previousAnswer;
    // the answer can move the argmax only when the turn's own margin is below what context adds
    if (answerWeight > 0 && answer !== undefined && answer.length > 0 && margin < reach) {
      const analysis = analyzeText(answerFocus(answer), { ner: false });
      evidence.collect(analysis, lexemesOf(analysis));
      answerLogits.fill(0);
      evidence.addLogits(tasks, answerLogits);
      softmaxInPlace(answerLogits, temperature);
      for (let k = 0; k < K; k++) taskLogits[k] = taskLogits[k]! + answerWeight * answerLogits[k]!;
    }
    if (!filtering) return;
    if (evidenceScale !== 1) for (let k = 0; k < K; k++) taskLogits[k] = taskLogits[k]! * evidenceScale;
    hazard.observe(previous, taskLogits, priorLogits, temperature);
    for (let k = 0; k < K; k++) taskLogits[k] = taskLogits[k]! + priorLogits[k]!;
  };

  return {
    hazard: () => hazard.value,
    classify(text: string, context?: ClassifierContext): TurnFeatures {
      const a = analyzeText(text, { ner });
      const lexemes = lexemesOf(a);
      const tokenCount = evidence.collect(a, lexemes);
      taskLogits.fill(0);
      evidence.addLogits(tasks, taskLogits);
      modalityLogits.fill(0);
      if (modalities !== null) evidence.addLogits(modalities, modalityLogits);
      if (ruleIds !== null) addModalityRules(a, ruleIds, modalityLogits);
      const margin = topMargin(taskLogits);
      const confidence = marginConfidence(margin, temperature);
      if (context !== undefined) addContext(context, margin);
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
        confidence,
        ...(context?.previousTaskScores === undefined ? {} : { switchHazard: hazard.value }),
        // fact extraction analyses without NER: it can reuse only an analysis made the same way
        ...(ner ? {} : { analysis: a }),
      };
    },
  };
}

/**
 * The part of a previous answer that says what a short reply is about: its last question
 * ("…Shall I also book a hotel room nearby?") when it asks one, else its last
 * {@link ANSWER_TAIL_CHARS} characters.
 */
export function answerFocus(answer: string): string {
  const question = answer.lastIndexOf("?");
  if (question >= 0) {
    let start = question - 1;
    while (start >= 0 && !".!?\n".includes(answer[start]!)) start--;
    const sentence = answer.slice(start + 1, question + 1).trim();
    if (sentence.length > 0) return sentence.slice(-ANSWER_TAIL_CHARS);
  }
  return answer.length > ANSWER_TAIL_CHARS ? answer.slice(answer.length - ANSWER_TAIL_CHARS) : answer;
}

/** Top-1 minus top-2 logit (0 with fewer than two categories' evidence apart). */
function topMargin(logits: Float64Array): number {
  let first = Number.NEGATIVE_INFINITY;
  let second = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < logits.length; k++) {
    const v = logits[k]!;
    if (v > first) {
      second = first;
      first = v;
    } else if (v > second) second = v;
  }
  return logits.length < 2 ? Number.POSITIVE_INFINITY : first - second;
}

/**
 * Confidence in [0, 1] from the turn's own logit margin: the top-1 minus top-2 probability of a
 * two-way softmax, 2σ(margin/T) − 1. 0 for a turn without evidence, → 1 as the margin grows.
 */
export function marginConfidence(margin: number, temperature = 1): number {
  if (!Number.isFinite(margin)) return 1;
  return Math.tanh(margin / (2 * temperature));
}

/** Rule logits replace prototype logits for the default modality ids. */
function addModalityRules(a: TextAnalysis, ids: readonly string[], logits: Float64Array): void {
  const cues = modalityCues(a);
  for (let j = 0; j < ids.length; j++) {
    const logit = modalityRuleLogit(ids[j]!, cues);
    if (logit !== null) logits[j] = logit;
  }
}
