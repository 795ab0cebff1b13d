/**
 * @module runtime/orchestrator
 * The public entry point. Wiring only: it validates the configuration, builds the components,
 * restores persisted state, runs the control loop, and delegates each turn to the turn
 * pipeline.
 */

import type { EmbeddingModelV3 } from "@ai-sdk/provider";
import { resolveConfig } from "../config/resolve.js";
import type { RapoConfig, RapoConfigInput } from "../config/schema.js";
import { ClosedError, NotFoundError, RapoError } from "../errors.js";
import { UsageLedger } from "../models/accounting/usage-ledger.js";
import { CircuitBreaker } from "../models/resilience/circuit-breaker.js";
import { MemorySignalBus } from "../ports/memory-signal-sink.js";
import { checkPools, PoolScheduler, type PoolSpec } from "../routing/pools.js";
import { adaptiveRouting, type RoutingPolicy } from "../routing/router.js";
import { type ConversationClassifier, createClassifier } from "../state/classifier.js";
import { fromEmbeddingModel, LocalEmbedder } from "../state/embedding.js";
import { RandomProjection } from "../state/random-projection.js";
import { resolveTaxonomy, type TaxonomyInput } from "../state/taxonomy.js";
import { warmUpAnalysis } from "../state/text-analysis.js";
import type { Embedder, TurnClassifier } from "../state/types.js";
import type { TurnRecord } from "../store/contract.js";
import { openStore, type StoreSpec } from "../store/open-store.js";
import { createLogger, type Logger } from "../telemetry/logger.js";
import { createMetrics, type RapoMetrics } from "../telemetry/metrics.js";
import { TrajectoryLog } from "../telemetry/trajectory-log.js";
import { BoundedMap } from "../util/bounded-map.js";
import { AgentRegistry, DEFAULT_POOL } from "./agent-registry.js";
import { consensusPrompts } from "./consensus-prompts.js";
import { ControlLoop, type LoopStage } from "./control-loop.js";
import { ConversationCache, type ConversationState } from "./conversation-state.js";
import {
  breakerProbeStage,
  contextStage,
  factsStage,
  outcomesStage,
  persistAgents,
  persistStage,
  restoreAgents,
  routingTableStage,
} from "./core-stages.js";
import type { BusTurnOptions } from "./distributed/bus-front.js";
import type { DistributedNode, DistributedOptions } from "./distributed/distributed-node.js";
import { distributedStages } from "./distributed/distributed-stages.js";
import { EventHub } from "./events.js";
import { logFailedConversation, TurnStateRecorder } from "./failure-log.js";
import { FeedbackDesk } from "./feedback.js";
import { globalStateStage } from "./global-state-stage.js";
import { InFlight } from "./in-flight.js";
import {
  validateAgentId,
  validateConversationId,
  validateDeadline,
  validateLimit,
  validateMessage,
  validateOutcome,
  validateTurnId,
} from "./input-validation.js";
import { takeLocalSignals } from "./learning-signals.js";
import { checkOptionKeys, type KnownOptionKey } from "./option-keys.js";
import { OutcomeQueue } from "./outcomes.js";
import type { PromptSpaceAdapter } from "./prompt-vectors.js";
import type { RuntimeContext, RuntimeParts, Verifier } from "./runtime-context.js";
import { streamingInvoker, type TurnStream } from "./stream-turn.js";
import { type AgentSummary, describeAgent } from "./summaries.js";
import { writeTaxonomyRecord } from "./taxonomy-record.js";
import { TextChannel } from "./text-channel.js";
import { type AgentInvoker, runTurn, type TurnOptions } from "./turn-pipeline.js";
import type { AgentSpec, EventOf, OrchestratorEvent, OrchestratorEventType, TurnResult } from "./types.js";

