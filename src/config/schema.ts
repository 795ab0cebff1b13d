/**
 * @module config/schema
 * The one typed, validated configuration object. Every constant of SPEC.md is a default here,
 * with the section it comes from; nothing else in the code base hard-codes these numbers.
 */
import { z } from "zod";

const unit = z.number().min(0).max(1);
const positiveInt = z.number().int().positive();

/** SPEC §2: dimensions of the agent state triple. */
export const stateSchema = z.object({
  /** dim of P_i, the prompt-template vector (SPEC §2: 512). */
  promptDim: positiveInt.default(512),
  /** dim of C_i, the context vector (SPEC §2: 768). */
  contextDim: positiveInt.default(768),
  /** k, turns in the context sliding window (SPEC §2: 20). */
  contextWindow: positiveInt.default(20),
  /** dimension of the local hashed embedding (before projection to contextDim). */
  embeddingDim: positiveInt.default(256),
  /** seed for the deterministic projections and embeddings. */
  seed: z.number().int().default(42),
});

/** SPEC §3: routing, load and capability learning. */
export const routingSchema = z.object({
  /** load weights α, β, γ of L_a = α·N/Cmax + β·Q/Qmax + γ·R/Rmax (SPEC §3: 0.4, 0.3, 0.3). */
  loadWeights: z
    .object({ active: unit.default(0.4), queue: unit.default(0.3), resource: unit.default(0.3) })
    .default({ active: 0.4, queue: 0.3, resource: 0.3 }),
  /** C_max, active conversations at full load (SPEC §3: 10). */
  maxActive: z.number().positive().default(10),
  /** Q_max, pending requests at full load (SPEC §3: 50). */
  maxQueue: z.number().positive().default(50),
  /** R_max, resource utilisation at full load (SPEC §3: 0.8). */
  maxResource: z.number().positive().max(1).default(0.8),
  /** η, learning rate of M ← (1−η)M + η·o·eᵀ (SPEC §3: 0.1). */
  learningRate: z.number().gt(0).max(1).default(0.1),
  /** decay of capability evidence so recent performance weighs more (SPEC §3: 0.95). */
  decay: z.number().gt(0).max(1).default(0.95),
  /** capability assumed for a (task, modality) cell never observed. */
  capabilityPrior: unit.default(0.5),
  /** exploration bonus coefficient (UCB on evidence counts, the entropy term of SPEC §3.3). */
  exploration: z.number().min(0).default(0.3),
  /** whether routing learns from outcomes (the "no capability learning" ablation sets false). */
  learnCapabilities: z.boolean().default(true),
  /** whether the load term is used (the "no load term" ablation sets false). */
  useLoad: z.boolean().default(true),
  /** stickiness: bonus for keeping the previous agent, avoids needless handoffs. */
  stickiness: z.number().min(0).max(1).default(0.05),
  /** a conversation counts as active on an agent for this long after its last turn. */
  activeTtlMs: positiveInt.default(60_000),
});

/** SPEC §3: the handoff packet. */
export const handoffSchema = z.object({
  /** whether a handoff packet is sent (the "no handoff packet" ablation sets false). */
  enabled: z.boolean().default(true),
  /** last turns carried in a packet and kept in history (SPEC §3, §6: 20). */
  maxTurns: positiveInt.default(20),
  /** facts carried at most. */
  maxFacts: positiveInt.default(64),
  /** sentences of the extractive summary. */
  summarySentences: positiveInt.default(3),
});

/** SPEC §4: the consensus protocol on prompt vectors. */
export const consensusSchema = z.object({
  enabled: z.boolean().default(true),
  /** α, consensus step size; clamped to < 1/(2L) at run time (SPEC §4). */
  alpha: z.number().positive().default(0.2),
  /** β, weight of ∇Q in the update (SPEC §4). */
  beta: z.number().min(0).default(0.01),
  /** max step ‖ΔP_i‖ ≤ ratio·‖P_i‖ (SPEC §4: 0.1). */
  maxStepRatio: z.number().positive().default(0.1),
  /** E_min over the rolling window (SPEC §4: 0.7). */
  minEffectiveness: unit.default(0.7),
  /** rolling window of conversations for E (SPEC §4: 100). */
  effectivenessWindow: positiveInt.default(100),
  /** gradient clipping norm (SPEC §4: 5.0). */
  gradientClip: z.number().positive().default(5.0),
  /** iterations per tick before reverting to the last stable configuration (SPEC §4: 10). */
  maxIterations: positiveInt.default(10),
  /** convergence tolerance on max ‖ΔP_i‖ / ‖P_i‖. */
  tolerance: z.number().positive().default(1e-3),
  /** neighbours per agent, by communication frequency (sparse N_i). */
  maxNeighbours: positiveInt.default(8),
  /** CPU budget of consensus per tick, in ms (resource constraint R ≤ R_max). */
  tickBudgetMs: z.number().positive().default(40),
});

