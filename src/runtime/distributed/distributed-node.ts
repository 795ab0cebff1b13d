/**
 * @module runtime/distributed/distributed-node
 * {@link DistributedNode}: one orchestrator process in distributed mode (issue 15, SPEC §8), on
 * the Redis store's connection. Roles:
 * - **front** (every node): `send()` goes through {@link BusFront} — route here, answer on a worker;
 * - **worker** (`host` names agents): a {@link TurnWorker} serves those agents' turns through
 *   {@link agentHostHandler}, heartbeats, and reaps turns of dead workers, re-routing a turn whose
 *   agent nobody hosts any more to the live agent with the most similar capabilities (SPEC §7);
 * - **leader** (`lead`, elected among the nodes that campaign, lease + fencing token): runs the
 *   learning part of the control loop on the signals every node forwards (outcomes, context
 *   updates) and publishes the learned state as the fenced, versioned routing snapshot.
 *
 * The control-loop stages it adds: `forward` (the signals this node's turn path emitted into the
 * in-memory twin → the signal stream), `intake` (leader: the stream → the learning stages' queues,
 * through the same conversion the embedded loop uses, exactly once across leader changes),
 * `follow` (non-leaders swap in a newer snapshot; everyone folds the workers' load into routing)
 * and `publish` (leader: the fenced snapshot write, then the acknowledgement of what it applied).
 */
import { randomUUID } from "node:crypto";
import { LeaderElector } from "../../distributed/leader-elector.js";
import { RedisConversationLeases } from "../../distributed/redis-conversation-lease.js";
import { RedisLeaderElection } from "../../distributed/redis-leader-election.js";
import { RedisLoadTracker } from "../../distributed/redis-load-tracker.js";
import { RedisRoutingSnapshots } from "../../distributed/redis-routing-snapshots.js";
import { RedisSignalBus } from "../../distributed/redis-signals.js";
import { RedisTurnBus } from "../../distributed/redis-turn-bus.js";
import { TurnWorker } from "../../distributed/turn-worker.js";
import { RedisWorkerRegistry } from "../../distributed/worker-registry.js";
import { ConfigError } from "../../errors.js";
import type { Lease } from "../../ports/leader-election.js";
import type { ReceivedSignal, Signal } from "../../ports/signal-sink.js";
import type { RedisStore } from "../../store/redis-store.js";
import type { AgentRuntime } from "../agent-runtime.js";
import { pickReplacement } from "../failover.js";
import { takeSignal } from "../learning-signals.js";
import type { RuntimeContext } from "../runtime-context.js";
import { type AgentHostPorts, agentHostHandler } from "./agent-host.js";
import { BusFront, type FrontPorts } from "./bus-front.js";
import { applyLearnedState, encodeLearnedState, type SignalProgress } from "./learned-state.js";

/**
 * What a node reads and writes: what its front and its agent host need, the in-memory signal twin
 * it forwards from, and the learning queues it fills from the signal stream when leading.
 */
export type NodePorts = FrontPorts &
  AgentHostPorts &
  Pick<RuntimeContext, "outcomes" | "pendingContext" | "signals" | "taxonomy">;

/** The orchestrator's `distributed` option. */
export interface DistributedOptions {
  /** agent ids this process serves as a worker, or "all"; none (a pure front) by default. */
  host?: readonly string[] | "all";
  /** whether this process campaigns for leadership; default true when it hosts agents. */
  lead?: boolean;
  /** this process's id (worker registry, leases, consumer names); random by default. */
  nodeId?: string;
  /** leadership and fencing callbacks (logs, tests). */
  events?: DistributedNodeEvents;
}

/** Callbacks a node reports leadership changes and fenced-off writes to (tests, logs). */
export interface DistributedNodeEvents {
  onElected?: (token: number) => void;
  onDemoted?: (token: number) => void;
  onFencedOff?: (token: number) => void;
  onPublished?: (version: number, applied: number) => void;
  /** a turn of a dead worker's agent this worker re-routed, and the live agents it chose among. */
  onRerouted?: (turnId: string, from: string, to: string | null, candidates: readonly string[]) => void;
  /** a turn this worker completed; `first` false when it had been answered already elsewhere. */
  onServed?: (turnId: string, agentId: string, first: boolean) => void;
}