/** Options of {@link Orchestrator}. */
export interface OrchestratorOptions {
  agents: AgentSpec[];
  /**
   * `memory` (default), `{ sqlite: path }` (options: `locking: "exclusive"` for a single-process
   * deployment, ~20 µs faster per turn but no other reader while open; `synchronous: "FULL"` to
   * survive power loss), or any StateStore.
   */
  store?: StoreSpec;
  config?: RapoConfigInput;
  /** task types × modalities; the paper's 10 × 5 by default. */
  taxonomy?: TaxonomyInput;
  /** a local Embedder or any AI SDK embedding model; the deterministic local one by default. */
  embedder?: Embedder | EmbeddingModelV3;
  classifier?: TurnClassifier;
  /** routing policy; SPEC §3 adaptive routing by default. */
  routing?: RoutingPolicy;
  /** SPEC §6 pools; default `config.pools` (one pool of every agent when empty). */
  pools?: PoolSpec[];
  /** scores finished turns (rule-based or LLM judge) to feed capability learning. */
  verifier?: Verifier;
  /** prompt-vector space (P_i and its rendered components). */
  prompts?: PromptSpaceAdapter;
  /** extra control-loop stages, run after the built-in ones. */
  stages?: LoopStage[];
  logger?: Logger;
  metrics?: RapoMetrics;
  /** JSONL file receiving failed conversations with their state trajectories (SPEC §7). */
  trajectoryLog?: string;
  /**
   * clock in ms for idle windows, measured latency, deadlines, back-offs, the circuit breaker and
   * the control loop (issue 10); Date.now by default. A simulation passes its simulated clock.
   */
  clock?: () => number;
  /**
   * Distributed mode (issue 15; needs `store: { redis }`): this process is a front (`send()`
   * routes here and the turn is answered by the worker hosting the chosen agent), a worker when
   * `host` names agents, and a leader candidate when `lead` (the default for workers).
   */
  distributed?: DistributedOptions;
}

/** Arguments of {@link Orchestrator.send}. */
export interface SendInput {
  /** an existing conversation; omitted → a new conversation is started. */
  conversationId?: string;
  content: string;
  signal?: AbortSignal;
  /**
   * this turn's deadline in ms: routing prefers agents likely to answer within it (the `deadline`
   * load model); default `routing.deadlineMs`, else `limits.modelTimeoutMs`.
   */
  deadlineMs?: number;
}

/** What the orchestrator wires around its store once the store is open. */
interface WiredRuntime {
  ctx: RuntimeContext;
  loop: ControlLoop;
  feedback: FeedbackDesk;
}

/** Orchestrates a set of agents: routing, handoffs, failover, learning, persistence. */
export class Orchestrator {
  readonly config: RapoConfig;
  readonly metrics: RapoMetrics;
  /** resolves once the store is open and persisted state is restored. */
  readonly ready: Promise<void>;
  /** the components that need no store, built by the constructor. */
  private readonly parts: RuntimeParts;
  /** the runtime wired around the open store, set by `init` (before `ready` resolves). */
  private wired: WiredRuntime | undefined;
  private readonly promptSpace: PromptSpaceAdapter;
  private readonly failureLog: TrajectoryLog | undefined;
  /** per-turn agent states for the failure log (only with `trajectoryLog`). */
  private turnStates: TurnStateRecorder | undefined;
  private closed = false;
  /** calls in progress and the abort signal of close() (issue 12). */
  private readonly inFlight = new InFlight();
  /** set when `ready` resolves: turns then skip awaiting it (every await is a microtask hop). */
  private isReady = false;
  /** this process in distributed mode (set when `ready` resolves), else undefined. */
  private node: DistributedNode | undefined;

  constructor(options: OrchestratorOptions) {
    checkOptionKeys(options);
    this.config = resolveConfig(options.config);
    const taxonomy = resolveTaxonomy(options.taxonomy);
    const logger = options.logger ?? createLogger();
    this.metrics = options.metrics ?? createMetrics();
    const prompts = options.prompts ?? consensusPrompts(this.config);
    this.promptSpace = prompts;
    this.failureLog = options.trajectoryLog ? new TrajectoryLog({ path: options.trajectoryLog }) : undefined;
    const agents = new AgentRegistry(options.agents, taxonomy, this.config, (spec, i) =>
      prompts.initialVector(spec, i),
    );
    const pools = options.pools ?? this.config.pools;
    checkPools(
      pools,
      agents.all.map((a) => a.spec.pool),
      DEFAULT_POOL,
    );
    const clock = options.clock ?? Date.now;
    this.parts = {
      config: this.config,
      taxonomy,
      classifier:
        options.classifier ??
        createClassifier(taxonomy, {
          switchHazard: this.config.routing.switchHazard,
          hazardPriorTurns: this.config.routing.hazardPriorTurns,
          evidenceWeight: this.config.routing.evidenceWeight,
          answerWeight: this.config.routing.answerWeight,
        }),
      embedder: toEmbedder(options.embedder, this.config),
      agents,
      events: new EventHub((error) => logger.error({ err: String(error) }, "event listener threw")),
      metrics: this.metrics,
      logger,
      prompts,
      routing: options.routing ?? adaptiveRouting,
      scheduler: new PoolScheduler(pools),
      signals: new MemorySignalBus(),
      outcomes: new OutcomeQueue(),
      pendingContext: [],
      verifier: options.verifier,
      recentTurns: new BoundedMap(this.config.limits.recentTurns),
      breaker: new CircuitBreaker(this.config.resilience.breaker, {
        onStateChange: (t) => this.onBreakerChange(t.agentId, t.to, t.reason),
        now: clock,
      }),
      usage: new UsageLedger({ pricing: (id) => agents.find(id)?.spec.pricing }),
      clock,
    };
    if (this.failureLog) {
      this.turnStates = new TurnStateRecorder(this.parts);
      // a turn fails only once the runtime is wired
      this.parts.events.on(
        "turn_failed",
        (e) =>
          void logFailedConversation(
            this.ctx,
            this.failureLog,
            e.conversationId,
            "turn_failed",
            this.turnStates,
          ),
      );
    }
    this.ready = this.init(options);
    // surfaced by every method that awaits `ready`; avoid an unhandled rejection meanwhile
    this.ready.catch(() => undefined);
  }

