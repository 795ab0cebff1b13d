/**
 * @module runtime/turn-recording
 * What happens once an agent has answered: facts and history are updated, the turn and the
 * conversation are persisted atomically, learning signals are emitted for the control loop, and
 * metrics and events go out.
 */

import { estimateHandoffTokens, type UsageEntry } from "../models/accounting/index.js";
import type { ModelReply } from "../models/invoke.js";
import type { TurnSignal } from "../routing/contextual-model.js";
import type { TurnRecord } from "../store/contract.js";
import type { AgentRuntime } from "./agent-runtime.js";
import { boundAnswer, truncationNote } from "./answer-bounds.js";
import type { ConversationState } from "./conversation-state.js";
import { type EmitPorts, emitContext, emitOutcome, type OutcomeFacts } from "./learning-signals.js";
import { noteOutcomeEvidence, type OutcomeEvidencePorts } from "./outcome-evidence.js";
import { isClarification, type OutcomeSource } from "./outcomes.js";
import type { RuntimeContext, TurnInFlight } from "./runtime-context.js";
import type { HandoffPacket, TurnResult, TurnUsage } from "./types.js";

/** What emitting an answered turn's learning signals reads and writes: the signal sink, the verifier. */
export type SignalPorts = OutcomeEvidencePorts & EmitPorts & Pick<RuntimeContext, "logger" | "verifier">;

/**
 * What recording an answer reads and writes: the store, the recent-turn memos, the signal sink,
 * usage and telemetry.
 */
export type RecordPorts = SignalPorts &
  Pick<RuntimeContext, "events" | "metrics" | "recentTurns" | "store" | "usage">;

/** Matches an answer with any visible character. */
const NON_BLANK = /\S/;

/** Records an answered turn and returns the caller's result. */
export async function recordAnswer(
  ctx: RecordPorts,
  conversation: ConversationState,
  turn: TurnInFlight,
  agent: AgentRuntime,
  reply: ModelReply,
  packet: HandoffPacket | undefined,
  failedOver: string[],
): Promise<TurnResult> {
  const content = turn.record.userContent;
  const previousId = conversation.record.lastAgentId;
  // whatever the model returned: at most limits.maxAnswerChars, well-formed UTF-16 (issue 12)
  const { text: answer, truncated } = boundAnswer(reply.text, ctx.config.limits.maxAnswerChars);
  // the user's facts and the answer's are folded into the ledger off the request path (the
  // control loop, or before the next prompt or packet needs them), the user's with the
  // classifier's analysis of this text; the texts themselves are in the history meanwhile
  conversation.deferUser(content, turn.features.analysis);
  const latencyMs = performance.now() - turn.started;
  const record: TurnRecord = {
    ...turn.record,
    status: "answered",
    agentId: agent.id,
    answer,
    error: truncated === undefined ? null : truncationNote(truncated),
    // stored without the carried turns' texts: they are this conversation's previous turns
    // (stats.turns says how many), so storing them again would make storage quadratic
    handoff: packet ? { ...packet, recentTurns: [] } : null,
    failedOver,
    latencyMs,
  };
  const conv = conversation.record;
  conv.lastAgentId = agent.id;
  conv.turnCount = record.seq + 1;
  conv.updatedAt = Date.now();
  await ctx.store.completeTurn(record, conv);
  await turn.accepted;
  // only once stored: the in-memory history never holds an exchange the store refused
  conversation.pushExchange(content, answer, agent.id);
  conversation.deferFacts(answer);

  const handoffFrom =
    previousId !== null && previousId !== agent.id ? ctx.agents.find(previousId)?.index : undefined;
  // N_a counts conversations an agent currently serves: the sender no longer does
  if (handoffFrom !== undefined) ctx.agents.all[handoffFrom]!.load.release(conv.id);
  // bounded: past `limits.recentTurns` the oldest memo is forgotten (feedback then reads the store)
  ctx.recentTurns.set(record.id, {
    conversationId: conv.id,
    agentIndex: agent.index,
    task: turn.features.taskIndex,
    modality: turn.features.modalityIndex,
    handoffFrom,
    signal: turnSignal(turn, agent),
  });
  agent.learned.answered();
  emitContext(ctx, agent, conv.id, turn.embedding);
  emitSignals(ctx, turn, agent, answer, handoffFrom);
  report(ctx, record, agent, packet, previousId, latencyMs, turn);
  const usage = account(ctx, record, agent, reply, packet);
  const result: TurnResult = {
    turnId: record.id,
    conversationId: conv.id,
    agentId: agent.id,
    content: answer,
    ...(packet ? { handoff: packet } : {}),
    failedOver,
    latencyMs,
    taskType: record.taskType,
    modality: record.modality,
    complexity: turn.features.complexity,
    usage,
  };
  if (truncated !== undefined) result.truncated = truncated;
  return result;
}