/** SPEC §2: the prompt-component space. */
export const promptSpaceSchema = z.object({
  /** components rendered into the system prompt at most (top-k). */
  topK: positiveInt.default(4),
  /** minimum cosine between P_i and a component for it to be rendered. */
  threshold: z.number().min(-1).max(1).default(0.1),
});

/** SPEC §5: learned dynamics. */
export const learningSchema = z.object({
  enabled: z.boolean().default(true),
  hiddenLayers: z.array(positiveInt).default([256, 128]),
  replayCapacity: positiveInt.default(10_000),
  batchSize: positiveInt.default(32),
  learningRate: z.number().positive().default(1e-4),
  gradientClip: z.number().positive().default(5.0),
  /** λ in r = r_task + λ·r_coherence. */
  coherenceWeight: z.number().min(0).default(0.5),
  /** Monte Carlo trajectories for transition estimates (SPEC §5: 10). */
  monteCarloTrajectories: positiveInt.default(10),
  /** train every this many control-loop ticks, in the background. */
  trainEveryTicks: positiveInt.default(10),
});

/** SPEC §6: the control loop and scheduling. */
export const loopSchema = z.object({
  /** control-loop period in ms (SPEC §6: 100). */
  intervalMs: positiveInt.default(100),
  /** checkpoint every this many iterations (SPEC §6, §7: 1,000). */
  checkpointEvery: positiveInt.default(1000),
  /** whether the loop runs on a timer; tests and benchmarks may tick it by hand. */
  autoStart: z.boolean().default(true),
});

/** SPEC §9 and issue 2: limits on caller input and model calls. */
export const limitsSchema = z.object({
  /** maximum characters in one message. */
  maxMessageChars: positiveInt.default(32_000),
  /** per model call timeout in ms. */
  modelTimeoutMs: positiveInt.default(30_000),
  /** max failover attempts for one turn (each to a different agent). */
  maxFailovers: z.number().int().min(0).default(3),
  /** max output tokens asked of a model per turn. */
  maxOutputTokens: positiveInt.default(1024),
});

/** SPEC §10: evaluation thresholds. */
export const evalSchema = z.object({
  /** handoff success: cosine with the prior context above this (SPEC §10: 0.7). */
  handoffCosine: unit.default(0.7),
  /** context break: cosine below this (SPEC §10: 0.5). */
  contextBreakCosine: unit.default(0.5),
  /** sliding window of conversations for windowed metrics (SPEC §10: 100). */
  window: positiveInt.default(100),
  /** bootstrap resamples (SPEC §10: 10,000). */
  bootstrapResamples: positiveInt.default(10_000),
});

/** The whole configuration. Every field has the paper's default. */
export const configSchema = z.object({
  state: stateSchema.default(stateSchema.parse({})),
  routing: routingSchema.default(routingSchema.parse({})),
  handoff: handoffSchema.default(handoffSchema.parse({})),
  consensus: consensusSchema.default(consensusSchema.parse({})),
  promptSpace: promptSpaceSchema.default(promptSpaceSchema.parse({})),
  learning: learningSchema.default(learningSchema.parse({})),
  loop: loopSchema.default(loopSchema.parse({})),
  limits: limitsSchema.default(limitsSchema.parse({})),
  eval: evalSchema.default(evalSchema.parse({})),
});

/** The resolved configuration: every field present. */
export type RapoConfig = z.infer<typeof configSchema>;

/** What a user passes: any subset, nested. */
export type RapoConfigInput = DeepPartial<RapoConfig>;

/** Recursive partial for configuration input. */
export type DeepPartial<T> = T extends readonly (infer U)[]
  ? U[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;