  /** Creates an orchestrator and waits until it is ready. */
  static async create(options: OrchestratorOptions): Promise<Orchestrator> {
    const orchestrator = new Orchestrator(options);
    await orchestrator.ready;
    return orchestrator;
  }

  /** Starts a conversation (with a given id or a random one) and returns its id. */
  startConversation(id?: string): Promise<string> {
    return this.track(this.startNow(id));
  }

  private async startNow(id: string | undefined): Promise<string> {
    await this.open();
    // a random UUID cannot name an existing conversation: no store lookup for it
    const fresh = id === undefined;
    const conversationId = fresh ? crypto.randomUUID() : validateConversationId(id);
    if (!fresh && (await this.ctx.conversations.exists(conversationId))) return conversationId;
    await this.ctx.conversations.create(conversationId, Date.now());
    return conversationId;
  }

  /** Sends a user message; resolves with the answer of the agent rapo routed it to. */
  async send(input: SendInput): Promise<TurnResult> {
    if (this.node !== undefined) return this.sendOnBus(input);
    const { content, conversation } = this.preparedTurn(input) ?? (await this.track(this.prepareTurn(input)));
    const options = turnOptions(input);
    return await this.track(
      conversation.serialize(() => this.runTurn(conversation, content, options, undefined)),
    );
  }

  /**
   * Sends a user message and streams the answer. Resolves when the answering agent produced its
   * first token (routing, handoff and any failover are decided by then) with the text stream and
   * `result`, which settles with the full {@link TurnResult} once the stream is complete.
   */
  async sendStream(input: SendInput): Promise<TurnStream & { result: Promise<TurnResult> }> {
    if (this.node !== undefined) return this.streamOnBus(input);
    const { content, conversation } = await this.track(this.prepareTurn(input));
    return new Promise((resolve, reject) => {
      let started = false;
      const invoke = streamingInvoker((s) => {
        started = true;
        resolve({ ...s, result });
      }, this.config.limits.maxAnswerChars);
      const options = turnOptions(input);
      const result = this.track(
        conversation.serialize(() => this.runTurn(conversation, content, options, invoke)),
      );
      result.catch((error) => {
        if (!started) reject(error);
      });
    });
  }

  /**
   * Ends a conversation: its agent stops counting it as active (N_a), and consensus counts it in
   * its effectiveness window. With `outcome` below 0.5 it is logged as failed (see
   * `trajectoryLog`). The conversation stays stored and may be continued later.
   */
  endConversation(id: string, options: { outcome?: number } = {}): Promise<void> {
    return this.track(this.endNow(id, options));
  }

  private async endNow(id: string, options: { outcome?: number }): Promise<void> {
    await this.open();
    validateConversationId(id);
    const outcome = options?.outcome === undefined ? undefined : validateOutcome(options.outcome);
    const conversation = await this.ctx.conversations.get(id);
    const last = conversation.record.lastAgentId;
    if (last !== null) this.ctx.agents.find(last)?.load.release(id);
    this.promptSpace.conversationEnded?.(id, outcome);
    if (outcome !== undefined && outcome < 0.5)
      await logFailedConversation(this.ctx, this.failureLog, id, "low_outcome", this.turnStates);
  }