/** Records tokens and cost in the ledger and metrics; returns the turn's usage. */
function account(
  ctx: Pick<RuntimeContext, "metrics" | "usage">,
  record: TurnRecord,
  agent: AgentRuntime,
  reply: ModelReply,
  packet: HandoffPacket | undefined,
): TurnUsage {
  const handoffTokens = packet ? estimateHandoffTokens(packet) : undefined;
  const estimated = reply.usageEstimated ?? false;
  // optional fields are assigned, not spread in: a literal with a spread and more fields is V8's slow path
  const call: UsageEntry = {
    turnId: record.id,
    conversationId: record.conversationId,
    agentId: agent.id,
    inputTokens: reply.inputTokens,
    outputTokens: reply.outputTokens,
    estimated,
  };
  if (handoffTokens !== undefined) call.handoffTokens = handoffTokens;
  const entry = ctx.usage.record(call);
  ctx.metrics.tokens.inc(agent.labels.tokensIn, reply.inputTokens);
  ctx.metrics.tokens.inc(agent.labels.tokensOut, reply.outputTokens);
  if (entry.costUsd !== undefined) ctx.metrics.costUsd.inc(agent.labels.agent, entry.costUsd);
  if (handoffTokens !== undefined) ctx.metrics.handoffPacketTokens.observe(handoffTokens);
  const usage: TurnUsage = {
    inputTokens: reply.inputTokens,
    outputTokens: reply.outputTokens,
    estimated,
    costUsd: entry.costUsd,
  };
  if (handoffTokens !== undefined) usage.handoffTokens = handoffTokens;
  return usage;
}

function emitSignals(
  ctx: SignalPorts,
  turn: TurnInFlight,
  agent: AgentRuntime,
  answer: string,
  handoffFrom: number | undefined,
): void {
  if (ctx.config.routing.implicitSignals) {
    // issue 10: an empty answer is the agent's own failure (a failed call never is)
    const outcome = !NON_BLANK.test(answer)
      ? ctx.config.routing.errorOutcome
      : isClarification(answer)
        ? ctx.config.routing.clarificationOutcome
        : undefined;
    if (outcome !== undefined) emitOutcome(ctx, turnOutcome(turn, agent, handoffFrom, outcome, "implicit"));
  }
  if (!ctx.verifier) return;
  const verdict = {
    turnId: turn.record.id,
    conversationId: turn.record.conversationId,
    agentId: agent.id,
    userContent: turn.record.userContent,
    answer,
    taskType: turn.record.taskType,
  };
  const enqueue = (score: number | null) => {
    if (score !== null && Number.isFinite(score)) {
      const outcome = Math.min(1, Math.max(0, score));
      emitOutcome(ctx, turnOutcome(turn, agent, handoffFrom, outcome, "verifier"));
      noteOutcomeEvidence(ctx, turn.record.conversationId, agent.index, outcome);
    }
  };
  try {
    const score = ctx.verifier(verdict);
    if (score instanceof Promise)
      score.then(enqueue, (error) => ctx.logger.warn({ err: String(error) }, "verifier failed"));
    else enqueue(score);
  } catch (error) {
    ctx.logger.warn({ err: String(error) }, "verifier failed");
  }
}

/**
 * An outcome of this turn's agent and cell (built whole: a spread plus new fields is slow in V8).
 * No conversation id: the prompt-component bandit credits explicit feedback only.
 */
function turnOutcome(
  turn: TurnInFlight,
  agent: AgentRuntime,
  handoffFrom: number | undefined,
  outcome: number,
  source: OutcomeSource,
): OutcomeFacts {
  return {
    agent,
    turnId: turn.record.id,
    task: turn.features.taskIndex,
    modality: turn.features.modalityIndex,
    handoffFrom,
    outcome,
    source,
    signal: turnSignal(turn, agent),
  };
}

/**
 * The classifier's view of a turn for the contextual model (references, no copies), with the C_i
 * similarity routing saw for `agent` (unknown when a failover chose the agent without it).
 */
function turnSignal(turn: TurnInFlight, agent: AgentRuntime): TurnSignal {
  return {
    taskScores: turn.features.taskScores,
    modalityScores: turn.features.modalityScores,
    confidence: turn.features.confidence ?? 1,
    contextSimilarity: turn.routedAgent === agent.index ? turn.routedContext : Number.NaN,
  };
}

function report(
  ctx: Pick<RuntimeContext, "events" | "logger" | "metrics">,
  record: TurnRecord,
  agent: AgentRuntime,
  packet: HandoffPacket | undefined,
  previousId: string | null,
  latencyMs: number,
  turn: TurnInFlight,
): void {
  ctx.metrics.turnLatency.observe(agent.labels.agent, latencyMs / 1000);
  ctx.metrics.routingDecisions.inc({ agent: agent.id, task: record.taskType });
  if (previousId !== null && previousId !== agent.id) {
    ctx.metrics.handoffs.inc({ from: previousId, to: agent.id });
    if (packet)
      ctx.events.emit({ type: "handoff", turnId: record.id, conversationId: record.conversationId, packet });
  }
  // log objects are built only when debug logging is on: this runs on every turn
  if (!ctx.logger.isLevelEnabled("debug")) return;
  if (previousId !== null && previousId !== agent.id) {
    ctx.logger.debug(
      { turnId: record.id, from: previousId, to: agent.id, carried: packet?.stats },
      "handoff",
    );
  }
  ctx.logger.debug(
    {
      turnId: record.id,
      agent: agent.id,
      task: record.taskType,
      complexity: turn.features.complexity,
      latencyMs,
    },
    "turn answered",
  );
}
