/**
 * @module eval/methods/types
 * What an evaluated method is: an identity for the report and a `build` that turns the common
 * environment (cast, taxonomy, embedder, configuration) into the parts of an Orchestrator it
 * changes — routing policy, prompt-space adapter, configuration overrides — and how much history
 * its agents see when the handoff packet is off.
 */
import type { RapoConfig, RapoConfigInput } from "../../config/schema.js";
import type { RoutingPolicy } from "../../routing/router.js";
import type { PromptSpaceAdapter } from "../../runtime/prompt-vectors.js";
import type { Taxonomy } from "../../state/taxonomy.js";
import type { Embedder } from "../../state/types.js";
import type { CastMember } from "../cast.js";
import type { MethodKind, PaperMethodKey } from "../types.js";

/**
 * The simulated world's hidden state, for the oracle reference row only: no other method may read
 * it (a test checks the baselines' and rapo's builds never touch it). It never exposes the answer key.
 */
export interface WorldView {
  /** hidden success probability of an agent on a task type right now (drift-aware). */
  skill(agentId: string, taskType: string): number;
  /** busy slots / capacity of an agent right now (queued calls push it above 1). */
  occupancy(agentId: string): number;
  /**
   * the task type the simulated models detect in the conversation's current user message (the
   * world's own detector, not the answer key); undefined when the conversation is not in flight.
   */
  taskOf(conversationId: string): string | undefined;
  /** the client deadline per turn, ms (undefined: none). */
  deadlineMs?: number;
  /**
   * simulated latency a call sent to the agent now would take: the wait for a free slot plus the
   * service time of a typical answer at the current occupancy (undefined: unknown).
   */
  expectedLatencyMs?(agentId: string): number;
  /** a call sent to the agent now would be rejected with a 429 (its rate limit is spent). */
  wouldReject?(agentId: string): boolean;
}

/** What every method is built from; identical for all methods of a run. */
export interface MethodEnv {
  /** the simulated cast, in agent index order (declared specialties are public, skills are not read). */
  cast: readonly CastMember[];
  taxonomy: Taxonomy;
  /** the resolved base configuration (before the method's overrides). */
  config: RapoConfig;
  /** the local embedder the orchestrator uses too. */
  embedder: Embedder;
  /** exchanges of raw history in the common framework memory window. */
  memoryWindow: number;
  /** hidden world state (the oracle reference row only; see {@link WorldView}). */
  world?: WorldView;
}

/** The parts of an Orchestrator a method sets. */
export interface MethodSetup {
  /** routing policy; rapo's adaptive routing when absent. */
  routing?: RoutingPolicy;
  /** prompt-space adapter (components rendered into system prompts, outcome observers). */
  prompts?: PromptSpaceAdapter;
  /** configuration overrides (ablation switches, `handoff.enabled`…). */
  config: RapoConfigInput;
  /**
   * exchanges of raw history the serving agent sees (the common framework memory window), for
   * methods without rapo's handoff packet; absent: the orchestrator's own context handling.
   */
  memoryWindow?: number;
}

/** One method of the comparison (SPEC §10). */
export interface EvalMethod {
  /** stable id, e.g. `rapo`, `ampo`, `rapo-no-load`. */
  id: string;
  /** display name, e.g. `AMPO-style [12]`. */
  label: string;
  kind: MethodKind;
  /** the paper's row it reproduces, when any. */
  paperRef?: PaperMethodKey;
  /** its core mechanism, as documented in the report. */
  description: string;
  /** builds the method's orchestrator parts; called once per run with fresh state. */
  build(env: MethodEnv): MethodSetup | Promise<MethodSetup>;
}