/** One process of a distributed deployment. */
export class DistributedNode {
  readonly front: BusFront;
  readonly nodeId: string;
  readonly hosted: readonly string[];
  private readonly bus: RedisTurnBus;
  private readonly signals: RedisSignalBus;
  private readonly load: RedisLoadTracker;
  private readonly snapshots: RedisRoutingSnapshots;
  private readonly election: RedisLeaderElection;
  private readonly elector: LeaderElector | null;
  private readonly worker: TurnWorker | null;
  private readonly registry: RedisWorkerRegistry;
  /** agents this node took out of routing because no live worker hosts them. */
  private readonly unhosted = new Set<string>();
  /** the lease this node leads under once its state is restored for it. */
  private leading: Lease | null = null;
  private restoredToken = 0;
  private fencedToken = 0;
  private progress: SignalProgress = { applied: 0, unacked: [] };
  /** ids of signals applied whose acknowledgement has not succeeded yet. */
  private unacked: string[] = [];
  /** signals taken from the turn path whose emission to the stream failed (sent first next time). */
  private unsent: Signal[] = [];
  private version = 0;
  private publishedTick = 0;

  constructor(
    private readonly ctx: NodePorts,
    store: RedisStore,
    options: DistributedOptions,
    private readonly events: DistributedNodeEvents = {},
  ) {
    const prefix = store.keys.prefix;
    const client = store.client;
    const dc = ctx.config.distributed;
    this.nodeId = options.nodeId ?? `node-${randomUUID().slice(0, 8)}`;
    const all = ctx.agents.all.map((a) => a.id);
    this.hosted = options.host === "all" ? all : [...(options.host ?? [])];
    for (const id of this.hosted) ctx.agents.get(id); // NotFoundError for an unknown agent
    this.bus = new RedisTurnBus(client, { keyPrefix: prefix, pollMs: 100 });
    this.signals = new RedisSignalBus(client, prefix);
    this.load = new RedisLoadTracker(client, prefix);
    this.snapshots = new RedisRoutingSnapshots(client, prefix);
    this.election = new RedisLeaderElection(client, prefix);
    this.front = new BusFront(ctx, this.bus, new RedisConversationLeases(client, prefix), this.nodeId);
    this.registry = new RedisWorkerRegistry(client, prefix);
    this.worker =
      this.hosted.length === 0
        ? null
        : new TurnWorker({
            workerId: this.nodeId,
            agents: this.hosted,
            bus: this.bus,
            registry: this.registry,
            load: this.load,
            handler: agentHostHandler(ctx),
            visibilityTimeoutMs: dc.visibilityTimeoutMs,
            concurrency: dc.workerConcurrency,
            allAgents: () => all,
            reroute: (agentId, failedOver, hosted, turnId) =>
              this.reroute(agentId, failedOver, hosted, turnId),
            substitute: (agentId, hosted) => this.substitute(agentId, [agentId], hosted).chosen,
            onError: (error) => ctx.logger.warn({ err: String(error) }, "worker error"),
            onCompleted: (turn, reply, first) =>
              this.events.onServed?.(turn.request.turnId, reply.agentId ?? turn.agentId, first),
          });
    const lead = options.lead ?? this.hosted.length > 0;
    this.elector = lead
      ? new LeaderElector(this.election, this.nodeId, dc.leaderLeaseMs, {
          onElected: (lease) => {
            ctx.logger.info({ node: this.nodeId, token: lease.token }, "elected leader");
            this.events.onElected?.(lease.token);
          },
          onDemoted: (lease) => {
            ctx.logger.info({ node: this.nodeId, token: lease.token }, "no longer leader");
            // a re-election may return the same token (the lease key outlived the local belief):
            // restore again then, so `leading` is set for it
            this.leading = null;
            this.restoredToken = 0;
            this.events.onDemoted?.(lease.token);
          },
          onError: (error) => ctx.logger.warn({ err: String(error) }, "leader election failed"),
        })
      : null;
  }