  /**
   * Outcome feedback for a turn (1 = success, 0 = failure); applied by the next loop tick. A
   * turn's feedback counts once: repeating it with the same outcome is a no-op, a different
   * outcome is refused (InputError `feedback_conflict`).
   */
  async feedback(turnId: string, outcome: number): Promise<void> {
    await this.open();
    validateTurnId(turnId);
    validateOutcome(outcome);
    return await this.track(this.wiring.feedback.give(turnId, outcome));
  }

  /** Subscribes to one event type; returns an unsubscribe function. */
  on<T extends OrchestratorEventType>(type: T, listener: (event: EventOf<T>) => void): () => void {
    return this.parts.events.on(type, listener);
  }

  /** Subscribes to every event. */
  onAny(listener: (event: OrchestratorEvent) => void): () => void {
    return this.parts.events.onAny(listener);
  }

  /** Summaries of every agent: traffic, load, learned capabilities. */
  agents(): AgentSummary[] {
    const { agents, taxonomy, prompts } = this.parts;
    return agents.all.map((a) => describeAgent(a, taxonomy, prompts));
  }

  /**
   * The per-turn task switch hazard the classifier's belief filter has learned from the traffic
   * (issue 11; `routing.switchHazard` before any); NaN for a classifier that reads turns alone.
   */
  switchHazard(): number {
    const classifier = this.parts.classifier as Partial<ConversationClassifier>;
    return typeof classifier.hazard === "function" ? classifier.hazard() : Number.NaN;
  }

  /** Summary of one agent; NotFoundError for an unknown id. */
  agent(id: string): AgentSummary {
    const { agents, taxonomy, prompts } = this.parts;
    return describeAgent(agents.get(validateAgentId(id)), taxonomy, prompts);
  }

  /**
   * The stored record and turns (last `limit`) of a conversation; its facts as the live
   * conversation holds them when it is in memory (the store's copy is rewritten with its next turn).
   */
  conversation(
    id: string,
    limit = 100,
  ): Promise<{ id: string; turns: TurnRecord[]; facts: string[]; lastAgentId: string | null }> {
    return this.track(this.conversationNow(id, limit));
  }

  private async conversationNow(id: string, limit: number) {
    await this.open();
    validateConversationId(id);
    validateLimit(limit);
    const record = await this.ctx.store.getConversation(id);
    if (!record) throw new NotFoundError("conversation", id);
    // a live conversation's ledger may not have read its last user turn yet (off the request path)
    const live = this.ctx.conversations.peek(id);
    live?.settleEager();
    return {
      id,
      turns: await this.ctx.store.listTurns(id, limit),
      facts: live?.record.facts ?? record.facts,
      lastAgentId: record.lastAgentId,
    };
  }

  /** Runs one control-loop tick now (tests, benchmarks, `loop.autoStart: false`). */
  tick(): Promise<void> {
    return this.track(this.open().then(() => this.wiring.loop.tick()));
  }

  /** Control-loop iterations so far. */
  get iteration(): number {
    return this.wired?.loop.iteration ?? 0;
  }

  /**
   * The runtime context, for adapters in this package (server, eval); throws before `ready`
   * resolves (the store is not open yet). Not a stable API.
   */
  get internals(): RuntimeContext {
    return this.ctx;
  }

  /** The runtime context (wired once the store is open). */
  private get ctx(): RuntimeContext {
    return this.wiring.ctx;
  }

  private get wiring(): WiredRuntime {
    if (this.wired === undefined)
      throw new RapoError("not_ready", "the orchestrator is not ready: await `ready`", { category: "user" });
    return this.wired;
  }

  /**
   * Stops accepting calls (ClosedError), settles in-flight turns — after `limits.closeGraceMs`
   * (0 by default) their model calls are aborted, and they end durably failed and reject with
   * ClosedError, as do turns still queued — then stops the loop, applies what is pending,
   * persists agent states and closes the store.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.ready.catch(() => undefined);
    await this.inFlight.settle(this.config.limits.closeGraceMs);
    // Redis down: the node cannot leave cleanly, but the loop and the store must still stop
    await this.node
      ?.close()
      .catch((error: unknown) =>
        this.ctx.logger.warn({ err: String(error) }, "distributed node did not close cleanly"),
      );
    const wired = this.wired;
    // the store never opened: nothing to apply, persist or close
    if (wired === undefined) return;
    await wired.loop.stop();
    await wired.loop.tick();
    await this.promptSpace.close?.();
    // distributed: learned state is the leader's, written only through the fenced snapshot
    if (this.node === undefined) await persistAgents(wired.ctx);
    await wired.ctx.store.close();
  }

  /** Keeps `work` tracked until it settles, so close() waits for it. */
  private track<T>(work: Promise<T>): Promise<T> {
    return this.inFlight.track(work);
  }

