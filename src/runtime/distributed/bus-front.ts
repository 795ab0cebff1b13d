/**
 * @module runtime/distributed/bus-front
 * {@link BusFront}: `send()` in distributed mode (issue 15). The front runs the turn path up to
 * the model call — classify, embed, pool, accept the turn in the store, route (on the routing
 * table the leader published and the load the workers report) — then enqueues the turn on the
 * {@link TurnBus} for the chosen agent and waits for its reply, streaming tokens. It records the
 * answer (the store, events, usage, the learning signals the control loop forwards to the
 * leader) exactly as embedded mode does. A model failure reported by the worker fails over to
 * the most capability-similar agent (SPEC §7) with a new delivery; a worker that dies is taken
 * over by the bus (visibility timeout) and the reply still reaches this front.
 *
 * Per-conversation ordering across processes: the front holds the conversation's lease
 * ({@link ConversationLeases}) from before it reads the conversation until the turn is recorded,
 * renewing it meanwhile; it re-reads the stored conversation under the lease, so a turn another
 * front recorded is seen before the next seq is assigned. The store's seq check backs this up.
 */
import { ClosedError, NoAgentAvailableError, NotFoundError, RapoError, TimeoutError } from "../../errors.js";
import type { ModelReply } from "../../models/invoke.js";
import type { ConversationLeases } from "../../ports/conversation-lease.js";
import type { TurnBus, TurnReply, TurnRequest } from "../../ports/turn-bus.js";
import { loadFactor } from "../../routing/load.js";
import type { ConversationRecord } from "../../store/contract.js";
import type { AgentRuntime } from "../agent-runtime.js";
import type { ConversationState } from "../conversation-state.js";
import { pickReplacement } from "../failover.js";
import { fadeOutcomeEvidence } from "../outcome-evidence.js";
import type { RuntimeContext, TurnInFlight } from "../runtime-context.js";
import {
  type AcceptPorts,
  acceptTurn,
  type ChoosePorts,
  chooseAgent,
  classifierContext,
  type FailPorts,
  failedIds,
  failTurn,
} from "../turn-pipeline.js";
import { type RecordPorts, recordAnswer } from "../turn-recording.js";
import type { HandoffPacket, TurnResult } from "../types.js";

/**
 * What the front reads and writes: what accepting, routing, failing and recording a turn need,
 * the classifier and embedder, live conversations.
 */
export type FrontPorts = AcceptPorts &
  ChoosePorts &
  FailPorts &
  RecordPorts &
  Pick<RuntimeContext, "classifier" | "conversations" | "embedder">;

/** What a worker puts in `TurnReply.extra` (see `agent-host.ts`). */
export interface HostReplyExtra {
  packet?: HandoffPacket;
  inputTokens?: number;
  outputTokens?: number;
  usageEstimated?: boolean;
  latencyMs?: number;
  /** agents that failed this turn before the answering one (process failover included). */
  failedOver?: string[];
}

/** What the front puts in `TurnRequest.extra`. */
export interface FrontRequestExtra {
  /** the conversation's previous agent (the handoff sender), or null. */
  previousAgentId: string | null;
  /** the store's turn id (the bus turn id differs on a failover retry). */
  storeTurnId: string;
  /** the conversation's facts and entities as this front's ledger holds them. */
  facts: string[];
  entities: string[];
  /** whether the front streams tokens (the worker then calls the model in streaming mode). */
  stream: boolean;
}

/** Options of one distributed turn. */
export interface BusTurnOptions {
  signal?: AbortSignal;
  deadlineMs?: number;
  /** streamed tokens of the answering delivery, with the agent it was addressed to. */
  onToken?: (token: string, agentId: string) => void;
}

/** The turn path of a front. */
export class BusFront {
  /** per-conversation queue of this process (local FIFO before the cross-process lease). */
  private readonly tails = new Map<string, Promise<unknown>>();
  /** this front's turns in flight per agent index. */
  private readonly outstanding: Int32Array;
  /** in-flight turns per agent index across all workers (last load-tracker snapshot). */
  private readonly remote: Float64Array;

  constructor(
    private readonly ctx: FrontPorts,
    private readonly bus: TurnBus,
    private readonly leases: ConversationLeases,
    private readonly holder: string,
  ) {
    this.outstanding = new Int32Array(ctx.agents.all.length);
    this.remote = new Float64Array(ctx.agents.all.length);
  }

  /** Runs one turn of `conversationId` (after this process's earlier turns of it). */
  send(conversationId: string, content: string, options: BusTurnOptions): Promise<TurnResult> {
    const previous = this.tails.get(conversationId) ?? Promise.resolve();
    const run = previous.then(
      () => this.leased(conversationId, content, options),
      () => this.leased(conversationId, content, options),
    );
    const tail = run.catch(() => undefined);
    this.tails.set(conversationId, tail);
    void tail.then(() => {
      if (this.tails.get(conversationId) === tail) this.tails.delete(conversationId);
    });
    return run;
  }

