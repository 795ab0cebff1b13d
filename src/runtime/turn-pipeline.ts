/**
 * @module runtime/turn-pipeline
 * One turn, end to end: classify, embed, schedule (pool), route (agent), build the handoff
 * packet, call the model, fail over on errors, persist, and enqueue learning signals for the
 * control loop. The turn is recorded as accepted before the model is called and ends answered or
 * durably failed.
 */
import { randomUUID } from "node:crypto";
import { ClosedError, NoAgentAvailableError, RapoError, TimeoutError } from "../errors.js";
import { EMPTY_ANSWER, generate, type ModelReply, type ModelRequest } from "../models/invoke.js";
import { classifyFailure, failureRetryAfterMs, isBackOffFailure } from "../models/resilience/failure-kind.js";
import { complexityScore } from "../routing/pools.js";
import type { RouteQuery } from "../routing/router.js";
import { memoisedAnalysis } from "../state/text-analysis.js";
import type { ClassifierContext, TurnFeatures } from "../state/types.js";
import type { TurnRecord } from "../store/contract.js";
import type { AgentRuntime } from "./agent-runtime.js";
import type { ConversationState } from "./conversation-state.js";
import { pickReplacement } from "./failover.js";
import { buildHandoffPacket } from "./handoff-packet.js";
import { type EmitPorts, emitOutcome } from "./learning-signals.js";
import { fadeOutcomeEvidence } from "./outcome-evidence.js";
import type { CallTiming } from "./prompt-builder.js";
import { buildPrompt } from "./prompt-builder.js";
import type { RuntimeContext, TurnInFlight } from "./runtime-context.js";
import { type RecordPorts, recordAnswer } from "./turn-recording.js";
import type { HandoffPacket, TurnResult } from "./types.js";

/** What accepting a turn reads and writes: the pool scheduler, the store, the taxonomy, the clock. */
export type AcceptPorts = Pick<RuntimeContext, "clock" | "config" | "scheduler" | "store" | "taxonomy">;

/** What routing a turn reads: the agents' routing table, the routing policy, the clock, events. */
export type ChoosePorts = Pick<RuntimeContext, "agents" | "clock" | "config" | "events" | "routing">;

/** What failing a turn durably writes: the store, metrics, events. */
export type FailPorts = Pick<RuntimeContext, "events" | "metrics" | "store">;

/**
 * What a turn reads and writes end to end: classifier and embedder, the agents and their routing
 * table, live conversations, the store, what recording the answer needs (signal queues, usage,
 * telemetry), breaker and clock.
 */
export type TurnPorts = RecordPorts &
  AcceptPorts &
  ChoosePorts &
  Pick<RuntimeContext, "breaker" | "classifier" | "conversations" | "embedder" | "prompts">;

/** Calls an agent's model for one turn: `generate` by default, a streaming call for `sendStream`. */
export type AgentInvoker = (agent: AgentRuntime, request: ModelRequest) => Promise<ModelReply>;

/** Options of one turn. */
export interface TurnOptions {
  /** aborts the model call and fails the turn when the caller gives up. */
  signal?: AbortSignal;
  /** how the model is called; `generate` when absent. */
  invoke?: AgentInvoker;
  /** the turn's deadline in ms (routing); `routing.deadlineMs`, else the model timeout, when absent. */
  deadlineMs?: number;
}

/** Thrown by an invoker whose answer was already partly delivered: no failover is possible. */
export const STREAM_INTERRUPTED = "stream_interrupted";