  /** One turn, in the conversation's queue: refused once closing; aborted by close(). */
  private runTurn(
    conversation: ConversationState,
    content: string,
    base: TurnOptions,
    invoke: AgentInvoker | undefined,
  ): Promise<TurnResult> {
    if (this.closed && this.inFlight.signal.aborted) return Promise.reject(new ClosedError());
    const link = this.inFlight.link(base.signal);
    const options: TurnOptions = { ...base, signal: link.signal };
    if (invoke !== undefined) options.invoke = invoke;
    const turn = runTurn(this.ctx, conversation, content, options);
    turn.then(link.unlink, link.unlink);
    return turn;
  }

  private async init(options: OrchestratorOptions): Promise<void> {
    // load the NLP model now rather than on the first turn
    warmUpAnalysis();
    const store = await openStore(options.store ?? "memory");
    const ctx: RuntimeContext = {
      ...this.parts,
      store,
      conversations: new ConversationCache(store, this.config),
    };
    this.wired = { ctx, loop: this.controlLoop(ctx, options), feedback: new FeedbackDesk(ctx, this.metrics) };
    await restoreAgents(ctx);
    await writeTaxonomyRecord(store, ctx.taxonomy); // labels for `rapo inspect`
    await this.promptSpace.start?.(ctx);
    await this.failInterruptedTurns();
    const distributed = options.distributed;
    if (distributed !== undefined) {
      // loaded only here: it loads ioredis
      const { DistributedNode } = await import("./distributed/distributed-node.js");
      this.node = await DistributedNode.start(ctx, distributed, distributed.events);
    }
    if (this.config.loop.autoStart && !this.closed) this.wired.loop.start();
    this.isReady = true;
  }

  /** The control loop and its stages (SPEC §6); distributed, learning runs on the leader only. */
  private controlLoop(ctx: RuntimeContext, options: OrchestratorOptions): ControlLoop {
    const prompts = this.promptSpace;
    const projection = RandomProjection.fromConfig(this.config);
    // embedded, the learning stages take the turn path's signals from the in-memory twin as they
    // run (each stage sees every signal emitted before it); distributed, the leader's intake stage
    // fills their queues from the Redis stream
    const intake = options.distributed ? undefined : () => takeLocalSignals(ctx);
    const learning = [
      outcomesStage(ctx, prompts.outcomeObservers?.(ctx) ?? [], intake),
      contextStage(ctx, () => prompts.contextProjection?.() ?? projection, intake),
    ];
    return new ControlLoop({
      intervalMs: this.config.loop.intervalMs,
      stages: options.distributed
        ? distributedStages(() => this.node, {
            learning: [...learning, ...(prompts.stages?.(ctx) ?? []), globalStateStage(ctx)],
            local: [factsStage(ctx), routingTableStage(ctx), breakerProbeStage(ctx)],
            extra: options.stages ?? [],
          })
        : [
            ...learning,
            factsStage(ctx),
            routingTableStage(ctx),
            breakerProbeStage(ctx),
            ...(prompts.stages?.(ctx) ?? []),
            globalStateStage(ctx),
            ...(options.stages ?? []),
            persistStage(ctx),
          ],
      onStageError: (stage, error) =>
        ctx.logger.error({ stage, err: String(error) }, "control-loop stage failed"),
      onTick: (ms) => this.metrics.loopTickDuration.observe(ms / 1000),
      clock: ctx.clock,
    });
  }

  /** SPEC §7: turns accepted before a crash end durably failed, never lost. */
  private async failInterruptedTurns(): Promise<void> {
    for (const turn of await this.ctx.store.listPendingTurns()) {
      const conversation = await this.ctx.store.getConversation(turn.conversationId);
      if (!conversation) continue;
      conversation.turnCount = Math.max(conversation.turnCount, turn.seq + 1);
      conversation.updatedAt = Date.now();
      await this.ctx.store.completeTurn(
        { ...turn, status: "failed", error: "interrupted: the process stopped before the turn completed" },
        conversation,
      );
    }
  }

