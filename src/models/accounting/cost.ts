/**
 * @module models/accounting/cost
 * Estimated cost of a call from the agent's declared pricing (USD per million tokens).
 */

/** An agent's price list, per million tokens (the `pricing` field of an agent in the config file). */
export interface Pricing {
  inputPerMTok: number;
  outputPerMTok: number;
}

/** Tokens of one call, and whether they were estimated rather than reported by the provider. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  estimated: boolean;
}

/** Estimated cost in USD of `usage` at `pricing`; undefined when the agent has no pricing. */
export function estimateCost(
  usage: Pick<TokenUsage, "inputTokens" | "outputTokens">,
  pricing: Pricing | undefined,
): number | undefined {
  if (pricing === undefined) return undefined;
  return (usage.inputTokens * pricing.inputPerMTok + usage.outputTokens * pricing.outputPerMTok) / 1_000_000;
}