/** Runs one turn of `conversation`. Call inside `conversation.serialize`. */
export async function runTurn(
  ctx: TurnPorts,
  conversation: ConversationState,
  content: string,
  options: TurnOptions = {},
): Promise<TurnResult> {
  const started = performance.now();
  const features = ctx.classifier.classify(content, classifierContext(conversation));
  conversation.taskScores = features.taskScores;
  fadeOutcomeEvidence(conversation, ctx.config.routing.outcomeEvidence);
  // the classifier analysed a short previous answer for context: its fact fold reuses that
  const answerAnalysis = memoisedAnalysis();
  if (answerAnalysis !== undefined && answerAnalysis !== features.analysis)
    conversation.shareAnalysis(answerAnalysis);
  // a local embedder answers synchronously: awaiting it anyway would cost a microtask hop
  const embedding = ctx.embedder.embedSync
    ? ctx.embedder.embedSync(content)
    : (await ctx.embedder.embed([content]))[0]!;
  const deadlineMs = options.deadlineMs ?? ctx.config.routing.deadlineMs ?? ctx.config.limits.modelTimeoutMs;
  const turn = acceptTurn(ctx, conversation, content, features, embedding, started, deadlineMs);
  // the first turn after a load from the store: a seq conflict fails it before any model call
  if (!conversation.seqVerified) await confirmAccepted(ctx, conversation, turn);
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
  let failedAgent: AgentRuntime | undefined;
  while (agent) {
    const from = failedAgent ?? previous;
    const packet =
      from && from !== agent
        ? handoffPacket(ctx, conversation, from, agent, failedAgent !== undefined, turn.record.userContent)
        : undefined;
    let reply: ModelReply;
    try {
      reply = await callAgent(ctx, agent, conversation, content, packet, failedAgent !== undefined, {
        ...options,
        deadlineAt: turn.acceptedAt + turn.deadlineMs,
      });
    } catch (error) {
      if (options.signal?.aborted)
        return failTurn(ctx, conversation, turn, error instanceof ClosedError ? error : cancelled(error));
      if (error instanceof RapoError && error.code === STREAM_INTERRUPTED)
        return failTurn(ctx, conversation, turn, error);
      const failing = agent;
      failed.add(failing.index);
      failedAgent = failing;
      agent = onAgentFailure(ctx, turn, failing, failed, error, () =>
        ctx.config.routing.failover === "route"
          ? chooseAgent(
              ctx,
              ctx.agents.candidates(pool),
              turn,
              previous,
              failed,
              conversation.outcomeEvidence,
            )
          : (pickReplacement(failing, ctx.agents.pool(pool), failed) ??
            pickReplacement(failing, ctx.agents.all, failed) ??
            undefined),
      );
      continue;
    }
    // outside the try: failing to record the answer fails the turn, it is not the agent's failure
    return await recordAnswer(ctx, conversation, turn, agent, reply, packet, failedIds(ctx, failed));
  }
  const detail = failed.size === 0 ? "no agent is available" : `all ${failed.size} agents tried failed`;
  return failTurn(ctx, conversation, turn, new NoAgentAvailableError(`turn ${turn.record.id}: ${detail}`));
}

/** The conversation so far, as the classifier reads it: previous task distribution and answer. */
export function classifierContext(conversation: ConversationState): ClassifierContext {
  const context: ClassifierContext = {};
  if (conversation.taskScores !== null) context.previousTaskScores = conversation.taskScores;
  const last = conversation.history.at(-1);
  if (last !== undefined && last.role === "assistant") context.previousAnswer = last.content;
  return context;
}

/**
 * Waits until the store confirms the turn's acceptance. On a refusal (a seq conflict: the stored
 * conversation moved on behind this state's back) the state is forgotten, so the next turn
 * reloads it, and the turn fails without a model call, unrecorded.
 */
async function confirmAccepted(
  ctx: Pick<RuntimeContext, "conversations">,
  conversation: ConversationState,
  turn: TurnInFlight,
): Promise<void> {
  try {
    await turn.accepted;
    conversation.seqVerified = true;
  } catch (error) {
    ctx.conversations.forget(conversation);
    throw error;
  }
}

/** Ids of the agents that failed this turn, in the order they were tried. */
export function failedIds(ctx: Pick<RuntimeContext, "agents">, failed: ReadonlySet<number>): string[] {
  const ids: string[] = [];
  for (const index of failed) ids.push(ctx.agents.all[index]!.id);
  return ids;
}

/** Records the turn as accepted (pending) and assigns its pool; returns the turn in flight. */
export function acceptTurn(
  ctx: AcceptPorts,
  conversation: ConversationState,
  content: string,
  features: TurnFeatures,
  embedding: Float32Array,
  started: number,
  deadlineMs: number,
): TurnInFlight {
  conversation.record.pool = ctx.scheduler.assign(
    conversation.record.pool,
    complexityScore(features.complexity, ctx.config.routing.complexityRanges),
  );
  const record: TurnRecord = {
    id: randomUUID(),
    conversationId: conversation.record.id,
    seq: conversation.nextSeq,
    status: "pending",
    userContent: content,
    agentId: null,
    answer: null,
    taskType: ctx.taxonomy.taskTypes[features.taskIndex]!.id,
    modality: ctx.taxonomy.modalities[features.modalityIndex]!.id,
    handoff: null,
    failedOver: [],
    error: null,
    latencyMs: null,
    outcome: null,
    createdAt: Date.now(),
  };
  const accepted = ctx.store.acceptTurn(record);
  // observed after completeTurn; a failure here also fails completeTurn, which reports it
  accepted.catch(() => undefined);
  conversation.nextSeq++;
  const cell = features.taskIndex * ctx.taxonomy.modalities.length + features.modalityIndex;
  return {
    record,
    features,
    embedding,
    cell,
    started,
    acceptedAt: ctx.clock(),
    deadlineMs,
    routedAgent: -1,
    routedContext: Number.NaN,
    accepted,
  };
}

