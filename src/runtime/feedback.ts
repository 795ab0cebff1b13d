/**
 * @module runtime/feedback
 * Explicit outcome feedback (issue 12): one turn's outcome counts once. The first feedback is
 * stored and emitted for the control loop; a repeat with the same outcome is a no-op (safe to
 * retry), a different outcome is refused with InputError `feedback_conflict`. Concurrent
 * duplicates share one application, so the store check and the write cannot interleave.
 */
import { InputError, NotFoundError } from "../errors.js";
import type { TurnRecord } from "../store/contract.js";
import type { RapoMetrics } from "../telemetry/metrics.js";
import { type EmitPorts, emitOutcome } from "./learning-signals.js";
import { noteOutcomeEvidence, type OutcomeEvidencePorts } from "./outcome-evidence.js";
import type { RuntimeContext } from "./runtime-context.js";

/** What feedback reads and writes: stored turns, recent-turn memos, the signal sink, events. */
export type FeedbackPorts = OutcomeEvidencePorts &
  EmitPorts &
  Pick<RuntimeContext, "events" | "recentTurns" | "store" | "taxonomy">;

/** Applies feedback to turns, at most once per turn. */
export class FeedbackDesk {
  /** feedback being applied, by turn id. */
  private readonly running = new Map<string, { outcome: number; done: Promise<void> }>();

  constructor(
    private readonly ctx: FeedbackPorts,
    private readonly metrics: RapoMetrics,
  ) {}

  /** Records `outcome` for `turnId` (validated by the caller) unless the turn has one already. */
  give(turnId: string, outcome: number): Promise<void> {
    const running = this.running.get(turnId);
    if (running !== undefined) {
      if (running.outcome !== outcome) return Promise.reject(conflict(turnId, running.outcome, outcome));
      return running.done;
    }
    const done = this.apply(turnId, outcome).finally(() => this.running.delete(turnId));
    this.running.set(turnId, { outcome, done });
    return done;
  }

  private async apply(turnId: string, outcome: number): Promise<void> {
    const { ctx } = this;
    const stored = await ctx.store.getTurn(turnId);
    if (!stored) throw new NotFoundError("turn", turnId);
    if (stored.outcome !== null) {
      if (stored.outcome === outcome) return;
      throw conflict(turnId, stored.outcome, outcome);
    }
    const memo = ctx.recentTurns.get(turnId) ?? this.memoOf(stored);
    if (!(await ctx.store.setOutcome(turnId, outcome))) throw new NotFoundError("turn", turnId);
    const agent = ctx.agents.all[memo.agentIndex]!;
    emitOutcome(ctx, { ...memo, agent, turnId, outcome, source: "feedback" });
    noteOutcomeEvidence(ctx, memo.conversationId, memo.agentIndex, outcome);
    const agentId = agent.id;
    if (memo.handoffFrom !== undefined)
      this.metrics.handoffOutcome.inc({ result: outcome >= 0.5 ? "success" : "failure" });
    ctx.events.emit({ type: "feedback", turnId, agentId, outcome });
  }

  /** The learning memo of a stored turn (one that left the recent-turns memo). */
  private memoOf(turn: TurnRecord) {
    const { ctx } = this;
    if (turn.agentId === null) throw new NotFoundError("turn", turn.id);
    const agent = ctx.agents.get(turn.agentId);
    const task = Math.max(
      0,
      ctx.taxonomy.taskTypes.findIndex((t) => t.id === turn.taskType),
    );
    const modality = Math.max(
      0,
      ctx.taxonomy.modalities.findIndex((m) => m.id === turn.modality),
    );
    const from = turn.handoff ? ctx.agents.find(turn.handoff.fromAgentId)?.index : undefined;
    return {
      conversationId: turn.conversationId,
      agentIndex: agent.index,
      task,
      modality,
      handoffFrom: from,
    };
  }
}

function conflict(turnId: string, given: number, outcome: number): InputError {
  return new InputError(
    "feedback_conflict",
    `turn '${turnId}' already has feedback ${given}; a turn's feedback counts once (got ${outcome})`,
    { turnId, given, outcome },
  );
}