  /** Folds the workers' in-flight counts (load tracker) into the routing table's load terms. */
  applyRemoteLoad(totals: ReadonlyMap<string, number>): void {
    for (const agent of this.ctx.agents.all) {
      this.remote[agent.index] = totals.get(agent.id) ?? 0;
      this.publishLoad(agent);
    }
  }

  /** L_a from the larger of this front's own count and the cluster-wide one. */
  private publishLoad(agent: AgentRuntime): void {
    const inflight = Math.max(this.remote[agent.index]!, this.outstanding[agent.index]!);
    const local = agent.load.value();
    const remote = loadFactor(
      {
        active: inflight,
        queued: Math.max(0, inflight - agent.capacity),
        resource: Math.min(1, inflight / agent.capacity),
      },
      this.ctx.config.routing,
    );
    this.ctx.agents.table.load[agent.index] = Math.max(local, remote);
  }

  private async leased(
    conversationId: string,
    content: string,
    options: BusTurnOptions,
  ): Promise<TurnResult> {
    const dc = this.ctx.config.distributed;
    const { token, stored } = await this.acquire(conversationId, options.signal);
    let lost = false;
    const renewal = setInterval(
      () =>
        void this.leases
          .renew(conversationId, token, dc.conversationLeaseMs)
          .then((ok) => {
            if (!ok) lost = true;
          })
          .catch(() => undefined),
      Math.max(50, dc.conversationLeaseMs / 3),
    );
    try {
      const result = await this.turn(conversationId, stored, content, options);
      if (lost) this.ctx.logger.warn({ conversationId }, "conversation lease lapsed during a turn");
      return result;
    } finally {
      clearInterval(renewal);
      await this.leases.release(conversationId, token).catch(() => undefined);
    }
  }