  /** SPEC §7 / issue 5: an open breaker removes the agent from routing; a closed one restores it. */
  private onBreakerChange(agentId: string, to: string, reason: string): void {
    const agent = this.ctx.agents.find(agentId);
    if (!agent) return;
    if (to === "open") agent.load.setAvailable(false);
    if (to === "closed") agent.load.setAvailable(true);
    this.metrics.breakerTransitions.inc({ agent: agentId, to });
    this.ctx.logger.warn({ agent: agentId, to, reason }, "circuit breaker state change");
  }

  /**
   * {@link prepareTurn} without awaiting anything, for the common case (open, and the
   * conversation live in memory); undefined otherwise, and the caller takes the full path.
   */
  private preparedTurn(input: SendInput): { content: string; conversation: ConversationState } | undefined {
    if (!this.isReady || this.closed || input?.conversationId === undefined) return undefined;
    const content = validateMessage(input.content, this.config.limits.maxMessageChars);
    const conversation = this.ctx.conversations.live(validateConversationId(input.conversationId));
    return conversation === undefined ? undefined : { content, conversation };
  }

  /** Validates a send's input and finds (or starts) its conversation. */
  private async prepareTurn(input: SendInput) {
    await this.open();
    const content = validateMessage(input?.content, this.config.limits.maxMessageChars);
    const id =
      input.conversationId === undefined
        ? await this.startNow(undefined)
        : validateConversationId(input.conversationId);
    return { content, conversation: await this.ctx.conversations.get(id) };
  }

  /** `send` in distributed mode: routed here, answered by a worker over the bus. */
  private async sendOnBus(input: SendInput): Promise<TurnResult> {
    const { content, id } = await this.track(this.prepareBusTurn(input));
    return this.track(this.node!.front.send(id, content, this.busOptions(input)));
  }

  /** `sendStream` in distributed mode: the worker's tokens, relayed by the bus. */
  private async streamOnBus(input: SendInput): Promise<TurnStream & { result: Promise<TurnResult> }> {
    const { content, id } = await this.track(this.prepareBusTurn(input));
    const channel = new TextChannel();
    return new Promise((resolve, reject) => {
      let started = false;
      const options = this.busOptions(input);
      options.onToken = (token, agentId) => {
        if (!started) {
          started = true;
          resolve({ agentId, textStream: channel, result });
        }
        channel.push(token);
      };
      const result = this.track(this.node!.front.send(id, content, options));
      result.then(
        (turn) => {
          if (!started) {
            started = true;
            channel.push(turn.content);
            resolve({ agentId: turn.agentId, textStream: channel, result });
          }
          channel.end();
        },
        (error: unknown) => {
          channel.fail(error);
          if (!started) reject(error);
        },
      );
    });
  }

  private async prepareBusTurn(input: SendInput): Promise<{ content: string; id: string }> {
    await this.open();
    const content = validateMessage(input?.content, this.config.limits.maxMessageChars);
    const id =
      input.conversationId === undefined
        ? await this.startNow(undefined)
        : validateConversationId(input.conversationId);
    return { content, id };
  }

  private busOptions(input: SendInput): BusTurnOptions {
    const options: BusTurnOptions = { signal: this.inFlight.signalFor(input.signal) };
    if (input.deadlineMs !== undefined) options.deadlineMs = validateDeadline(input.deadlineMs);
    return options;
  }

  /** Whether this process leads the distributed deployment now (false in embedded mode). */
  get isLeader(): boolean {
    return this.node?.isLeader ?? false;
  }

  private async open(): Promise<void> {
    if (this.closed) throw new ClosedError();
    await this.ready;
  }
}

/** The turn options a send carries: abort signal and deadline (validated). */
function turnOptions(input: SendInput): TurnOptions {
  const options: TurnOptions = {};
  if (input.signal) options.signal = input.signal;
  if (input.deadlineMs !== undefined) options.deadlineMs = validateDeadline(input.deadlineMs);
  return options;
}

function toEmbedder(embedder: Embedder | EmbeddingModelV3 | undefined, config: RapoConfig): Embedder {
  if (!embedder) return LocalEmbedder.fromConfig(config);
  if ("specificationVersion" in embedder)
    return fromEmbeddingModel(embedder, config.state.embeddingDim, config.state.seed);
  return embedder;
}

/** Compile-time check: the option names `checkOptionKeys` knows are exactly the interface's. */
type SameKeys<A, B> = [Exclude<A, B>, Exclude<B, A>] extends [never, never] ? true : never;
const optionKeysMatch: SameKeys<keyof OrchestratorOptions, KnownOptionKey> = true;
void optionKeysMatch;