  /** Opens a node on `ctx`'s store, which must be a Redis store. */
  static async start(
    ctx: NodePorts,
    options: DistributedOptions,
    events?: DistributedNodeEvents,
  ): Promise<DistributedNode> {
    const store = ctx.store as Partial<RedisStore>;
    if (store.kind !== "redis" || store.client === undefined)
      throw new ConfigError("distributed mode needs a Redis store: store: { redis: 'redis://…' }", {
        field: "store",
      });
    const node = new DistributedNode(ctx, store as RedisStore, options, events);
    await node.follow(); // the latest published routing table before the first turn
    await node.worker?.start();
    node.elector?.start();
    return node;
  }

  /** Whether this node leads now (lease held, state restored for it, not fenced off). */
  get isLeader(): boolean {
    const lease = this.elector?.current ?? null;
    return lease !== null && this.leading !== null && lease.token === this.leading.token;
  }

  /**
   * Stage: this node's learning signals (outcomes, context updates), as its turn path emitted them
   * into the in-memory twin, → the signal stream. What failed to go out is sent first next tick.
   */
  async forward(): Promise<void> {
    const { ctx } = this;
    // what the intake queued for learning stages that did not run (leadership was lost) is dropped:
    // the next leader applies those signals from the stream
    dropQueued(ctx);
    const taken = ctx.signals.takeNow();
    const batch = this.unsent.length === 0 ? taken : [...this.unsent, ...taken];
    if (batch.length === 0) return;
    this.unsent = [];
    try {
      await this.signals.emit(batch);
    } catch (error) {
      this.unsent = batch;
      throw error;
    }
  }

  /** Stage (leader): signals from the stream into the learning queues, each applied once. */
  async intake(): Promise<void> {
    const lease = this.elector?.current ?? null;
    if (lease === null || lease.token === this.fencedToken) return;
    if (this.restoredToken !== lease.token) await this.takeOver(lease);
    const dc = this.ctx.config.distributed;
    // signals a previous leader read after this one took over (it was paused mid-read) stay
    // pending under its name: take them over once they have been idle for a few leases
    const ours = new Set(this.unacked);
    const stray = await this.signals.reclaim(this.nodeId, {
      minIdleMs: 3 * dc.leaderLeaseMs,
      max: dc.signalBatch,
    });
    this.apply(stray.filter((s) => !ours.has(s.id)));
    this.apply(await this.signals.read(this.nodeId, { max: dc.signalBatch }));
  }

  /** Stage (leader): the fenced snapshot write, then the acknowledgement of the applied signals. */
  async publish(iteration: number): Promise<void> {
    const lease = this.leading;
    if (lease === null || !this.isLeader) return;
    const due = iteration - this.publishedTick >= this.ctx.config.loop.persistEveryTicks;
    if (this.unacked.length === 0 && !due && this.version > 0) return;
    const acks = this.unacked.slice();
    this.progress.unacked = acks;
    const version = await this.snapshots.publish(lease.token, encodeLearnedState(this.ctx, this.progress));
    if (version === null) {
      // a newer leader exists: this node's writes are refused; step down, acknowledge nothing
      this.fencedToken = lease.token;
      this.leading = null;
      this.ctx.logger.warn({ node: this.nodeId, token: lease.token }, "fenced off: a newer leader exists");
      this.events.onFencedOff?.(lease.token);
      return;
    }
    this.version = version;
    this.publishedTick = iteration;
    this.events.onPublished?.(version, this.progress.applied);
    // published first, acknowledged after: a successor finds unacknowledged ids in the snapshot
    await this.signals.ack(acks);
    const done = new Set(acks);
    this.unacked = this.unacked.filter((id) => !done.has(id));
  }

  /** Stage: a newer routing snapshot (non-leaders) and the workers' load (everyone). */
  async follow(): Promise<void> {
    if (!this.isLeader) {
      const newer = await this.snapshots.newerThan(this.version);
      if (newer !== null) {
        const progress = applyLearnedState(this.ctx, newer.payload);
        if (progress !== null) this.progress = progress;
        this.version = newer.version;
      }
    }
    this.front.applyRemoteLoad(await this.load.snapshot());
    await this.routeToHostedOnly();
  }

