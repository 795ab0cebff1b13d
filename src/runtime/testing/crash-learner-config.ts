/**
 * @module runtime/testing/crash-learner-config
 * The configuration shared by the learned-state crash test and its child process: small batches,
 * training every tick and a checkpoint every 10 ticks, so weights change between checkpoints.
 */
import type { RapoConfigInput } from "../../config/schema.js";

/** Config of {@link ./crash-learner.ts} (the parent restarts with the same one, loop stopped). */
export const CRASH_LEARNER_CONFIG = {
  loop: { intervalMs: 5, checkpointEvery: 10 },
  learning: { batchSize: 8, trainEveryTicks: 1 },
} satisfies RapoConfigInput;
