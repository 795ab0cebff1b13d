/**
 * @module ports/signal-sink
 * The {@link SignalSink} / {@link SignalSource} ports: the turn path (any process) emits what the
 * control loop learns from — feedback outcomes, context updates, handoff observations — keyed by
 * agent **id** (never an index, which differs between processes); the leader reads them, applies
 * them and acknowledges them. Delivery is at least once: signals read but not acknowledged by a
 * leader that died are handed to the next reader after `minIdleMs`.
 */

/** A signal for the control loop. */
export type Signal =
  | {
      kind: "outcome";
      agentId: string;
      turnId: string;
      taskType: string;
      modality: string;
      /** in [0, 1]. */
      outcome: number;
      at: number;
      /** where it came from (feedback, verifier, implicit); "feedback" when absent. */
      source?: "feedback" | "verifier" | "implicit";
      /** the agent the conversation was handed over from, when the turn was a handoff. */
      fromAgentId?: string;
      conversationId?: string;
      /** the classifier's view of the turn, for the contextual routing model. */
      features?: SignalFeatures;
    }
  | { kind: "context"; agentId: string; conversationId: string; vector: Float32Array; at: number }
  | {
      kind: "handoff";
      /** the receiving agent. */
      agentId: string;
      fromAgentId: string;
      conversationId: string;
      turnId: string;
      carried: { facts: number; entities: number; turns: number };
      at: number;
    };

/** The classifier's view of a turn, as an outcome signal carries it to the contextual routing model. */
export interface SignalFeatures {
  taskScores: number[];
  modalityScores: number[];
  /** in [0, 1]. */
  confidence: number;
  /**
   * x_a(t), the turn's similarity to the agent's C_i as routing saw it (issue 17); absent when
   * routing did not read C_i (a failover chose the agent, or the C_i feature is off). Never NaN.
   */
  contextSimilarity?: number;
}

/** A signal as read by the control loop, with the id to acknowledge it by. */
export interface ReceivedSignal {
  id: string;
  signal: Signal;
}

/** Where the turn path emits signals. */
export interface SignalSink {
  emit(signals: readonly Signal[]): Promise<void>;
}

/**
 * A sink that takes a signal synchronously, for a turn path that must not wait (the embedded
 * one: its in-memory twin). The sink owns the signal once emitted: the caller must not change
 * it, or its vector, afterwards.
 */
export interface SyncSignalSink {
  emitNow(signal: Signal): void;
}

/** Where the leader reads them. */
export interface SignalSource {
  /** Signals not yet handed to any reader, oldest first, at most `max`, waiting up to `blockMs`. */
  read(consumer: string, options?: { max?: number; blockMs?: number }): Promise<ReceivedSignal[]>;
  /** Signals handed to a reader that did not acknowledge them within `minIdleMs`. */
  reclaim(consumer: string, options: { minIdleMs: number; max?: number }): Promise<ReceivedSignal[]>;
  /** Marks signals as applied. */
  ack(ids: readonly string[]): Promise<void>;
}
