/**
 * @module distributed/turn-worker
 * {@link TurnWorker}: the serving loop of a worker process. It claims turns of the agents it
 * hosts from the {@link TurnBus}, runs them through a {@link TurnHandler} (in `rapo worker`, the
 * agent's model), streams tokens, completes them, and keeps its deliveries alive with `extend`.
 * It heartbeats in a worker registry and, as a reaper, takes over deliveries idle past the
 * visibility timeout (their worker died): it serves them when it hosts their agent, puts them back
 * on the agent's stream when another live worker hosts it, and otherwise re-routes them to the
 * agent `reroute` names (SPEC §7: the most similar capabilities), adding the dead agent to
 * `failedOver` — serving them itself when that agent is its own, and leaving them to the worker
 * hosting that agent while it is fresh (`substitute`), so a taken-over turn does not queue again.
 * A dead worker's load is dropped from the {@link LoadTracker}.
 */
import type { LoadTracker } from "../ports/load-tracker.js";
import type { ClaimedTurn, TurnBus, TurnReply } from "../ports/turn-bus.js";
import type { WorkerRegistry } from "./worker-registry.js";

/** An answer with extra data for the reply (`TurnReply.extra`). */
export interface HandledTurn {
  answer: string;
  extra?: Record<string, unknown>;
}

/**
 * Serves one claimed turn; resolves with the answer (or the answer and extra reply data), or
 * throws for a failed turn.
 */
export type TurnHandler = (
  turn: ClaimedTurn,
  emitToken: (token: string) => Promise<void>,
) => Promise<string | HandledTurn>;

/** Options of {@link TurnWorker}. */
export interface TurnWorkerOptions {
  workerId: string;
  /** agent ids served by this worker. */
  agents: readonly string[];
  bus: TurnBus;
  registry: WorkerRegistry;
  load?: LoadTracker;
  handler: TurnHandler;
  /** a delivery idle this long is taken over (ms). */
  visibilityTimeoutMs: number;
  /** concurrent turns per worker. */
  concurrency: number;
  /** every agent id of the deployment (the reaper watches all their streams). */
  allAgents: () => readonly string[];
  /** substitute for an agent nobody hosts any more; null when there is none. */
  reroute: (
    agentId: string,
    failedOver: readonly string[],
    hosted: ReadonlySet<string>,
    turnId: string,
  ) => string | null;
  /**
   * The agent `reroute` would choose for a turn of `agentId` that failed over nowhere else yet,
   * without reporting a decision (a side-effect-free forecast). With it, the reaper leaves the
   * turns of an agent nobody serves to the worker hosting that substitute while its heartbeat is
   * fresh: that worker serves them at once instead of queueing them behind its own backlog.
   */
  substitute?: (agentId: string, hosted: ReadonlySet<string>) => string | null;
  onError?: (error: unknown) => void;
  /** after each completion; `first` is false when the turn had already been answered elsewhere. */
  onCompleted?: (turn: ClaimedTurn, reply: TurnReply, first: boolean) => void;
}

/** The serving loop of one worker. */
export class TurnWorker {
  private running = false;
  private readonly inFlight = new Set<ClaimedTurn>();
  private readonly timers: NodeJS.Timeout[] = [];
  private loop: Promise<void> = Promise.resolve();
  private slotFreed: () => void = () => {};
  private reaping = false;
  /** when this worker first saw each agent without a fresh host (reset when it has one again). */
  private readonly staleSince = new Map<string, number>();

  constructor(private readonly options: TurnWorkerOptions) {}

  /** Starts claiming, heartbeating, extending and reaping. */
  async start(): Promise<void> {
    const o = this.options;
    this.running = true;
    await o.registry.heartbeat(o.workerId, o.agents);
    const every = (ms: number, task: () => Promise<void>) => {
      const timer = setInterval(() => void task().catch((e: unknown) => o.onError?.(e)), ms);
      this.timers.push(timer);
    };
    every(Math.max(50, o.visibilityTimeoutMs / 4), () => o.registry.heartbeat(o.workerId, o.agents));
    every(Math.max(50, o.visibilityTimeoutMs / 3), () => this.extendAll());
    every(Math.max(50, o.visibilityTimeoutMs / 4), () => this.reapOnce());
    this.loop = this.claimLoop();
  }