/** Routes a turn among `candidates` (all agents when none fits); emits `routed`. */
export function chooseAgent(
  ctx: ChoosePorts,
  candidates: Int32Array,
  turn: TurnInFlight,
  previous: AgentRuntime | undefined,
  exclude: ReadonlySet<number>,
  taskEvidence: Float64Array | null,
): AgentRuntime | undefined {
  const now = ctx.clock();
  const query: RouteQuery = {
    cell: turn.cell,
    previous: previous?.index ?? -1,
    exclude,
    conversationId: turn.record.conversationId,
    features: turn.features,
    embedding: turn.embedding,
    // the deadline runs from acceptance: what is left of it when the agent is chosen
    deadlineMs: turn.deadlineMs - (now - turn.acceptedAt),
    now,
    taskEvidence,
  };
  const { table, allIndices } = ctx.agents;
  const decision =
    ctx.routing.select(table, candidates, query, ctx.config.routing) ??
    (candidates === allIndices ? null : ctx.routing.select(table, allIndices, query, ctx.config.routing));
  if (!decision) return undefined;
  turn.routedAgent = decision.agentIndex;
  turn.routedContext = decision.contextSimilarity ?? Number.NaN;
  const agent = ctx.agents.all[decision.agentIndex]!;
  agent.load.routed++;
  if (ctx.events.has("routed")) {
    ctx.events.emit({
      type: "routed",
      turnId: turn.record.id,
      conversationId: turn.record.conversationId,
      agentId: agent.id,
      score: decision.score,
      taskType: turn.record.taskType,
      modality: turn.record.modality,
    });
  }
  return agent;
}

function handoffPacket(
  ctx: Pick<RuntimeContext, "config" | "prompts" | "taxonomy">,
  conversation: ConversationState,
  from: AgentRuntime,
  to: AgentRuntime,
  failover: boolean,
  focus: string,
): HandoffPacket | undefined {
  if (!failover && !ctx.config.handoff.enabled) return undefined;
  return buildHandoffPacket({
    conversation,
    from,
    to,
    reason: failover ? "failover" : "routing",
    taxonomy: ctx.taxonomy,
    config: ctx.config,
    senderComponents: ctx.prompts.components(from),
    focus,
  });
}

async function callAgent(
  ctx: Pick<RuntimeContext, "breaker" | "clock" | "config" | "prompts">,
  agent: AgentRuntime,
  conversation: ConversationState,
  content: string,
  packet: HandoffPacket | undefined,
  failover: boolean,
  options: TurnOptions & { deadlineAt: number },
): Promise<ModelReply> {
  // a user turn read while the ledger was up to date: the prompt sees its facts
  conversation.settleEager();
  const prompt = buildPrompt({
    agent,
    conversation,
    content,
    packet,
    // a replacement after a failure always gets the whole history (SPEC §7)
    shareContext: ctx.config.handoff.enabled || failover,
    components: ctx.prompts.components(agent, conversation.record.id, packet?.senderState.promptComponents),
    ...(ctx.config.handoff.contextTokens === undefined
      ? {}
      : { contextTokens: ctx.config.handoff.contextTokens }),
  });
  const request: ModelRequest = {
    system: prompt.system,
    messages: prompt.messages,
    maxOutputTokens: ctx.config.limits.maxOutputTokens,
    timeoutMs: agent.spec.timeoutMs ?? ctx.config.limits.modelTimeoutMs,
    agentId: agent.id,
    retry: ctx.config.resilience.retry,
    breaker: ctx.breaker,
  };
  if (options.signal) request.signal = options.signal;
  // a half-open breaker lets exactly one probe through: block the agent until it reports
  if (ctx.breaker.trippedCount > 0 && ctx.breaker.state(agent.id) === "half-open")
    agent.load.setAvailable(false);
  const id = conversation.record.id;
  const began = ctx.clock();
  agent.learned.materialize(); // first route: the agent becomes active (lazy instantiation)
  const position = agent.load.begin(id);
  // an answer or a timeout measures the agent's latency; other failures and aborts do not
  let latencyMs = Number.NaN;
  let abandoned = false;
  let timing: CallTiming | undefined;
  try {
    const reply = await (options.invoke
      ? options.invoke(agent, request)
      : generate(agent.spec.model, request));
    latencyMs = ctx.clock() - began;
    // late only if the call had time left when it started: a failover after the deadline is not its prompt's doing
    timing = began < options.deadlineAt && began + latencyMs > options.deadlineAt ? "late" : "on_time";
    return reply;
  } catch (error) {
    if (error instanceof TimeoutError && !options.signal?.aborted) {
      latencyMs = ctx.clock() - began;
      abandoned = ctx.config.routing.countAbandoned;
      timing = "timeout";
    }
    throw error;
  } finally {
    agent.load.end(id, ctx.clock(), latencyMs, position);
    // issue 10: what the user got from the prompt this call carried (component learning)
    if (timing !== undefined) ctx.prompts.callTimed?.(agent, id, timing);
    // the provider keeps working on the request its client gave up on (after the latency sample:
    // it holds the slot for one more measured service time)
    if (abandoned) agent.load.abandon(ctx.clock());
  }
}

