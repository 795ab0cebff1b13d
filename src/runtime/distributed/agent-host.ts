/**
 * @module runtime/distributed/agent-host
 * The worker side of a distributed turn (issue 15): {@link agentHostHandler} serves a turn
 * claimed from the bus for one of this process's agents. It reads the conversation's history
 * from the store (the front recorded every earlier turn before it let this one run; the turns
 * through a per-process {@link HistoryCache}, which reads only those recorded since), builds the
 * handoff packet when the conversation arrives from another agent — after a failover (the
 * request's `failedOver`, e.g. a worker that died) from the failed agent, with the whole history
 * (SPEC §7) — builds the prompt as embedded mode does, and calls the agent's model, streaming
 * tokens when the front asked for them. Its in-flight calls count in this process's agent load.
 */
import { NotFoundError } from "../../errors.js";
import { generate, type ModelReply, type ModelRequest, stream } from "../../models/invoke.js";
import type { ClaimedTurn } from "../../ports/turn-bus.js";
import type { AgentRuntime } from "../agent-runtime.js";
import { ConversationState } from "../conversation-state.js";
import { buildHandoffPacket } from "../handoff-packet.js";
import { buildPrompt } from "../prompt-builder.js";
import type { RuntimeContext } from "../runtime-context.js";
import type { HandoffPacket } from "../types.js";
import type { FrontRequestExtra, HostReplyExtra } from "./bus-front.js";
import { HistoryCache } from "./history-cache.js";

/** What serving a claimed turn reads: the agents, the store (history), the prompt renderer, breaker, clock. */
export type AgentHostPorts = Pick<
  RuntimeContext,
  "agents" | "breaker" | "clock" | "config" | "prompts" | "store" | "taxonomy"
>;

/** Serves claimed turns of `ctx`'s agents: the `TurnHandler` of a worker. */
export function agentHostHandler(ctx: AgentHostPorts) {
  const turns = new HistoryCache(ctx.store, ctx.config.handoff.maxTurns + 1);
  return async (
    turn: ClaimedTurn,
    emitToken: (token: string) => Promise<void>,
  ): Promise<{ answer: string; extra: Record<string, unknown> }> => {
    const request = turn.request;
    const extra = (request.extra ?? {}) as Partial<FrontRequestExtra>;
    const agent = ctx.agents.get(turn.agentId);
    const conversation = await history(ctx, turns, request.conversationId, request.seq, extra);
    const failover = request.failedOver.length > 0;
    const fromId = failover
      ? request.failedOver.at(-1)!
      : (extra.previousAgentId ?? conversation.record.lastAgentId);
    const from = fromId === null ? undefined : ctx.agents.find(fromId);
    const packet =
      from !== undefined && from !== agent && (failover || ctx.config.handoff.enabled)
        ? buildHandoffPacket({
            conversation,
            from,
            to: agent,
            reason: failover ? "failover" : "routing",
            taxonomy: ctx.taxonomy,
            config: ctx.config,
            senderComponents: ctx.prompts.components(from),
            focus: request.content,
          })
        : undefined;
    const reply = await call(
      ctx,
      agent,
      conversation,
      request.content,
      packet,
      failover,
      extra.stream === true,
      emitToken,
    );
    const out: HostReplyExtra = {
      inputTokens: reply.inputTokens,
      outputTokens: reply.outputTokens,
      usageEstimated: reply.usageEstimated ?? false,
      failedOver: request.failedOver,
    };
    if (packet !== undefined) out.packet = packet;
    return { answer: reply.text, extra: out as Record<string, unknown> };
  };
}

/** The conversation up to (not including) turn `seq`, from the store (turns through `cache`). */
async function history(
  ctx: AgentHostPorts,
  cache: HistoryCache,
  conversationId: string,
  seq: number,
  extra: Partial<FrontRequestExtra>,
): Promise<ConversationState> {
  const { maxTurns, maxFacts, maxFactChars } = ctx.config.handoff;
  // one round trip: the turns are read with the record, not after it
  const [record, turns] = await Promise.all([
    ctx.store.getConversation(conversationId),
    cache.before(conversationId, seq),
  ]);
  if (record === null) {
    cache.forget(conversationId);
    throw new NotFoundError("conversation", conversationId);
  }
  // the front's ledger is one exchange ahead of the stored record: it travels with the turn
  if (extra.facts !== undefined) record.facts = extra.facts;
  if (extra.entities !== undefined) record.entities = extra.entities;
  const state = new ConversationState(record, maxTurns, maxFacts, undefined, undefined, true, maxFactChars);
  for (const turn of turns) {
    if (turn.seq < seq && turn.status === "answered" && turn.answer !== null && turn.agentId !== null)
      state.pushExchange(turn.userContent, turn.answer, turn.agentId);
  }
  return state;
}

async function call(
  ctx: AgentHostPorts,
  agent: AgentRuntime,
  conversation: ConversationState,
  content: string,
  packet: HandoffPacket | undefined,
  failover: boolean,
  streaming: boolean,
  emitToken: (token: string) => Promise<void>,
): Promise<ModelReply> {
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
  const id = conversation.record.id;
  const began = ctx.clock();
  agent.learned.materialize(); // first route: the agent becomes active (lazy instantiation)
  const position = agent.load.begin(id);
  let latencyMs = Number.NaN;
  try {
    const reply = streaming
      ? await streamed(agent, request, emitToken)
      : await generate(agent.spec.model, request);
    latencyMs = ctx.clock() - began;
    return reply;
  } finally {
    agent.load.end(id, ctx.clock(), latencyMs, position);
  }
}

/** Calls the model in streaming mode, relaying each text delta to the bus. */
async function streamed(
  agent: AgentRuntime,
  request: ModelRequest,
  emitToken: (token: string) => Promise<void>,
): Promise<ModelReply> {
  let text = "";
  for await (const event of stream(agent.spec.model, request)) {
    if (event.type === "text") {
      text += event.text;
      await emitToken(event.text);
    } else {
      return {
        text,
        inputTokens: event.usage.inputTokens,
        outputTokens: event.usage.outputTokens,
        usageEstimated: event.usage.estimated ?? false,
      };
    }
  }
  return { text, inputTokens: 0, outputTokens: 0, usageEstimated: true };
}
