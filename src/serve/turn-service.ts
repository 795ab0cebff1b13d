/**
 * @module serve/turn-service
 * What every turn endpoint shares: the model name → routed or pinned, the tenant's conversation
 * (explicit, continued or new), the orchestrator call with the client's abort signal, and the
 * record of the turn for logs, the live feed and the reply's rapo extension.
 */
import { NotFoundError } from "../errors.js";
import { validateMessage } from "../runtime/input-validation.js";
import type { Orchestrator } from "../runtime/orchestrator.js";
import type { TurnStream } from "../runtime/stream-turn.js";
import type { TurnResult } from "../runtime/types.js";
import type { LiveFeed } from "./dashboard/live-feed.js";
import { HttpError } from "./openai-errors.js";
import type { PinnedRouting } from "./pinned-routing.js";
import { clientConversationId, type Tenant } from "./tenants.js";

/** The routed model's name. */
export const ROUTED_MODEL = "rapo";
/** Prefix of the per-agent (pinned) model names: `rapo/<agent id>`. */
export const AGENT_MODEL_PREFIX = "rapo/";

/** One turn to run. */
export interface TurnRequest {
  tenant: Tenant;
  /** internal conversation id; it is created when it does not exist. */
  conversationId: string;
  content: string;
  model: string;
  signal: AbortSignal;
}

/** The `rapo` extension field of a reply (also sent as `x-rapo-*` headers). */
export interface RapoExtension {
  agent_id: string;
  handoff: boolean;
  handoff_from: string | null;
  handoff_reason: "routing" | "failover" | null;
  conversation_id: string;
  turn_id: string;
  task_type: string;
  failed_over: string[];
}

/** A streamed turn, with its turn id known from the first token on. */
export type StartedStream = TurnStream & {
  result: Promise<TurnResult>;
  turnId: string;
  /** the previous agent when the turn was handed off (decided before the first token). */
  handoffFrom: string | null;
};

/** Runs turns for the HTTP layer. */
export class TurnService {
  /** conversations with a stream starting → the turn id routing gave it (ids for the first chunk). */
  private readonly starting = new Map<string, { turnId: string; handoffFrom: string | null }>();

  constructor(
    private readonly rapo: Orchestrator,
    private readonly pinning: PinnedRouting,
    private readonly feed: LiveFeed,
  ) {
    rapo.on("routed", (e) => {
      const entry = this.starting.get(e.conversationId);
      if (entry) entry.turnId = e.turnId;
    });
    rapo.on("handoff", (e) => {
      const entry = this.starting.get(e.conversationId);
      if (entry && entry.turnId === e.turnId) entry.handoffFrom = e.packet.fromAgentId;
    });
  }

  /** The agent index a model name pins to (null for `rapo`); 404 `model_not_found` otherwise. */
  pinOf(model: string): number | null {
    if (model === ROUTED_MODEL) return null;
    const agent = model.startsWith(AGENT_MODEL_PREFIX)
      ? this.rapo.internals.agents.find(model.slice(AGENT_MODEL_PREFIX.length))
      : undefined;
    if (agent) return agent.index;
    throw new HttpError(
      404,
      "model_not_found",
      `the model '${model}' does not exist: use '${ROUTED_MODEL}' or '${AGENT_MODEL_PREFIX}<agent id>' (GET /v1/models)`,
      { param: "model" },
    );
  }

  /** Runs a turn to completion. */
  async send(request: TurnRequest): Promise<TurnResult> {
    const release = await this.prepare(request);
    const started = performance.now();
    try {
      const result = await this.rapo.send({
        conversationId: request.conversationId,
        content: request.content,
        signal: request.signal,
      });
      this.record(request, result);
      return result;
    } catch (error) {
      this.recordFailure(request, started);
      throw error;
    } finally {
      release();
    }
  }

  /** Starts a streamed turn; resolves at the first token (the agent is known by then). */
  async stream(request: TurnRequest): Promise<StartedStream> {
    const release = await this.prepare(request);
    const started = performance.now();
    // turns of one conversation run one at a time, so the routed event of this id is this turn's
    this.starting.set(request.conversationId, { turnId: "", handoffFrom: null });
    try {
      const stream = await this.rapo.sendStream({
        conversationId: request.conversationId,
        content: request.content,
        signal: request.signal,
      });
      const { turnId, handoffFrom } = this.starting.get(request.conversationId) ?? {
        turnId: "",
        handoffFrom: null,
      };
      this.starting.delete(request.conversationId);
      stream.result.then(
        (result) => this.record(request, result),
        () => this.recordFailure(request, started),
      );
      stream.result.finally(release).catch(() => undefined);
      return { ...stream, turnId, handoffFrom };
    } catch (error) {
      this.starting.delete(request.conversationId);
      release();
      this.recordFailure(request, started);
      throw error;
    }
  }

  /** Whether a conversation exists (for ids that must exist, e.g. `previous_response_id`). */
  async exists(conversationId: string): Promise<boolean> {
    try {
      await this.rapo.conversation(conversationId, 0);
      return true;
    } catch (error) {
      if (error instanceof NotFoundError) return false;
      throw error;
    }
  }

  /** The `rapo` extension of a result, for the reply body and headers. */
  extension(tenant: Tenant, result: TurnResult): RapoExtension {
    return {
      agent_id: result.agentId,
      handoff: result.handoff !== undefined,
      handoff_from: result.handoff?.fromAgentId ?? null,
      handoff_reason: result.handoff?.reason ?? null,
      conversation_id: clientConversationId(tenant, result.conversationId) ?? "",
      turn_id: result.turnId,
      task_type: result.taskType,
      failed_over: result.failedOver,
    };
  }

  /** Creates the conversation when new and pins it for a per-agent model; returns the release. */
  private async prepare(request: TurnRequest): Promise<() => void> {
    const pin = this.pinOf(request.model);
    // an empty or malformed message is refused before its conversation is created
    validateMessage(request.content, this.rapo.config.limits.maxMessageChars);
    await this.rapo.startConversation(request.conversationId);
    return pin === null ? noop : this.pinning.pin(request.conversationId, pin);
  }

  private record(request: TurnRequest, result: TurnResult): void {
    this.feed.turn({
      at: Date.now(),
      tenant: request.tenant.id,
      conversation: clientConversationId(request.tenant, result.conversationId) ?? "",
      turnId: result.turnId,
      agentId: result.agentId,
      from: result.handoff?.fromAgentId ?? null,
      reason: result.handoff?.reason ?? null,
      taskType: result.taskType,
      latencyMs: result.latencyMs,
      ok: true,
    });
  }

  private recordFailure(request: TurnRequest, started: number): void {
    this.feed.turn({
      at: Date.now(),
      tenant: request.tenant.id,
      conversation: clientConversationId(request.tenant, request.conversationId) ?? "",
      turnId: "",
      agentId: null,
      from: null,
      reason: null,
      taskType: null,
      latencyMs: performance.now() - started,
      ok: false,
    });
  }
}

function noop(): void {}