  /**
   * Waits for the conversation's lease (another front runs a turn of it meanwhile); returns it
   * with the stored conversation, read in the same round trip: the read is sent after the lease
   * request on the same connection and key slot (`{conv:ID}`), so Redis runs it after the lease
   * is taken and it sees every turn recorded before.
   */
  private async acquire(
    conversationId: string,
    signal: AbortSignal | undefined,
  ): Promise<{ token: string; stored: ConversationRecord | null }> {
    const dc = this.ctx.config.distributed;
    const giveUp = Date.now() + dc.conversationWaitMs;
    for (let wait = 2; ; wait = Math.min(50, wait * 2)) {
      const [token, stored] = await Promise.all([
        this.leases.tryAcquire(conversationId, this.holder, dc.conversationLeaseMs),
        this.ctx.store.getConversation(conversationId),
      ]);
      if (token !== null) return { token, stored };
      if (signal?.aborted)
        throw new RapoError("cancelled", "the caller cancelled the turn", { category: "user" });
      if (Date.now() >= giveUp)
        throw new TimeoutError(
          `conversation '${conversationId}' stayed busy in another process for ${dc.conversationWaitMs} ms`,
          { conversationId },
        );
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  /** The conversation as stored now: the live state when nobody else wrote it since, else reloaded. */
  private async fresh(conversationId: string, stored: ConversationRecord | null): Promise<ConversationState> {
    const { conversations, store } = this.ctx;
    if (stored === null) throw new NotFoundError("conversation", conversationId);
    const live = conversations.peek(conversationId);
    if (
      live !== undefined &&
      live.record.turnCount === stored.turnCount &&
      live.nextSeq === stored.turnCount &&
      live.record.updatedAt === stored.updatedAt
    )
      return live;
    if (live !== undefined) conversations.forget(live);
    const state = await conversations.get(conversationId);
    // a turn accepted by a front that died before recording it holds a seq past turnCount
    const last = (await store.listTurns(conversationId, 1))[0];
    if (last !== undefined) state.nextSeq = Math.max(state.nextSeq, last.seq + 1);
    return state;
  }

  private async turn(
    conversationId: string,
    stored: ConversationRecord | null,
    content: string,
    options: BusTurnOptions,
  ): Promise<TurnResult> {
    const ctx = this.ctx;
    const conversation = await this.fresh(conversationId, stored);
    const started = performance.now();
    fadeOutcomeEvidence(conversation, ctx.config.routing.outcomeEvidence);
    const features = ctx.classifier.classify(content, classifierContext(conversation));
    conversation.taskScores = features.taskScores;
    const embedding = ctx.embedder.embedSync
      ? ctx.embedder.embedSync(content)
      : (await ctx.embedder.embed([content]))[0]!;
    const deadlineMs =
      options.deadlineMs ?? ctx.config.routing.deadlineMs ?? ctx.config.limits.modelTimeoutMs;
    const turn = acceptTurn(ctx, conversation, content, features, embedding, started, deadlineMs);
    try {
      await turn.accepted;
    } catch (error) {
      ctx.conversations.forget(conversation);
      throw error;
    }
    conversation.settleFacts();
    const previous =
      conversation.record.lastAgentId === null ? undefined : ctx.agents.find(conversation.record.lastAgentId);
    const pool = conversation.record.pool;
    const failed = new Set<number>();
    let agent = chooseAgent(
      ctx,
      ctx.agents.candidates(pool),
      turn,
      previous,
      failed,
      conversation.outcomeEvidence,
    );
    let attempt = 0;
    while (agent) {
      let reply: TurnReply;
      try {
        reply = await this.deliver(conversation, turn, agent, previous, failed, attempt++, options);
      } catch (error) {
        const cause = options.signal?.aborted
          ? new RapoError("cancelled", "the caller cancelled the turn", { category: "user", cause: error })
          : error instanceof RapoError
            ? error
            : new RapoError("bus_failed", String(error), { cause: error });
        return failTurn(ctx, conversation, turn, cause);
      }
      const extra = (reply.extra ?? {}) as HostReplyExtra;
      const answering = reply.agentId === null ? undefined : ctx.agents.find(reply.agentId);
      if (reply.status === "answered" && answering !== undefined && reply.answer !== null) {
        for (const id of extra.failedOver ?? []) {
          const index = ctx.agents.find(id)?.index;
          if (index !== undefined) failed.add(index);
        }
        const model: ModelReply = {
          text: reply.answer,
          inputTokens: extra.inputTokens ?? 0,
          outputTokens: extra.outputTokens ?? 0,
          usageEstimated: extra.usageEstimated ?? true,
        };
        return await recordAnswer(
          ctx,
          conversation,
          turn,
          answering,
          model,
          extra.packet,
          failedIds(ctx, failed),
        );
      }
      // the worker's model call failed: fail over like embedded mode (SPEC §7)
      const failedAgent = answering ?? agent;
      failed.add(failedAgent.index);
      failedAgent.load.failures++;
      ctx.metrics.failovers.inc(failedAgent.labels.agent);
      const replacement =
        failed.size > ctx.config.limits.maxFailovers
          ? null
          : (pickReplacement(failedAgent, ctx.agents.pool(pool), failed) ??
            pickReplacement(failedAgent, ctx.agents.all, failed));
      ctx.events.emit({
        type: "failover",
        turnId: turn.record.id,
        conversationId,
        failedAgentId: failedAgent.id,
        replacementAgentId: replacement?.id ?? null,
        error: reply.error ?? "failed",
        failureKind: "unknown",
      });
      agent = replacement ?? undefined;
    }
    const detail = failed.size === 0 ? "no agent is available" : `all ${failed.size} agents tried failed`;
    return failTurn(ctx, conversation, turn, new NoAgentAvailableError(`turn ${turn.record.id}: ${detail}`));
  }

  /** Enqueues the turn for `agent` and waits for its reply (tokens streamed meanwhile). */
  private async deliver(
    conversation: ConversationState,
    turn: TurnInFlight,
    agent: AgentRuntime,
    previous: AgentRuntime | undefined,
    failed: ReadonlySet<number>,
    attempt: number,
    options: BusTurnOptions,
  ): Promise<TurnReply> {
    const ctx = this.ctx;
    if (options.signal?.aborted) throw new ClosedError();
    const extra: FrontRequestExtra = {
      previousAgentId: previous?.id ?? null,
      storeTurnId: turn.record.id,
      facts: conversation.record.facts,
      entities: conversation.record.entities,
      stream: options.onToken !== undefined,
    };
    const request: TurnRequest = {
      // a retry after a failed delivery is a new bus turn (the bus answers a turn id once)
      turnId: attempt === 0 ? turn.record.id : `${turn.record.id}.${attempt}`,
      conversationId: conversation.record.id,
      agentId: agent.id,
      seq: turn.record.seq,
      content: turn.record.userContent,
      enqueuedAt: Date.now(),
      failedOver: failedIds(ctx, failed),
      extra: extra as unknown as Record<string, unknown>,
    };
    const id = conversation.record.id;
    agent.learned.materialize(); // first route: the agent becomes active (lazy instantiation)
    const position = agent.load.begin(id);
    this.outstanding[agent.index]!++;
    this.publishLoad(agent);
    const began = ctx.clock();
    let latencyMs = Number.NaN;
    let firstDelivery: string | undefined;
    try {
      let failEnqueue: (error: unknown) => void = () => {};
      const enqueueFailed = new Promise<never>((_, reject) => {
        failEnqueue = reject;
      });
      const waiting = this.bus.awaitReply(request.turnId, {
        timeoutMs: ctx.config.distributed.replyTimeoutMs,
        // subscribed first, so no token is missed; a failed enqueue fails the wait at once
        onListening: () => void this.bus.enqueue(request).catch(failEnqueue),
        ...(options.onToken
          ? {
              onToken: (token: string, deliveryId: string) => {
                // a redelivery streams again from the start: keep to the first delivery's tokens
                firstDelivery ??= deliveryId;
                if (deliveryId === firstDelivery) options.onToken!(token, agent.id);
              },
            }
          : {}),
      });
      const abort = new Promise<never>((_, reject) => {
        options.signal?.addEventListener("abort", () => reject(new ClosedError()), { once: true });
      });
      const reply = await Promise.race([waiting, enqueueFailed, abort]);
      if (reply.status === "answered") latencyMs = ctx.clock() - began;
      return reply;
    } finally {
      this.outstanding[agent.index]!--;
      agent.load.end(id, ctx.clock(), latencyMs, position);
      this.publishLoad(agent);
    }
  }
}
