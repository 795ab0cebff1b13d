/**
 * @module eval/runner/context-cosine
 * `TurnRun.contextCosine`, identical for every method: the cosine between the embedding of a
 * turn's answer and the embedding of its *prior context*, operationalised as the turn's own user
 * message plus the answer the user saw on the previous turn (the opening message alone on the
 * first turn), with the local hashed n-gram embedder.
 *
 * Why this window: hashed n-gram embeddings of a long text spread over many features, so an
 * answer compared with the whole history scores low whatever it says, and SPEC §10's thresholds
 * (0.7 handoff continuity, 0.5 context break) would measure length rather than continuity. The
 * immediate context — what was just asked and just answered — is what an answer must continue:
 * an answer that restates and uses the facts in play scores high, one that ignores them (a guess,
 * a generic reply) scores low.
 */
import type { Embedder } from "../../state/types.js";
import { cosine } from "../../state/vector-math.js";

/** The prior-context text of a turn. */
export function priorContext(userMessage: string, previousAnswer: string | undefined): string {
  return previousAnswer ? `${previousAnswer}\n${userMessage}` : userMessage;
}

/** Cosine of `answer` with the prior context, clamped to [−1, 1]; 0 for an empty answer. */
export function contextCosine(embedder: Embedder, answer: string, userMessage: string, previousAnswer: string | undefined): number {
  if (!embedder.embedSync) throw new TypeError("contextCosine needs a local embedder with embedSync");
  if (answer.trim().length === 0) return 0;
  const c = cosine(embedder.embedSync(answer), embedder.embedSync(priorContext(userMessage, previousAnswer)));
  return Number.isFinite(c) ? Math.max(-1, Math.min(1, c)) : 0;
}
