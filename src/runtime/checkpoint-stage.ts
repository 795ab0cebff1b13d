/**
 * @module runtime/checkpoint-stage
 * SPEC §6–7 checkpoints: every `loop.checkpointEvery` iterations the learned state (all prompt
 * vectors, the consensus engine's state, the dynamics network's weights with Adam's state, the
 * component bandit's statistics, the iteration counter)
 * is written to the store, and once more at close(); at start-up the latest checkpoint is
 * restored. A corrupted
 * checkpoint is rejected (hash mismatch) and skipped, never half-applied.
 */
import {
  type AgentPromptState,
  type BanditCheckpoint,
  captureLearnedState,
  learnedStateRecord,
  readLearnedStateRecord,
  restoreLearnedState,
} from "../consensus/checkpoint-state.js";
import type { ConsensusEngine } from "../consensus/consensus-engine.js";
import type { DynamicsLearner } from "../learning/dynamics-learner.js";
import type { AgentRuntime } from "./agent-runtime.js";
import type { LoopStage } from "./control-loop.js";
import type { RuntimeContext } from "./runtime-context.js";

/** What checkpoints read and write: the agents (P_i), the store, the config, events and the log. */
export type CheckpointPorts = Pick<RuntimeContext, "agents" | "config" | "events" | "logger" | "store">;

/** A loop stage that checkpoints, and can write one more at shutdown. */
export interface CheckpointStage extends LoopStage {
  /**
   * Writes a checkpoint of the current learned state at the last iteration run (close(): what was
   * learned since the last periodic checkpoint — bandit evidence, consensus statistics, weights —
   * survives a restart). Nothing while consensus ticks fail: a failing state is never checkpointed.
   */
  flush(): Promise<void>;
}

/**
 * The stage that writes a checkpoint every `loop.checkpointEvery` iterations — only of a healthy
 * state: while consensus ticks fail, the checkpoint is deferred to the next healthy tick.
 */
export function checkpointStage(
  ctx: CheckpointPorts,
  engine: ConsensusEngine,
  learner: () => DynamicsLearner | null,
  health: { failedTicks: number },
  bandit: { snapshot(): BanditCheckpoint } | null = null,
): CheckpointStage {
  let due = false;
  let iteration = 0;
  const write = async () => {
    // weights with Adam's state: a rollback or a restart resumes training where this left it
    const network = learner();
    const bytes = network ? await network.serializeWithOptimizer() : null;
    const snapshot = captureLearnedState({
      iteration,
      agents: promptStates(ctx.agents.all),
      consensus: engine,
      learner: bytes ? { serialize: () => bytes } : null,
      bandit,
    });
    const record = learnedStateRecord(snapshot, `checkpoint-${iteration}-${Date.now()}`, Date.now());
    await ctx.store.putCheckpoint(record, ctx.config.loop.keepCheckpoints);
    ctx.events.emit({ type: "checkpoint", tick: iteration, id: record.id });
  };
  return {
    name: "checkpoint",
    run: async (tick) => {
      iteration = tick.iteration;
      if (tick.iteration % ctx.config.loop.checkpointEvery === 0) due = true;
      if (!due || health.failedTicks > 0) return;
      due = false;
      await write();
    },
    flush: async () => {
      if (health.failedTicks > 0) return;
      due = false;
      await write();
    },
  };
}

/**
 * Restores the latest stored checkpoint into the engine and, with `prompts`, into the agents'
 * P_i (a rollback); without, agents keep their persisted vectors (start-up, where the agent
 * states saved at shutdown are newer than the last checkpoint). With `learner`, the network's
 * weights and optimiser state are restored too (a rollback restores everything the checkpoint
 * holds). With `bandit`, the component bandit's statistics are restored (on a rollback and at
 * start-up: nothing else persists them). False when none applies.
 */
export async function restoreLatestCheckpoint(
  ctx: CheckpointPorts,
  engine: ConsensusEngine,
  options: {
    prompts: boolean;
    learner?: DynamicsLearner | null;
    bandit?: { restore(state: BanditCheckpoint): void } | null;
  },
): Promise<boolean> {
  const record = await ctx.store.latestCheckpoint();
  if (!record) return false;
  try {
    const snapshot = readLearnedStateRecord(record);
    // the weights first: bytes that do not fit this network refuse the whole restore
    if (options.learner && snapshot.learner) await options.learner.load(snapshot.learner);
    restoreLearnedState(snapshot, {
      agents: options.prompts ? promptStates(ctx.agents.all) : [],
      consensus: engine,
      bandit: options.bandit ?? null,
    });
  } catch (error) {
    ctx.logger.error(
      { checkpoint: record.id, err: String(error) },
      "checkpoint rejected, keeping the current state",
    );
    return false;
  }
  if (options.prompts) {
    for (const agent of ctx.agents.all) {
      agent.learned.markStable();
      agent.learned.dirty = true;
    }
  }
  return true;
}

/** The network bytes of the latest checkpoint (null without one, or when it holds none or is corrupted). */
export async function latestCheckpointedWeights(ctx: CheckpointPorts): Promise<Uint8Array | null> {
  const record = await ctx.store.latestCheckpoint();
  if (!record) return null;
  try {
    return readLearnedStateRecord(record).learner;
  } catch {
    return null;
  }
}

/** Each agent's P_i by id, as checkpoints read and restore it (in place). */
function promptStates(agents: readonly AgentRuntime[]): AgentPromptState[] {
  return agents.map((a) => ({ id: a.id, prompt: a.learned.prompt }));
}
