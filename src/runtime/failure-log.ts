/**
 * @module runtime/failure-log
 * SPEC §7: failed conversations are appended to a JSONL log with their state trajectory — every
 * stored turn with the state its agent was in *at that turn* (P_i, M_i, the capability at the
 * turn's cell, load, rendered components, handoff packet size), recorded when the turn was
 * routed, and its outcome — for offline analysis. A conversation counts as failed when a turn
 * durably fails or when the application ends it with an outcome below one half.
 */

import { estimateHandoffTokens } from "../models/accounting/index.js";
import type { TrajectoryLog, TrajectoryStep } from "../telemetry/trajectory-log.js";
import { BoundedMap } from "../util/bounded-map.js";
import type { RuntimeContext } from "./runtime-context.js";

/** What the turn-state recorder reads: routing events, the agents, the taxonomy, the prompt renderer. */
export type TurnStatePorts = Pick<RuntimeContext, "events" | "agents" | "taxonomy" | "prompts">;

/** What logging a failed conversation reads: its stored turns, the agents, the log. */
export type FailureLogPorts = Pick<RuntimeContext, "agents" | "logger" | "store">;

/** Conversations whose per-turn states are kept for the log (oldest forgotten first). */
const RECORDED_CONVERSATIONS = 256;

/** An agent's state when one turn was routed to it. */
interface TurnState {
  prompt: Float32Array;
  capability: Float32Array;
  capabilityCell: number;
  load: number;
  components: string[];
  packetTokens: number | null;
}

/**
 * Records, per turn, the state of the agent it was routed to (on `routed` and `handoff` events;
 * only when a trajectory log is configured, so turns pay nothing otherwise).
 */
export class TurnStateRecorder {
  private readonly conversations = new BoundedMap<string, Map<string, TurnState>>(RECORDED_CONVERSATIONS);

  constructor(private readonly ctx: TurnStatePorts) {
    ctx.events.on("routed", (e) =>
      this.routed(e.conversationId, e.turnId, e.agentId, e.taskType, e.modality),
    );
    ctx.events.on("handoff", (e) => {
      const state = this.conversations.get(e.conversationId)?.get(e.turnId);
      if (state) state.packetTokens = estimateHandoffTokens(e.packet);
    });
  }

  /** The recorded state of a turn, if any. */
  get(conversationId: string, turnId: string): TurnState | undefined {
    return this.conversations.get(conversationId)?.get(turnId);
  }

  private routed(conversationId: string, turnId: string, agentId: string, task: string, modality: string) {
    const agent = this.ctx.agents.find(agentId);
    if (!agent) return;
    const t = Math.max(
      0,
      this.ctx.taxonomy.taskTypes.findIndex((x) => x.id === task),
    );
    const m = Math.max(
      0,
      this.ctx.taxonomy.modalities.findIndex((x) => x.id === modality),
    );
    let turns = this.conversations.get(conversationId);
    if (!turns) {
      turns = new Map();
      this.conversations.set(conversationId, turns);
    }
    turns.set(turnId, {
      prompt: agent.learned.prompt.slice(),
      capability: agent.learned.capability.values.slice(),
      capabilityCell: agent.learned.capability.values[t * agent.learned.capability.cols + m] ?? 0,
      load: agent.load.value(),
      components: this.ctx.prompts.components(agent),
      packetTokens: null,
    });
  }
}

/** Appends `conversationId`'s trajectory to the log (no-op without a log). Never throws. */
export async function logFailedConversation(
  ctx: FailureLogPorts,
  log: TrajectoryLog | undefined,
  conversationId: string,
  reason: string,
  recorder?: TurnStateRecorder,
): Promise<void> {
  if (!log) return;
  try {
    const turns = await ctx.store.listTurns(conversationId, Number.MAX_SAFE_INTEGER);
    const steps: TrajectoryStep[] = turns.map((t) => {
      const agent = t.agentId === null ? undefined : ctx.agents.find(t.agentId);
      return {
        seq: t.seq,
        turnId: t.id,
        agentId: t.agentId,
        user: t.userContent,
        answer: t.answer,
        taskType: t.taskType,
        modality: t.modality,
        outcome: t.outcome,
        handoff: t.handoff !== null,
        error: t.error,
        at: t.createdAt,
        ...stateOf(recorder?.get(conversationId, t.id), agent?.learned),
      };
    });
    log.append({ conversationId, reason, failedAt: Date.now(), steps });
  } catch (error) {
    ctx.logger.error({ conversationId, err: String(error) }, "cannot log the failed conversation");
  }
}

/** The turn's recorded state, or (turns from before a restart) the agent's state now. */
function stateOf(
  recorded: TurnState | undefined,
  agent: { stable: { prompt: Float32Array; capability: Float32Array }; context: Float32Array } | undefined,
): Pick<TrajectoryStep, "state" | "turnState"> {
  if (recorded) {
    const { prompt, capability, ...turnState } = recorded;
    return { state: { prompt, capability }, turnState };
  }
  if (!agent) return {};
  return {
    state: { prompt: agent.stable.prompt, context: agent.context, capability: agent.stable.capability },
  };
}
