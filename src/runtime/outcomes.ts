/**
 * @module runtime/outcomes
 * Outcomes waiting for the control loop: explicit feedback, verifier scores and implicit signals
 * (clarification requests, errors). The loop applies them to the capability matrices (SPEC §3)
 * and to the contextual routing model (issue 11), so the request path only enqueues.
 */

import type { TurnSignal } from "../routing/contextual-model.js";

/** Where an outcome came from. */
export type OutcomeSource = "feedback" | "verifier" | "implicit";

/** One outcome to apply. */
export interface PendingOutcome {
  agentIndex: number;
  task: number;
  modality: number;
  outcome: number;
  source: OutcomeSource;
  /** set when the turn was a handoff: the agent the conversation came from. */
  handoffFrom?: number | undefined;
  conversationId?: string;
  /**
   * the turn as the classifier saw it, for the contextual model (issue 11); absent (e.g. a
   * turn read back from the store) → a one-hot turn on (task, modality).
   */
  signal?: TurnSignal | undefined;
}

/** FIFO of outcomes; `drain` hands the batch to the loop. */
export class OutcomeQueue {
  private items: PendingOutcome[] = [];

  push(outcome: PendingOutcome): void {
    this.items.push(outcome);
  }

  drain(): PendingOutcome[] {
    const batch = this.items;
    this.items = [];
    return batch;
  }

  get size(): number {
    return this.items.length;
  }
}

/** Phrases by which an answer asks the user for missing information. */
const CLARIFICATION =
  /\b(could you clarify|can you clarify|please clarify|could you specify|what do you mean|which one do you mean)\b/i;

/** Whether an answer is a clarification request (an implicit failure signal). */
export function isClarification(answer: string): boolean {
  return CLARIFICATION.test(answer);
}
