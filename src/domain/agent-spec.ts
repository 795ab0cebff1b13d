/**
 * @module domain/agent-spec
 * A declared agent: id, role, model and its optional capability prior, capacity, pool, timeout
 * and pricing. What the orchestrator, the agents file and the model providers all speak of.
 */

import type { LanguageModelV3 } from "@ai-sdk/provider";

/** A declared agent. */
export interface AgentSpec {
  /** unique id. */
  id: string;
  /** role, e.g. "grammar specialist"; first line of the rendered system prompt. */
  role: string;
  /** the agent's own instructions, rendered after the role. */
  systemPrompt?: string;
  /** any AI SDK language model (spec v3), e.g. `openai("gpt-4o")` or `simulatedModel(...)`. */
  model: LanguageModelV3;
  /**
   * optional capability prior: success rate by task type id (all modalities), or a full
   * m×l matrix (rows = task types).
   */
  capabilityPrior?: Record<string, number> | number[][];
  /** concurrent model calls before requests queue (used for R_a). Default 4. */
  capacity?: number;
  /** scheduling pool (SPEC §6); the default pool when absent. */
  pool?: string;
  /** per-call timeout of this agent in ms, overriding `limits.modelTimeoutMs`. */
  timeoutMs?: number;
  /** price per million tokens, for cost estimates. */
  pricing?: { inputPerMTok: number; outputPerMTok: number };
}
