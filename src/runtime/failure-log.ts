/**
 * @module runtime/failure-log
 * SPEC §7: failed conversations are appended to a JSONL log with their complete state
 * trajectory — every stored turn, and the state triple of each agent that served it — for
 * offline analysis. A conversation counts as failed when a turn durably fails or when the
 * application ends it with an outcome below one half.
 */
import type { TrajectoryLog, TrajectoryStep } from "../telemetry/trajectory-log.js";
import type { RuntimeContext } from "./runtime-context.js";

/** Appends `conversationId`'s trajectory to the log (no-op without a log). Never throws. */
export async function logFailedConversation(
  ctx: RuntimeContext,
  log: TrajectoryLog | undefined,
  conversationId: string,
  reason: string,
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
        ...(agent
          ? {
              state: {
                prompt: agent.stable.prompt,
                context: agent.context,
                capability: agent.stable.capability,
              },
            }
          : {}),
      };
    });
    log.append({ conversationId, reason, failedAt: Date.now(), steps });
  } catch (error) {
    ctx.logger.error({ conversationId, err: String(error) }, "cannot log the failed conversation");
  }
}
