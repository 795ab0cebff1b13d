/**
 * @module eval/methods/application-prompt
 * The application system prompt of the evaluation: what the developer of the evaluated
 * application writes once for every agent, whatever orchestrates them. The runner sets it as
 * every agent's `systemPrompt` for every method (rapo, baselines, ablations, oracle and floor),
 * so a directive given to one method is given to all (issue 9: before, the confirm-entities
 * directive reached only the methods whose prompt search happened to render it, and the
 * simulated model's 20 % pronoun rule failed whole conversations of the others).
 *
 * It holds the two directives that are application conventions rather than learned wording:
 * name entities explicitly (the answer key's required strings are names) and the agreed output
 * format (the verifier reads the last "Answer:" line). Everything else — glossary, tone,
 * restating facts, steps — stays with each method's own prompt mechanism, which is what the
 * comparison measures.
 */
import { DIRECTIVES } from "../../state/prompt-components.js";

/** Directives of the application prompt, in order. */
export const APPLICATION_DIRECTIVES: readonly string[] = [
  DIRECTIVES.confirmEntities,
  DIRECTIVES.answerFormat,
];

/** The application system prompt every agent of every method gets (AgentSpec `systemPrompt`). */
export const APPLICATION_PROMPT: string = APPLICATION_DIRECTIVES.join("\n");
