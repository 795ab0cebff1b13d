/**
 * @module runtime/types
 * Public types of the orchestrator: its events, and (re-exported from `domain/`, where they are
 * defined so that every layer can use them) agent declarations, turn results and handoff packets.
 */

import type { HandoffPacket } from "../domain/handoff-packet.js";
import type { FailureKind } from "../models/resilience/failure-kind.js";

export type { AgentSpec } from "../domain/agent-spec.js";
export type { HandoffPacket, HistoryEntry } from "../domain/handoff-packet.js";
export type { Outcome, TurnResult, TurnUsage } from "../domain/turn.js";

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
