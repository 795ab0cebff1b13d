/**
 * @module state/classifier
 * The shipped {@link TurnClassifier} (SPEC §2, §6): maps a turn to a distribution over task
 * types and modalities, plus complexity features. Task types combine cue keywords with
 * similarity to prototypes built from each category's description and examples, so a
 * user-declared taxonomy with only descriptions and examples works as well as the default.
 * Default modalities use surface rules; custom ones use prototypes. Deterministic and sync.
 *
 * Conversation-aware (issue 11): with a {@link ClassifierContext}, the task logits also get
 * `contextRetention`·T·log p_prev(k) — the conversation's previous task distribution, as a
 * log-belief, so the logits filter evidence across turns (logit_t = evidence_t + λ·logit_{t−1}:
 * what earlier turns established fades geometrically, and a run of turns without domain words
 * keeps it instead of flattening to uniform; 0 by default), plus `contextCarry`·p_prev(k) (an
 * additive bonus), plus `answerWeight`·q_answer(k) from the previous assistant turn (its last
 * question, else its end), so a turn without domain evidence ("Yes, that's right.") keeps the
 * current task, or follows the offer the assistant just made ("Shall I book the hotel?"). The
 * answer is analysed only when it could change the decision (the turn's own margin is below what
 * the context adds). `confidence` is the margin of the turn's own evidence: 0 when it carries no
 * domain words.
 */
import { CategoryScorer, type ScorerWeights } from "./category-scorer.js";
import { estimateComplexity } from "./complexity.js";
import { findEntities } from "./entities.js";
import { modalityCues, modalityRuleLogit, RULE_MODALITIES } from "./modality-rules.js";
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
  /** logit bonus of the previous task distribution (see `routing.contextCarry`; default 1.5). */
  contextCarry?: number;
  /** share of the previous task log-belief carried (see `routing.contextRetention`; default 0). */
  contextRetention?: number;
  /** logit bonus of the previous answer's task distribution (see `routing.answerWeight`; default 2). */
  answerWeight?: number;
}

/** Characters of the previous answer read for context at most: offers and questions come last. */
export const ANSWER_TAIL_CHARS = 240;

/** Least probability read from a previous distribution (its log bounds the carried belief). */
const FLOOR = 1e-6;

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
  const answerLogits = new Float64Array(taxonomy.taskTypes.length);
  const modalityLogits = new Float64Array(modalityIds.length);
  const carry = options.contextCarry ?? 1.5;
  const retention = options.contextRetention ?? 0;
  const answerWeight = options.answerWeight ?? 2;

  /** Adds the conversation's bonuses to the turn's task logits. */
  const addContext = (context: ClassifierContext, margin: number): void => {
    const previous = context.previousTaskScores;
    // the most the context can move one logit against another: bounds when the answer matters
    // (without retention: the bonus weights themselves, as before retention existed)
    let reach = answerWeight + (retention === 0 ? carry : 0);
    if ((carry > 0 || retention > 0) && previous !== undefined && previous.length === taskLogits.length) {
      const scale = retention * temperature;
      let low = Number.POSITIVE_INFINITY;
      let high = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < taskLogits.length; k++) {
        const p = previous[k]!;
        const bonus = carry * p + (scale === 0 ? 0 : scale * Math.log(Math.max(p, FLOOR)));
        taskLogits[k] = taskLogits[k]! + bonus;
        if (bonus < low) low = bonus;
        if (bonus > high) high = bonus;
      }
      if (retention > 0) reach += high - low;
    }
    const answer = context.previousAnswer;
    // the answer can move the argmax only when the turn's own margin is below what context adds
    if (answerWeight === 0 || answer === undefined || answer.length === 0 || margin >= reach) return;
    const analysis = analyzeText(answerFocus(answer), { ner: false });
    evidence.collect(analysis, lexemesOf(analysis));
    answerLogits.fill(0);
    evidence.addLogits(tasks, answerLogits);
    softmaxInPlace(answerLogits, temperature);
    for (let k = 0; k < taskLogits.length; k++)
      taskLogits[k] = taskLogits[k]! + answerWeight * answerLogits[k]!;
  };

  return {
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
