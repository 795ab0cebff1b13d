/**
 * @module runtime/prompt-vectors
 * How the runtime obtains prompt vectors P_i and renders them. The consensus layer provides an
 * adapter over the prompt-component space; without one, agents get seeded random unit vectors
 * and no rendered components.
 */
import type { RapoConfig } from "../config/schema.js";
import type { ContextProjection } from "../state/context-vector.js";
import { deriveSeed } from "../util/hash.js";
import { createPrng } from "../util/random.js";
import type { AgentRuntime } from "./agent-runtime.js";
import type { LoopStage } from "./control-loop.js";
import type { OutcomeObserver } from "./core-stages.js";
import type { PromptRenderer } from "./prompt-builder.js";
import type { RuntimeContext } from "./runtime-context.js";
import type { AgentSpec } from "./types.js";

/**
 * What a prompt space's stages, observers and set-up are given: the agents (P_i), the store
 * (checkpoints, weights), the config, the taxonomy and telemetry.
 */
export type PromptSpacePorts = Pick<
  RuntimeContext,
  "agents" | "config" | "events" | "logger" | "metrics" | "store" | "taxonomy"
>;

/** Supplies P_i, renders it, and optionally adds loop stages (consensus, learning). */
export interface PromptSpaceAdapter extends PromptRenderer {
  initialVector(spec: AgentSpec, index: number): Float32Array;
  components(agent: AgentRuntime, conversationId?: string, carried?: readonly string[]): string[];
  /** control-loop stages that update P_i (consensus, learned dynamics). */
  stages?(ctx: PromptSpacePorts): LoopStage[];
  /** observers of applied outcomes (e.g. handoff effectiveness E_ij). */
  outcomeObservers?(ctx: PromptSpacePorts): OutcomeObserver[];
  /** a learned projection for C_i, when one is trained. */
  contextProjection?(): ContextProjection | undefined;
  /** async set-up once the store is open (load a learner, restore a checkpoint). */
  start?(ctx: PromptSpacePorts): Promise<void>;
  /** told when the application ends a conversation, with its outcome when given. */
  conversationEnded?(conversationId: string, outcome?: number): void;
  /** releases background work and resources. */
  close?(): Promise<void>;
}

/** Seeded random unit vectors, no components: the adapter used without a prompt space. */
export function randomPrompts(config: RapoConfig): PromptSpaceAdapter {
  return {
    initialVector: (spec) => seededUnitVector(config.state.promptDim, deriveSeed(config.state.seed, spec.id)),
    components: () => [],
  };
}

function seededUnitVector(dim: number, seed: number): Float32Array {
  const random = createPrng(seed);
  const v = new Float32Array(dim);
  let norm = 0;
  for (let i = 0; i < dim; i++) {
    const x = random.next() - 0.5;
    v[i] = x;
    norm += x * x;
  }
  const inv = 1 / Math.sqrt(norm);
  for (let i = 0; i < dim; i++) v[i]! *= inv;
  return v;
}
