/**
 * @module eval/runner/context-cosine
 * `TurnRun.contextCosine`, computed identically for every method with the local hashed n-gram
 * embedder: how well the turn's exchange (the user message and the answer) continues the context
 * before it.
 *
 *     x = unit(ê(user) + ê(answer))          the exchange
 *     y = unit(ê(user) + ê(previous answer)) the prior context (y = ê(user) when the message
 *                                            names no entity, or on the first turn)
 *     contextCosine = cos(x, y)
 *
 * ê = unit embedding of one message, so a message's length does not decide its weight.
 *
 * Why not the raw cosine of the answer with the whole history: hashed n-gram vectors of long
 * texts spread over many features, so that cosine measures length, not continuity, and a greeting
 * or a goodbye (no lexical overlap with anything, though perfectly coherent) would always read as
 * a context break. With this construction an answer unrelated to both the question and the
 * previous answer scores (1 + q·p)/(‖x‖‖y‖) ∈ [0.5, 0.71) — the shared user message, more when
 * question and previous answer are related — so it never passes SPEC §10's 0.7 for handoff
 * continuity; an answer that continues the thread — names the entities in play, restates or uses
 * the established facts in the established wording — scores above 0.7, and only an answer that
 * pulls away from its context falls below 0.5.
 * A message naming no entity (a greeting, a goodbye) opens or closes the conversation rather than
 * continuing its thread: its context is the message itself, and any reply to it scores ≥ ≈ 0.71.
 */
import { entitiesIn } from "../../models/simulated/fact-language.js";
import type { Embedder } from "../../state/types.js";
import { cosine } from "../../state/vector-math.js";

/** Cosine of the exchange with its prior context (see the module comment), in [−1, 1]. */
export function contextCosine(
  embedder: Embedder,
  answer: string,
  userMessage: string,
  previousAnswer: string | undefined,
): number {
  const embed = embedder.embedSync?.bind(embedder);
  if (!embed) throw new TypeError("contextCosine needs a local embedder with embedSync");
  if (answer.trim().length === 0) return 0;
  const user = embed(userMessage);
  const exchange = sum(user, embed(answer));
  const threaded =
    previousAnswer !== undefined && previousAnswer.trim().length > 0 && entitiesIn(userMessage).length > 0;
  const prior = threaded ? sum(user, embed(previousAnswer)) : user;
  const c = cosine(exchange, prior);
  return Number.isFinite(c) ? Math.max(-1, Math.min(1, c)) : 0;
}

function sum(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! + b[i]!;
  return out;
}