  /** Stops taking work, waits for the turns in hand, leaves the registry. */
  async stop(): Promise<void> {
    this.running = false;
    this.slotFreed();
    for (const timer of this.timers) clearInterval(timer);
    await this.loop;
    while (this.inFlight.size > 0) await new Promise((r) => setTimeout(r, 10));
    await this.options.registry.leave(this.options.workerId);
  }

  private async claimLoop(): Promise<void> {
    const o = this.options;
    while (this.running) {
      const free = o.concurrency - this.inFlight.size;
      if (free <= 0) {
        await new Promise<void>((resolve) => {
          this.slotFreed = resolve;
        });
        continue;
      }
      try {
        const claimed = await o.bus.claim(o.workerId, o.agents, { max: free, blockMs: 200 });
        for (const turn of claimed) this.serve(turn);
      } catch (error) {
        o.onError?.(error);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /**
   * Serves `turn` (the delivery: extended, completed and acknowledged as such) as `as` — the same
   * turn, or the turn re-routed to another agent of this worker (its `agentId` and request name
   * the substitute and carry the grown `failedOver`).
   */
  private serve(turn: ClaimedTurn, as: ClaimedTurn = turn): void {
    const o = this.options;
    this.inFlight.add(turn);
    void (async () => {
      // counted while the handler runs, not before it (one round trip less per turn); a failed
      // count does not fail the turn, and only a counted turn is uncounted
      const counted = o.load?.acquire(as.agentId, o.workerId).then(
        () => true,
        (error: unknown) => {
          o.onError?.(error);
          return false;
        },
      );
      let reply: TurnReply;
      try {
        const handled = await o.handler(as, (token) => o.bus.emitToken(turn, token));
        const answer = typeof handled === "string" ? handled : handled.answer;
        reply = {
          turnId: turn.request.turnId,
          status: "answered",
          agentId: as.agentId,
          answer,
          error: null,
          completedBy: o.workerId,
        };
        if (typeof handled !== "string" && handled.extra !== undefined) reply.extra = handled.extra;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        reply = {
          turnId: turn.request.turnId,
          status: "failed",
          agentId: as.agentId,
          answer: null,
          error: message,
          completedBy: o.workerId,
        };
      }
      const first = await o.bus.complete(turn, reply);
      o.onCompleted?.(as, reply, first);
      if (await counted) await o.load?.release(as.agentId, o.workerId);
    })()
      .catch((e: unknown) => o.onError?.(e))
      .finally(() => {
        this.inFlight.delete(turn);
        this.slotFreed();
      });
  }

  private async extendAll(): Promise<void> {
    // sent together (one round trip for all), not one turn after the other; one failure does
    // not keep the others from being extended
    const o = this.options;
    const results = await Promise.allSettled(
      [...this.inFlight].map((turn) => o.bus.extend(o.workerId, turn)),
    );
    for (const result of results) if (result.status === "rejected") o.onError?.(result.reason);
  }

  /** One reaper pass at a time: under CPU starvation passes would otherwise pile up. */
  private async reapOnce(): Promise<void> {
    if (this.reaping) return;
    this.reaping = true;
    try {
      await this.reap();
    } finally {
      this.reaping = false;
    }
  }

  /** Takes over deliveries whose worker stopped extending them. */
  private async reap(): Promise<void> {
    const o = this.options;
    // An agent counts as served only while a host's heartbeat (every timeout/4) is fresh (within
    // 3/4 of the timeout): a delivery idle past the visibility timeout was not extended (every
    // timeout/3), so its worker is stalled or dead, and handing it back to a host that missed two
    // heartbeats would only wait another round. Substitutes are chosen among every host heard of
    // within the timeout.
    const workers = await o.registry.live(o.visibilityTimeoutMs);
    const fresh = new Set<string>();
    const hosted = new Set<string>();
    for (const worker of workers) {
      for (const agent of worker.agents) {
        hosted.add(agent);
        if (Date.now() - worker.at <= (o.visibilityTimeoutMs * 3) / 4) fresh.add(agent);
      }
    }
    for (const dead of await o.registry.expired(o.visibilityTimeoutMs)) {
      await o.load?.dropHolder(dead);
      await o.registry.leave(dead);
    }
    const mine = new Set(o.agents);
    const now = Date.now();
    for (const agentId of o.allAgents()) {
      if (fresh.has(agentId)) this.staleSince.delete(agentId);
      else if (!this.staleSince.has(agentId)) this.staleSince.set(agentId, now);
      // The turns of an agent nobody serves are left to the worker hosting its substitute while
      // that worker is fresh (it serves them directly, ahead of its queue). This worker takes
      // them when the substitute is its own or stale, and in any case once the agent has had no
      // fresh host for twice the timeout (workers whose views disagree cannot leave them both).
      const longStale = now - (this.staleSince.get(agentId) ?? now) > 2 * o.visibilityTimeoutMs;
      const substitute = fresh.has(agentId) || longStale ? null : (o.substitute?.(agentId, hosted) ?? null);
      const elsewhere = substitute !== null && !mine.has(substitute) && fresh.has(substitute);
      // An agent without a fresh host has missed heartbeats for 3/4 of the timeout: its host is
      // dead or stalled, so its deliveries are taken once idle half the timeout (they were not
      // extended meanwhile), not the whole of it — a dead worker's turns move ~0.5 s sooner.
      const minIdleMs = elsewhere
        ? 2 * o.visibilityTimeoutMs
        : fresh.has(agentId)
          ? o.visibilityTimeoutMs
          : o.visibilityTimeoutMs / 2;
      const taken = (await o.bus.reclaim(o.workerId, agentId, { minIdleMs, max: 50 })).filter(
        (turn) => !this.serving(turn),
      );
      // Turns queued for an agent nobody hosts would never be claimed: move them on too.
      if (!fresh.has(agentId) && !elsewhere)
        taken.push(...(await o.bus.claim(o.workerId, [agentId], { max: 50 })));
      // concurrently: each hand-over is a few round trips, and the turns have waited already
      await Promise.all(
        taken.map((turn) => this.takeOver(turn, mine, fresh, hosted).catch((e: unknown) => o.onError?.(e))),
      );
    }
  }

  /** Whether this worker is serving that delivery already (its extension was merely late). */
  private serving(turn: ClaimedTurn): boolean {
    for (const held of this.inFlight)
      if (held.deliveryId === turn.deliveryId && held.agentId === turn.agentId) return true;
    return false;
  }

  private async takeOver(
    turn: ClaimedTurn,
    mine: ReadonlySet<string>,
    fresh: ReadonlySet<string>,
    hosted: ReadonlySet<string>,
  ): Promise<void> {
    const o = this.options;
    if (mine.has(turn.agentId) && this.running) {
      this.serve(turn);
      return;
    }
    const served = fresh.has(turn.agentId);
    const failedOver = served ? turn.request.failedOver : [...turn.request.failedOver, turn.agentId];
    const target = served ? turn.agentId : o.reroute(turn.agentId, failedOver, hosted, turn.request.turnId);
    if (target !== null && !served && mine.has(target) && this.running) {
      // re-routed to an agent of this worker: served now, not queued behind this worker's backlog
      const request = { ...turn.request, agentId: target, failedOver };
      this.serve(turn, { ...turn, agentId: target, request });
      return;
    }
    if (target === null) {
      const reply: TurnReply = {
        turnId: turn.request.turnId,
        status: "failed",
        agentId: null,
        answer: null,
        error: `no live agent can take over from '${turn.agentId}'`,
        completedBy: o.workerId,
      };
      await o.bus.complete(turn, reply);
      return;
    }
    await o.bus.enqueue({ ...turn.request, agentId: target, failedOver });
    await o.bus.release(turn);
  }
}
