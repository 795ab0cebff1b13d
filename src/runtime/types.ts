/**
 * @module runtime/types
 * Public types of the orchestrator: agent declarations, turn results, handoff packets, events.
 */

import type { LanguageModelV3 } from "@ai-sdk/provider";
import type { FailureKind } from "../models/resilience/failure-kind.js";
import type { Complexity } from "../state/types.js";
import type { Truncation } from "./answer-bounds.js";

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

/** One turn of history as carried in a packet and rendered in a prompt. */
export interface HistoryEntry {
  role: "user" | "assistant";
  content: string;
  agentId?: string;
}

/** SPEC §3: what a receiving agent gets on a handoff. */
export interface HandoffPacket {
  fromAgentId: string;
  toAgentId: string;
  /** why the previous agent was left: routing decision or failover. */
  reason: "routing" | "failover";
  /** facts established so far (declarative sentences with entities or numbers). */
  facts: string[];
  /** entities established so far. */
  entities: string[];
  /** extractive summary of the conversation so far. */
  summary: string;
  /** the last turns, pruned to `handoff.maxTurns`. */
  recentTurns: HistoryEntry[];
  /** the sender's last stable state, compactly: top capability cells and prompt components. */
  senderState: {
    capabilityTop: { task: string; modality: string; score: number }[];
    promptComponents: string[];
  };
  /** what was carried, measured. */
  stats: { facts: number; entities: number; turns: number; chars: number };
}

/** What `send` returns. */
export interface TurnResult {
  turnId: string;
  conversationId: string;
  agentId: string;
  content: string;
  /** present when this turn was routed to a different agent than the previous one. */
  handoff?: HandoffPacket;
  /** agents that failed on this turn before `agentId` answered. */
  failedOver: string[];
  latencyMs: number;
  taskType: string;
  modality: string;
  complexity: Complexity;
  usage?: TurnUsage;
  /**
   * Issue 12: set when the model's answer was longer than `limits.maxAnswerChars` and `content`
   * holds its first `keptChars` characters (the stored turn's `error` notes it too).
   */
  truncated?: Truncation;
}

/** Tokens and estimated cost of a turn. */
export interface TurnUsage {
  inputTokens: number;
  outputTokens: number;
  /** true when the provider reported no usage and counts are estimates. */
  estimated: boolean;
  /** estimated cost in USD; undefined when the agent has no pricing. */
  costUsd: number | undefined;
  /** tokens of the handoff packet given to the agent, when there was one. */
  handoffTokens?: number;
}

/** An outcome for a turn: 1 = success, 0 = failure, anything in between. */
export type Outcome = number;

/** Typed events (discriminated on `type`). */
export type OrchestratorEvent =
  | {
      type: "routed";
      turnId: string;
      conversationId: string;
      agentId: string;
      score: number;
      taskType: string;
      modality: string;
    }
  | { type: "handoff"; turnId: string; conversationId: string; packet: HandoffPacket }
  | {
      type: "failover";
      turnId: string;
      conversationId: string;
      failedAgentId: string;
      replacementAgentId: string | null;
      error: string;
      /** what the failure says (issue 10): timeout, rate_limit, overload, server, transport, rejected, unknown. */
      failureKind: FailureKind;
    }
  | { type: "turn_failed"; turnId: string; conversationId: string; error: string }
  | { type: "feedback"; turnId: string; agentId: string; outcome: number }
  | {
      type: "consensus";
      tick: number;
      iterations: number;
      converged: boolean;
      lyapunov: number;
      durationMs: number;
    }
  | { type: "rollback"; tick: number; reason: string }
  | { type: "checkpoint"; tick: number; id: string };

export type OrchestratorEventType = OrchestratorEvent["type"];
export type EventOf<T extends OrchestratorEventType> = Extract<OrchestratorEvent, { type: T }>;
