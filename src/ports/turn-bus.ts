/**
 * @module ports/turn-bus
 * The {@link TurnBus} port: how a turn accepted by one process (a front) reaches the process that
 * hosts the chosen agent (a worker), and how the answer and its tokens come back. In embedded mode
 * no bus is needed; in distributed mode the Redis bus (`distributed/redis-turn-bus.ts`) implements
 * it on Redis Streams consumer groups, and {@link MemoryTurnBus} is its in-memory twin. Both pass
 * `testing/turn-bus-spec.ts`.
 *
 * Delivery is at least once: a claimed turn that is neither completed nor extended within the
 * visibility timeout is handed out again by `reclaim`. Completion is de-duplicated by turn id: the
 * first `complete` of a turn id wins, later ones (a redelivery, a paused worker waking up) return
 * false and change nothing, so a turn is answered once.
 */

/** A turn addressed to one agent. JSON-serialisable. */
export interface TurnRequest {
  turnId: string;
  conversationId: string;
  /** the agent (by id) that should answer. */
  agentId: string;
  seq: number;
  content: string;
  /** ms epoch when the front enqueued it. */
  enqueuedAt: number;
  /** agents that already failed on this turn (failover re-routes add to it). */
  failedOver: string[];
  /** free-form extra data the worker needs (handoff packet, options). */
  extra?: Record<string, unknown>;
}

/** A delivery of a turn to one consumer. */
export interface ClaimedTurn {
  request: TurnRequest;
  /** the agent stream it was read from (may differ from `request.agentId` only after re-routing). */
  agentId: string;
  /** bus-specific id of this delivery (a stream entry id for Redis). */
  deliveryId: string;
  /** how many times this entry has been delivered, 1 on the first claim. */
  deliveries: number;
}

/** How a turn ended. */
export interface TurnReply {
  turnId: string;
  status: "answered" | "failed";
  agentId: string | null;
  answer: string | null;
  error: string | null;
  /** consumer that completed it. */
  completedBy: string;
  /** free-form extra data (latency, handoff, usage). */
  extra?: Record<string, unknown>;
}

/** A bus entry that could not be read as a {@link TurnRequest}, set aside instead of delivered. */
export interface DeadLetter {
  agentId: string;
  deliveryId: string;
  reason: string;
  /** the raw fields of the entry. */
  fields: Record<string, string>;
}

/** What `enqueue` did. */
export type EnqueueResult = { status: "enqueued" } | { status: "answered"; reply: TurnReply };

/** Events of one turn seen by whoever waits for it. */
export interface ReplyListener {
  /** a streamed token of delivery `deliveryId` (a redelivery streams again from the start). */
  onToken?: (token: string, deliveryId: string) => void;
  /**
   * Called once the waiter listens: tokens emitted from then on reach `onToken` (earlier ones may
   * not — a front subscribes before it enqueues). The final reply is never missed.
   */
  onListening?: () => void;
}

/** The turn bus. Every method rejects with a typed RapoError (StoreError for Redis failures). */
export interface TurnBus {
  /**
   * Queues `request` for `request.agentId`; when the turn id is already answered, returns the reply
   * (an entry may still be queued then: `claim` acknowledges it without delivering it).
   */
  enqueue(request: TurnRequest): Promise<EnqueueResult>;
  /**
   * New turns for any of `agentIds` for consumer `consumer`, at most `max` per agent (default 1),
   * waiting up to `blockMs`
   * when none is ready. Turns whose id is already answered are acknowledged and skipped.
   * Malformed entries go to the dead letters.
   */
  claim(
    consumer: string,
    agentIds: readonly string[],
    options?: { max?: number; blockMs?: number },
  ): Promise<ClaimedTurn[]>;
  /**
   * Takes over deliveries of `agentId` idle for at least `minIdleMs` (their consumer died or
   * stalled): the visibility-timeout reclaim. Delivery counts go up by one.
   */
  reclaim(
    consumer: string,
    agentId: string,
    options: { minIdleMs: number; max?: number },
  ): Promise<ClaimedTurn[]>;
  /** Resets the idle time of a delivery still being worked on (keeps it from being reclaimed). */
  extend(consumer: string, claimed: ClaimedTurn): Promise<void>;
  /** Streams one token of a claimed turn to whoever awaits it. */
  emitToken(claimed: ClaimedTurn, token: string): Promise<void>;
  /**
   * Records the reply and acknowledges the delivery. True when this call answered the turn, false
   * when it was already answered (the reply is then left unchanged).
   */
  complete(claimed: ClaimedTurn, reply: TurnReply): Promise<boolean>;
  /** Acknowledges a delivery without answering (e.g. it was re-routed to another agent). */
  release(claimed: ClaimedTurn): Promise<void>;
  /** The reply of a turn, or null while unanswered. */
  reply(turnId: string): Promise<TurnReply | null>;
  /**
   * Waits for the reply of `turnId`, streaming its tokens to `listener`. Rejects with TimeoutError
   * after `timeoutMs`.
   */
  awaitReply(turnId: string, options: { timeoutMs: number } & ReplyListener): Promise<TurnReply>;
  /** Deliveries claimed and not yet completed or released, for `agentId`. */
  inFlight(agentId: string): Promise<number>;
  /** Entries of `agentId` that were set aside as malformed. */
  deadLetters(agentId: string): Promise<DeadLetter[]>;
  /** Releases connections and timers; idempotent. */
  close(): Promise<void>;
}

/** Parses the JSON of a turn request, or says why it is not one. */
export function parseTurnRequest(json: string | undefined): TurnRequest | string {
  if (json === undefined) return "missing field 'turn'";
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return "field 'turn' is not JSON";
  }
  if (typeof value !== "object" || value === null) return "field 'turn' is not an object";
  const v = value as Record<string, unknown>;
  for (const key of ["turnId", "conversationId", "agentId", "content"] as const) {
    if (typeof v[key] !== "string" || (key !== "content" && v[key] === ""))
      return `'${key}' must be a non-empty string`;
  }
  if (!Number.isInteger(v["seq"]) || (v["seq"] as number) < 0) return "'seq' must be a non-negative integer";
  if (typeof v["enqueuedAt"] !== "number") return "'enqueuedAt' must be a number";
  if (!Array.isArray(v["failedOver"]) || !v["failedOver"].every((a) => typeof a === "string")) {
    return "'failedOver' must be a list of agent ids";
  }
  return value as TurnRequest;
}
