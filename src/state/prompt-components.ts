/**
 * @module state/prompt-components
 * The default bank of prompt components (SPEC §2): instruction fragments, output-format
 * conventions and glossary entries that an agent's system prompt is rendered from. Agents whose
 * prompt vectors P_i are close render the same components, hence compatible conventions.
 * Users extend the bank with their own components.
 */

/** Kinds of component: what part of the prompt it shapes. */
export type PromptComponentKind = "instruction" | "format" | "glossary" | "reasoning" | "style";

/** One prompt component. */
export interface PromptComponent {
  /** stable id, e.g. `restate-facts`. */
  id: string;
  kind: PromptComponentKind;
  /** the text rendered into the system prompt. */
  text: string;
}

/**
 * Directive texts the default bank uses. The simulated model recognises these exact phrases in
 * the system prompt it is sent and shapes its answer accordingly, so consensus on P_i has an
 * effect that the evaluation can measure.
 */
export const DIRECTIVES = {
  restateFacts: "Restate the facts established so far before answering.",
  answerFormat: "Answer with the agreed output format: end with a line 'Answer: <result>'.",
  stepByStep: "Reason step by step and number the steps.",
  glossary:
    "Use the shared glossary: say 'units' for quantities, 'supplier' for vendors, 'site' for locations.",
  concise: "Be concise: at most three sentences before the answer.",
  citeTurns: "When you use a fact, say which earlier turn established it.",
  confirmEntities: "Name every entity you rely on explicitly, never by pronoun.",
  askWhenMissing: "If a needed fact is missing, ask one precise clarification question.",
  formalTone: "Keep a formal, neutral tone.",
  friendlyTone: "Keep a warm, friendly tone.",
} as const;

/** SPEC §2: the default component bank. */
export const DEFAULT_PROMPT_COMPONENTS: readonly PromptComponent[] = [
  { id: "restate-facts", kind: "instruction", text: DIRECTIVES.restateFacts },
  { id: "answer-format", kind: "format", text: DIRECTIVES.answerFormat },
  { id: "step-by-step", kind: "reasoning", text: DIRECTIVES.stepByStep },
  { id: "glossary", kind: "glossary", text: DIRECTIVES.glossary },
  { id: "concise", kind: "style", text: DIRECTIVES.concise },
  { id: "cite-turns", kind: "instruction", text: DIRECTIVES.citeTurns },
  { id: "confirm-entities", kind: "instruction", text: DIRECTIVES.confirmEntities },
  { id: "ask-when-missing", kind: "instruction", text: DIRECTIVES.askWhenMissing },
  { id: "formal-tone", kind: "style", text: DIRECTIVES.formalTone },
  { id: "friendly-tone", kind: "style", text: DIRECTIVES.friendlyTone },
  { id: "bullet-lists", kind: "format", text: "Present lists as bullet points." },
  { id: "json-output", kind: "format", text: "When asked for structured data, answer in JSON." },
];
