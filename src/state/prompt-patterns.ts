/**
 * @module state/prompt-patterns
 * SPEC §2: the default "successful prompt patterns" whose embeddings the prompt space runs PCA
 * over. Data only; users pass their own patterns to `PromptSpace.create`.
 */

/** A successful prompt pattern: a role and the components its prompt combined. */
export interface PromptPattern {
  role: string;
  components: readonly string[];
}

/**
 * SPEC §2: the default "successful prompt patterns" — short prompts of single-agent systems that
 * worked, each a role plus 2–4 components of the default bank. PCA over their embeddings gives the
 * basis of the space; a role's default P_i starts near the components of its best-matching pattern.
 */
export const DEFAULT_PROMPT_PATTERNS: readonly PromptPattern[] = [
  { role: "retrieval specialist", components: ["cite-turns", "confirm-entities", "concise"] },
  { role: "retrieval specialist", components: ["json-output", "confirm-entities"] },
  { role: "problem solver", components: ["step-by-step", "answer-format", "restate-facts"] },
  { role: "problem solver", components: ["ask-when-missing", "step-by-step", "bullet-lists"] },
  { role: "creative writer", components: ["friendly-tone", "concise"] },
  { role: "creative writer", components: ["friendly-tone", "ask-when-missing", "bullet-lists"] },
  { role: "grammar specialist", components: ["formal-tone", "restate-facts", "concise"] },
  { role: "grammar specialist", components: ["formal-tone", "answer-format"] },
  { role: "knowledge expert", components: ["glossary", "confirm-entities", "cite-turns"] },
  { role: "knowledge expert", components: ["glossary", "formal-tone", "bullet-lists", "concise"] },
  { role: "reasoning specialist", components: ["step-by-step", "restate-facts", "cite-turns"] },
  { role: "reasoning specialist", components: ["step-by-step", "answer-format", "confirm-entities"] },
  { role: "math specialist", components: ["step-by-step", "answer-format"] },
  { role: "math specialist", components: ["step-by-step", "answer-format", "glossary", "concise"] },
  { role: "code assistant", components: ["json-output", "step-by-step", "concise"] },
  { role: "code assistant", components: ["bullet-lists", "answer-format", "ask-when-missing"] },
  { role: "summarisation specialist", components: ["restate-facts", "concise", "bullet-lists"] },
  { role: "summarisation specialist", components: ["restate-facts", "cite-turns", "formal-tone"] },
  { role: "dialogue manager", components: ["ask-when-missing", "friendly-tone", "restate-facts"] },
  { role: "dialogue manager", components: ["confirm-entities", "ask-when-missing", "concise"] },
  { role: "general assistant", components: ["restate-facts", "answer-format", "glossary"] },
  { role: "general assistant", components: ["concise", "friendly-tone", "answer-format"] },
  { role: "support agent", components: ["friendly-tone", "ask-when-missing", "glossary"] },
  { role: "data analyst", components: ["json-output", "step-by-step", "glossary", "answer-format"] },
];
