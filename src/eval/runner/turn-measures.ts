/**
 * @module eval/runner/turn-measures
 * What the runner measures about a played turn beyond the verdict, from the answer key and the
 * prompts actually sent (never shown to a model): whether the turn needs facts stated in earlier
 * turns and whether all of its needed facts reached the prompt of the call whose answer was kept
 * (parsed the way the simulated model parses facts), the tokens and cost of its calls, and the
 * world's hidden skills of the serving agent and of the best agent on the turn.
 */
import type { LanguageModelV3Prompt } from "@ai-sdk/provider";
import { type Fact, formatFact, parseFacts } from "../../models/simulated/facts.js";
import { viewPrompt } from "../../models/simulated/prompt-view.js";
import type { SyntheticConversation } from "../generator/types.js";
import type { CallRecord } from "./call-tracking.js";

/** Canonical text of every fact stated in `sentences`. */
function factsOf(sentences: readonly string[]): string[] {
  const out: string[] = [];
  for (const s of sentences) for (const { fact } of parseFacts(s)) out.push(formatFact(fact));
  return out;
}

/**
 * For each fact of a conversation (canonical text), the first turn that states it.
 * Facts the answer key needs but no turn states are absent.
 */
export function factOrigins(conversation: SyntheticConversation): Map<string, number> {
  const origins = new Map<string, number>();
  for (const turn of conversation.turns)
    for (const f of factsOf(turn.facts)) if (!origins.has(f)) origins.set(f, turn.index);
  return origins;
}

/** Needed facts of turn `index` (canonical texts). */
export function neededFactsOf(conversation: SyntheticConversation, index: number): string[] {
  return factsOf(conversation.turns[index]!.expected.neededFacts);
}

/** Fact measures of one turn; `origins` from {@link factOrigins}. */
export function factMeasures(
  conversation: SyntheticConversation,
  index: number,
  origins: ReadonlyMap<string, number>,
  kept: LanguageModelV3Prompt | undefined,
): { needsEarlierFacts: boolean; factsReached?: boolean } {
  const needed = neededFactsOf(conversation, index);
  const needsEarlierFacts = needed.some((f) => (origins.get(f) ?? index) < index);
  if (needed.length === 0) return { needsEarlierFacts };
  if (kept === undefined) return { needsEarlierFacts, factsReached: false };
  const seen = new Set(viewPrompt(kept).facts.map((f: Fact) => formatFact(f)));
  return { needsEarlierFacts, factsReached: needed.every((f) => seen.has(f)) };
}

/** Tokens and cost (USD, by each agent's price per million tokens) of a turn's calls. */
export function usageOfCalls(
  calls: readonly CallRecord[],
  pricing: ReadonlyMap<string, { inputPerMTok: number; outputPerMTok: number }>,
): { inputTokens: number; outputTokens: number; costUsd: number } {
  let inputTokens = 0;
  let outputTokens = 0;
  let costUsd = 0;
  for (const c of calls) {
    inputTokens += c.inputTokens;
    outputTokens += c.outputTokens;
    const price = pricing.get(c.agentId);
    if (price) costUsd += (c.inputTokens * price.inputPerMTok + c.outputTokens * price.outputPerMTok) / 1e6;
  }
  return { inputTokens, outputTokens, costUsd };
}