  /**
   * Takes agents no live worker hosts out of routing (their turns would wait for the reaper to
   * move them) and puts them back once a worker hosts them again. With no live worker at all,
   * routing is left as it is (turns queue until a worker starts).
   */
  private async routeToHostedOnly(): Promise<void> {
    const workers = await this.registry.live(this.ctx.config.distributed.visibilityTimeoutMs);
    if (workers.length === 0) return;
    const hosted = new Set<string>();
    for (const worker of workers) for (const id of worker.agents) hosted.add(id);
    for (const agent of this.ctx.agents.all) {
      if (!hosted.has(agent.id) && agent.load.available()) {
        agent.load.setAvailable(false);
        this.unhosted.add(agent.id);
      } else if (hosted.has(agent.id) && this.unhosted.delete(agent.id)) agent.load.setAvailable(true);
    }
  }

  /** Stops serving (turns in hand finish), resigns leadership, closes the bus connections. */
  async close(): Promise<void> {
    await this.worker?.stop();
    await this.elector?.stop();
    await this.bus.close();
    await this.signals.close();
  }

  /**
   * Becoming leader: the learned state as last published (this node's own unpublished work is
   * dropped), then every signal still pending in the stream — those the snapshot lists as applied
   * but unacknowledged are only acknowledged, the others are applied. So each signal is applied
   * once across leader changes, and nothing published is rolled back.
   */
  private async takeOver(lease: Lease): Promise<void> {
    const latest = await this.snapshots.latest();
    if (latest !== null) {
      const progress = applyLearnedState(this.ctx, latest.payload);
      if (progress !== null) this.progress = progress;
      this.version = latest.version;
    }
    dropQueued(this.ctx);
    this.unacked = [];
    const applied = new Set(this.progress.unacked);
    const batch = this.ctx.config.distributed.signalBatch;
    for (;;) {
      const taken = await this.signals.reclaim(this.nodeId, { minIdleMs: 0, max: batch });
      await this.signals.ack(taken.filter((s) => applied.has(s.id)).map((s) => s.id));
      this.apply(taken.filter((s) => !applied.has(s.id)));
      if (taken.length < batch) break;
    }
    this.restoredToken = lease.token;
    this.leading = lease;
  }

  private apply(received: readonly ReceivedSignal[]): void {
    for (const { id, signal } of received) {
      this.unacked.push(id);
      this.progress.applied++;
      takeSignal(this.ctx, signal);
    }
  }

  /** SPEC §7: the live agent (hosted by a live worker) with capabilities most similar to `agentId`'s. */
  private reroute(
    agentId: string,
    failedOver: readonly string[],
    hosted: ReadonlySet<string>,
    turnId: string,
  ): string | null {
    const { chosen, candidates } = this.substitute(agentId, failedOver, hosted);
    if (candidates === null) return null;
    this.events.onRerouted?.(
      turnId,
      agentId,
      chosen,
      candidates.map((a) => a.id),
    );
    return chosen;
  }

  /**
   * The substitute `reroute` picks, without reporting it: among the agents hosted by live workers
   * (the reaper's view, `hosted`), the most capability-similar one not in `failedOver`.
   * Liveness is judged by `hosted` alone, not by this node's routing table: the table's
   * availability flags follow the worker registry only at each `follow` stage (an older view that
   * may still hold a live agent unavailable after a late heartbeat), and on a worker they say
   * nothing else about agents it does not call (their circuit breakers are the fronts').
   */
  private substitute(
    agentId: string,
    failedOver: readonly string[],
    hosted: ReadonlySet<string>,
  ): { chosen: string | null; candidates: AgentRuntime[] | null } {
    const { agents } = this.ctx;
    const failed = agents.find(agentId);
    if (failed === undefined) return { chosen: null, candidates: null };
    const exclude = new Set<number>();
    for (const id of failedOver) {
      const index = agents.find(id)?.index;
      if (index !== undefined) exclude.add(index);
    }
    const candidates = agents.all.filter((a) => hosted.has(a.id) && !exclude.has(a.index) && a !== failed);
    // liveness is `hosted` (the candidates), not this node's routing table
    const chosen = pickReplacement(failed, candidates, exclude, () => true);
    return { chosen: chosen?.id ?? null, candidates };
  }
}

/** Empties the loop's learning queues (what they hold is applied from the stream by a leader). */
function dropQueued(ctx: Pick<RuntimeContext, "outcomes" | "pendingContext">): void {
  ctx.outcomes.drain();
  ctx.pendingContext.length = 0;
}