/** Whether a failed call failed by answering nothing (issue 12: empty output is a model failure). */
function isEmptyAnswer(error: unknown): boolean {
  return error instanceof RapoError && error.details?.["reason"] === EMPTY_ANSWER;
}

function onAgentFailure(
  ctx: EmitPorts & Pick<RuntimeContext, "clock" | "config" | "events" | "logger" | "metrics">,
  turn: TurnInFlight,
  agent: AgentRuntime,
  failed: Set<number>,
  error: unknown,
  replace: () => AgentRuntime | undefined,
): AgentRuntime | undefined {
  agent.load.failures++;
  ctx.metrics.failovers.inc(agent.labels.agent);
  // issue 10: a failed call is a health/load signal (the breaker counted it, a timeout was a
  // latency sample, a rate limit backs the agent off), never a capability outcome
  const kind = classifyFailure(error);
  // an empty answer is an answer, and a wrong one: the agent's own failure, a capability outcome
  if (ctx.config.routing.implicitSignals && isEmptyAnswer(error)) {
    emitOutcome(ctx, {
      agent,
      turnId: turn.record.id,
      task: turn.features.taskIndex,
      modality: turn.features.modalityIndex,
      outcome: ctx.config.routing.errorOutcome,
      source: "implicit",
    });
  }
  if (isBackOffFailure(kind)) {
    agent.load.backOff(ctx.clock() + (failureRetryAfterMs(error) ?? ctx.config.routing.rateLimitBackoffMs));
  }
  // `routing.failover`: routed again on the turn and its remaining deadline, or the most similar agent
  const replacement = failed.size > ctx.config.limits.maxFailovers ? null : replace();
  const message = error instanceof Error ? error.message : String(error);
  ctx.logger.info(
    { turnId: turn.record.id, agent: agent.id, replacement: replacement?.id, kind, err: message },
    "agent failed, failing over",
  );
  ctx.events.emit({
    type: "failover",
    turnId: turn.record.id,
    conversationId: turn.record.conversationId,
    failedAgentId: agent.id,
    replacementAgentId: replacement?.id ?? null,
    error: message,
    failureKind: kind,
  });
  return replacement ?? undefined;
}

/** Records the turn as durably failed, reports it, and throws `error`. */
export async function failTurn(
  ctx: FailPorts,
  conversation: ConversationState,
  turn: TurnInFlight,
  error: RapoError,
): Promise<never> {
  const record: TurnRecord = {
    ...turn.record,
    status: "failed",
    error: error.message,
    latencyMs: performance.now() - turn.started,
  };
  conversation.record.turnCount = record.seq + 1;
  conversation.record.updatedAt = Date.now();
  await ctx.store.completeTurn(record, conversation.record);
  await turn.accepted;
  ctx.metrics.turnFailures.inc();
  ctx.events.emit({
    type: "turn_failed",
    turnId: record.id,
    conversationId: record.conversationId,
    error: error.message,
  });
  throw error;
}

function cancelled(cause: unknown): RapoError {
  return new RapoError("cancelled", "the caller cancelled the turn", { category: "user", cause });
}
