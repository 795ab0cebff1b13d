/**
 * @module config/schema
 * The one typed, validated configuration object. Every constant of SPEC.md is a default here,
 * with the section it comes from; nothing else in the code base hard-codes these numbers.
 *
 * Every object is strict (issue 12): an unknown key is an error, which `resolveConfig` reports
 * with its path and the nearest known key. New sections and fields need nothing more than their
 * declaration here.
 */
import { z } from "zod";

const unit = z.number().min(0).max(1);
const positiveInt = z.number().int().positive();
/** [low, high] with low < high. */
const complexityRange = z
  .tuple([z.number().min(0), z.number().positive()])
  .refine(([low, high]) => low < high, "low must be below high");

/** SPEC §2: dimensions of the agent state triple. */
export const stateSchema = z.strictObject({
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
  /**
   * temperature τ of the context attention (SPEC §2: attention over the last k turns). Turn
   * embeddings are unit vectors, so the √d scaling of dot-product attention is replaced by
   * score = cos(q, k)/τ; 0.25 lets an identical turn weigh e⁴ ≈ 55× an unrelated one.
   */
  attentionTemperature: z.number().positive().default(0.25),
});

/** SPEC §3: routing, load and capability learning. */
export const routingSchema = z.strictObject({
  /** load weights α, β, γ of L_a = α·N/Cmax + β·Q/Qmax + γ·R/Rmax (SPEC §3: 0.4, 0.3, 0.3). */
  loadWeights: z
    .strictObject({ active: unit.default(0.4), queue: unit.default(0.3), resource: unit.default(0.3) })
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
  /**
   * share of η applied to the other cells of the updated task row and modality column, so
   * learning generalises across modalities (SPEC §3: "the update touches the rows/columns of
   * the task's type and modality"); the (task, modality) cell itself moves with the full η.
   */
  capabilitySpill: unit.default(0.25),
  /**
   * fraction of η applied to the same modality of other task types. Small: skill is mostly per
   * task type, so success on math says little about creative writing in the same modality.
   */
  modalitySpill: unit.default(0.05),
  /** capability assumed for a (task, modality) cell never observed. */
  capabilityPrior: unit.default(0.5),
  /** exploration bonus coefficient (UCB on evidence counts, the entropy term of SPEC §3.3). */
  exploration: z.number().min(0).default(0.15),
  /** whether routing learns from outcomes (the "no capability learning" ablation sets false). */
  learnCapabilities: z.boolean().default(true),
  /** whether the load term is used (the "no load term" ablation sets false). */
  useLoad: z.boolean().default(true),
  /** stickiness: bonus for keeping the previous agent, avoids needless handoffs. */
  stickiness: z.number().min(0).max(1).default(0.05),
  /**
   * the idle window of N_a: a conversation counts as active on an agent while one of its turns is
   * in flight there and for this long after that turn ended (ended or handed-off conversations
   * stop counting at once; the control loop expires idle ones on its clock).
   */
  activeTtlMs: positiveInt.default(60_000),
  /**
   * issue 10, the load model h_a of the routing score C_a·h_a. `deadline` (default):
   * h_a = P(answer within the turn's deadline | queue_a, measured latency_a) — costs nothing
   * below an agent's capacity, diverts traffic as the expected wait nears the deadline.
   * `paper`: h_a = 1 − L_a with the SPEC §3 weighted sum (loadWeights, maxActive, maxQueue, maxResource).
   */
  load: z.enum(["deadline", "paper"]).default("deadline"),
  /**
   * deadline of a turn in ms for the `deadline` load model (routing only: the model call's own
   * timeout stays `limits.modelTimeoutMs`); absent = `limits.modelTimeoutMs`. `send({ deadlineMs })`
   * overrides it per turn; it runs from the moment the turn is accepted.
   */
  deadlineMs: positiveInt.optional(),
  /** weight of a new sample in the per-agent EWMAs of measured service time and queue wait. */
  latencySmoothing: z.number().gt(0).max(1).default(0.2),
  /**
   * service time assumed for an agent before its first measured call, in ms; the first
   * measurement replaces it. 0 (default): nothing is assumed — an unmeasured agent is forecast to
   * answer in time (so a new agent gets traffic) until its first call ends.
   */
  latencyPriorMs: z.number().min(0).default(0),
  /**
   * while no call of an agent ends, its measured latency relaxes toward the prior with this
   * half-life (ms), so an agent that looked slow is tried again once traffic has stopped.
   */
  latencyHalfLifeMs: positiveInt.default(60_000),
  /**
   * least value of the `deadline` load term: an agent unlikely to make the deadline (or backed off)
   * scores C_a·minHeadroom, so when no agent can make it capability still decides.
   */
  minHeadroom: z.number().gt(0).max(1).default(0.001),
  /** least spread of a latency forecast, as a fraction of its mean: keeps P(within deadline) smooth. */
  latencySpreadFloor: z.number().min(0).default(0.1),
  /**
   * whether a call abandoned at its timeout still counts as occupying the agent for one more
   * measured service time (the provider keeps working on a request its client gave up on), so the
   * `deadline` load model does not send the next turn into the queue the timeout revealed.
   */
  countAbandoned: z.boolean().default(true),
  /**
   * Issue 10: who takes a turn whose agent failed (timeout, 429, error). `similar` (default, SPEC
   * §7): the available agent whose capability matrix is most similar to the failed one's. `route`:
   * the router picks again among the agents not yet tried, on the turn's own features and what is
   * left of its deadline (the handoff packet carries the context). Measured (seed 42, 160
   * conversations): `route` gives paper 0.931 vs 0.875, contended 0.481 vs 0.463 within the
   * deadline, but misdeclared 0.481 vs 0.544 — the similar failover is what sends the undeclared
   * generalist traffic there (412 turns vs 0), so `route` waits for exploration that finds it.
   */
  failover: z.enum(["route", "similar"]).default("similar"),
  /**
   * after a 429 / overload (retries exhausted) routing sends the agent nothing for the provider's
   * Retry-After, or for this long (ms) when it gave none.
   */
  rateLimitBackoffMs: z.number().min(0).default(5_000),
  /** implicit outcome when an answer asks for clarification (SPEC §3 implicit signals). */
  clarificationOutcome: unit.default(0.25),
  /**
   * implicit outcome recorded for an agent that answered with an empty reply. Failed calls
   * (timeouts, 429s, overload, transport and server errors) are health and load signals and never
   * feed capability learning (issue 10).
   */
  errorOutcome: unit.default(0),
  /** whether implicit signals (clarifications, empty answers) feed capability learning. */
  implicitSignals: z.boolean().default(true),
  /**
   * what routing scores an agent by (issue 11): `contextual` = a per-agent Bayesian model of
   * P(success | agent, turn features) learned from outcomes, with Thompson-sampling exploration;
   * `cell` = the paper's M_i cell of the classified (task, modality) with the UCB bonus. M_i is
   * learned and shown either way.
   */
  model: z.enum(["contextual", "cell"]).default("contextual"),
  /**
   * switching cost in probability of success: the agent serving a conversation keeps it unless
   * another is expected to succeed by more than this × (1 − h) × (1 − confidence), h being the
   * classifier's learned switch hazard (contextual model). Calibrated on the dialogue bench's
   * training seeds 2 and 3 and on the evaluation's `paper` scenario over seeds 1–3 (see README "Routing").
   */
  switchCost: unit.default(0.5),
  /**
   * exponent k by which the contextual model sharpens the classifier's task distribution
   * (s_t^k renormalised): the classifier's softmax is flatter than its accuracy, which made every
   * agent look alike on turns with little evidence. Calibrated on the dialogue bench (k = 16).
   */
  taskSharpness: z.number().positive().default(16),
  /** scale of the posterior spread in the Thompson draws (0 = greedy on the posterior mean). */
  posteriorScale: z.number().min(0).default(0.3),
  /**
   * prior precision of a declared capability in the contextual model (≈ 4× the observations the
   * prior is worth at p = 0.5): higher trusts declarations longer.
   */
  declaredPrecision: z.number().positive().default(4),
  /** prior precision of undeclared task types and of the other weights (low: agents get discovered). */
  undeclaredPrecision: z.number().positive().default(1),
  /**
   * per-outcome retention of the contextual model's evidence on the observed features, in (0, 1]:
   * 1 never forgets; 0.995 remembers ≈ 200 outcomes per feature, so drift is noticed.
   */
  forgetting: z.number().gt(0).max(1).default(0.995),
  /**
   * retention λ per turn of a conversation's outcome evidence (issues 10/11): explicit outcomes
   * (feedback, verifier) of its turns are evidence about which task types the conversation is
   * about — a specialist's failure makes its types unlikely — and routing reads the classifier's
   * task distribution corrected by their log-likelihood, faded by λ per turn. 0 (default) turns it
   * off: on, the paper-scenario exploration test sends 4.2 % of late turns to far worse agents
   * (limit 3 %), since a verifier failure there often has another cause (README).
   */
  outcomeEvidence: z.number().min(0).max(1).default(0),
  /**
   * change detection in the contextual model (issues 10/11): a Bernoulli CUSUM per (agent, task
   * type) tests whether the success rate dropped from the posterior mean p₀ to p₀ − changeDrop.
   * When it does, the cell's old evidence (and the declaration behind it) is dropped and the task
   * type is explored (`changeExploration`). 0 turns it off.
   */
  changeDrop: unit.default(0.2),
  /**
   * CUSUM threshold (log-likelihood ratio). Measured on a cell that keeps p = 0.9: 5 gives 0.8 false
   * alarms per 2,000 outcomes, 6 gives 0.15, 7 gives 0.05 (change-detection.test.ts).
   */
  changeThreshold: z.number().positive().default(6),
  /**
   * outcomes of a task type, after a change was declared on it, during which routing draws every
   * agent on it with the full posterior spread (Thompson scale ≥ 1), so a better agent is found.
   */
  changeExploration: z.number().min(0).default(40),
  // Issue 17: C_i feeds the contextual model (routing/context-affinity.ts).
  /**
   * r, the dimension of the sketch in which a turn is compared with each agent's context vector
   * C_i (the similarity is a feature of the contextual model); 0 leaves C_i out of routing.
   */
  contextSketchDim: z.number().int().min(0).default(16),
  /**
   * prior precision of θ, the contextual model's weight of the C_i similarity; its prior mean is 0,
   * so C_i moves routing only as far as outcomes show that it predicts success.
   */
  contextPrecision: z.number().positive().default(4),
  /**
   * prior probability that a conversation's task changes between two turns, in the classifier's
   * belief filter (issue 11): the previous turn's task belief is carried as (1 − h)·b + h/K and
   * multiplied by the turn's evidence, so a turn without domain words keeps the task and a stray
   * match must outweigh log((1 − h)·K/h). The starting point of the hazard learned from the
   * traffic (see `hazardPriorTurns`). Calibrated on the dialogue bench's training seeds (README
   * "Routing").
   */
  switchHazard: z.number().gt(0).lt(1).default(0.1),
  /**
   * pseudo-turns the starting `switchHazard` is worth against the hazard learned from the
   * traffic (a running estimate over ≈ 2,000 turns); 0 keeps the hazard fixed.
   */
  hazardPriorTurns: z.number().min(0).default(200),
  /**
   * weight β of a turn's own evidence (and the previous answer's) against the carried task belief
   * in the classifier's filter: the likelihood is exp(β·logit/T). The keyword-and-prototype logits
   * are flatter than the classifier's accuracy; calibrated with `switchCost` on the dialogue
   * bench's training seeds (README "Routing").
   */
  evidenceWeight: z.number().positive().default(2),
  /**
   * logit bonus of the previous assistant turn's task distribution ("Shall I book the hotel?"
   * makes the following "yes" about hotels); 0 ignores the previous answer.
   */
  answerWeight: z.number().min(0).default(2),
  // Issue 14: tunables that were constants in the code.
  /** concurrent model calls an agent takes before requests queue, when its spec sets no `capacity`. */
  defaultCapacity: positiveInt.default(4),
  /**
   * SPEC §6 pool scheduling: the [low, high] range over which each complexity feature (syntactic
   * depth, entity count, inference steps) is normalised to [0, 1] before they are averaged.
   */
  complexityRanges: z
    .strictObject({
      depth: complexityRange.default([3, 12]),
      entities: complexityRange.default([5, 50]),
      inference: complexityRange.default([1, 8]),
    })
    .default({ depth: [3, 12], entities: [5, 50], inference: [1, 8] }),
});

/** SPEC §3: the handoff packet. */
export const handoffSchema = z.strictObject({
  /** whether a handoff packet is sent (the "no handoff packet" ablation sets false). */
  enabled: z.boolean().default(true),
  /** last turns carried in a packet and kept in history (SPEC §3, §6: 20). */
  maxTurns: positiveInt.default(20),
  /**
   * facts a conversation's ledger keeps at most (past it, proposed facts, then the oldest, go);
   * 128 keeps 97 % of the facts 40–60-turn conversations need (64: 83 %, issue 11).
   */
  maxFacts: positiveInt.default(128),
  /** sentences of the extractive summary. */
  summarySentences: positiveInt.default(3),
  /**
   * token budget (≈ 4 characters a token) of the facts a packet carries: the facts most relevant
   * to the turn handed over, then the most recent, fill it (issue 11: turn 50 still carries what
   * it needs from turn 3).
   */
  factTokens: positiveInt.default(1000),
  /**
   * characters of a text (a user turn, an answer) read for facts at most: extraction, and what an
   * answer keeps queued for it, stay bounded whatever the text (issue 12).
   */
  maxFactChars: positiveInt.default(4000),
  /**
   * Issue 9 (not in SPEC): token budget of the context in a prompt — facts section, handoff
   * packet and history together (estimated tokens). History goes first (oldest first), then the
   * oldest facts, then the packet. Absent: no budget (history bounded by `maxTurns` only).
   */
  contextTokens: positiveInt.optional(),
});

/** SPEC §4: the consensus protocol on prompt vectors. */
export const consensusSchema = z.strictObject({
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
  /** handoffs per agent pair in the rolling average E_ij (SPEC §4: "over a rolling window"). */
  pairWindow: positiveInt.default(20),
  /** conversations observed before E is trusted for the constraint E ≥ E_min (SPEC §4). */
  effectivenessMinSamples: positiveInt.default(20),
  /** safety factor s of the clamp α_used = min(α, s/(2L)), so α stays strictly < 1/(2L) (SPEC §4). */
  alphaSafety: z.number().gt(0).lt(1).default(0.9),
  /** power-iteration steps per tick of the online estimate of the Lipschitz constant L (SPEC §4). */
  spectralIterations: positiveInt.default(8),
  /**
   * rebuild the neighbourhoods N_i and weights w_ij from new handoffs at most every this many
   * ticks (a change in the set of agents rebuilds at once); keeps ticks at 10,000 agents bounded.
   */
  graphRefreshTicks: positiveInt.default(10),
  /**
   * ticks the online estimate of Φ* averages over, for the paper's V(Φ) = ½‖Φ − Φ*‖² over the
   * whole triple Φ = Σ ω_i (P_i, C_i, M_i) (issue 17; consensus/global-lyapunov).
   */
  lyapunovHorizonTicks: positiveInt.default(100),
  // Issue 14: tunables that were constants in the code.
  /**
   * failed consensus ticks in a row (not converged, or non-finite vectors or gradients rejected)
   * after which the last checkpoint is restored (SPEC §7).
   */
  failedTicksBeforeRollback: positiveInt.default(3),
  /** open conversations tracked for the effectiveness window E before the oldest counts as ended. */
  trackedConversations: positiveInt.default(512),
  /** per-observation decay of the observed Lipschitz evidence (forgets a mode after ~100 rounds). */
  lipschitzDecay: z.number().gt(0).max(1).default(0.99),
});

/**
 * Issue 11 item 5: prompt components learned from outcomes — Thompson sampling per agent over each
 * component's benefit (learning/component-bandit). P_i stays the consensus state: it is the
 * bandit's prior, and the bandit's evidence moves it through the β term.
 */
export const promptBanditSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** per-outcome discount of an agent's statistics (memory ≈ 1/(1 − decay) outcomes). */
  decay: z.number().gt(0).max(1).default(0.998),
  /** prior mean of a component's benefit per unit of cos(P_i, c_k) above `promptSpace.threshold`. */
  priorScale: z.number().min(0).default(0.1),
  /** prior sd of a component's benefit around the P_i prior. */
  priorSd: z.number().positive().default(0.1),
  /** sd of one agent's benefit around the other agents' pooled benefit (hierarchical prior). */
  poolSd: z.number().positive().default(0.05),
  /** weight of the bandit's benefit direction Σ_k δ_ik c_k in the β term, beside ∇Q. */
  gradientWeight: z.number().min(0).default(10),
  /**
   * Issue 10: credit a prompt with what the user got — a call abandoned at its timeout, or one
   * that answered after the time its turn had left (`send({ deadlineMs })`, `routing.deadlineMs`,
   * else the model timeout), counts as outcome 0 for the components its prompt carried. Components
   * that lengthen answers then stop spreading when they make answers miss the deadline.
   */
  deadlineOutcomes: z.boolean().default(true),
});

/** SPEC §2: the prompt-component space. */
export const promptSpaceSchema = z.strictObject({
  /** components rendered into the system prompt at most (top-k). */
  topK: positiveInt.default(4),
  /** minimum cosine between P_i and a component for it to be rendered. */
  threshold: z.number().min(-1).max(1).default(0.1),
  /**
   * Issue 11 item 5: which components a turn's prompt carries is learned from verified outcomes
   * (see {@link promptBanditSchema}); `bandit.enabled: false` renders the top-k nearest to P_i.
   */
  bandit: promptBanditSchema.default(promptBanditSchema.parse({})),
});

/** SPEC §5: learned dynamics. */
export const learningSchema = z.strictObject({
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
  trainEveryTicks: positiveInt.default(2),
  /**
   * SPEC §7 gradient explosion: a training loss above this many times its running mean (or a
   * non-finite one) rolls the learned state back to the last checkpoint, weights included.
   */
  divergenceFactor: z.number().gt(1).default(10),
  /** dimension of the seeded sketches of P_i and C_i in the network input (SPEC §5 state features). */
  sketchDim: positiveInt.default(32),
  /** discount γ of the Monte Carlo returns G_t = Σ γ^k r_{t+k} (SPEC §5). */
  discount: unit.default(0.9),
  /** steps of each Monte Carlo rollout through the learned transition model (SPEC §5). */
  rolloutHorizon: positiveInt.default(5),
  /** rank of the learned correction of the context projection of C_i (SPEC §2 "learned projection"). */
  projectionRank: positiveInt.default(16),
  /** (window, next turn, outcome) samples kept to train the context projection. */
  projectionCapacity: positiveInt.default(2048),
  // Issue 14: tunables that were constants in the code.
  /** agents whose ∂V/∂P_i gradient is refreshed per control-loop tick. */
  gradientBatch: positiveInt.default(8),
  /** CPU budget in ms of one tick's gradient refresh. */
  gradientBudgetMs: z.number().positive().default(5),
  /**
   * Skip learning work that has nothing new to learn from: a ∇Q batch whose inputs (weights,
   * P_i, C_i, M_i) are those of its cached gradients is not recomputed — an exact no-op that an
   * idle service would otherwise repeat every tick (~600 ms of CPU per second with eight agents)
   * — and, on the loop's timer (not on ticks driven by hand), training is asked for only when
   * outcomes arrived since the last request.
   */
  skipIdleTicks: z.boolean().default(true),
  /**
   * Largest share of one core that learning (∇Q refreshes, L_Q probes, training steps) may take
   * on the control loop's timer: after spending c ms it waits c / maxCpuShare ms of wall time.
   * Ticks driven by hand (tests, the eval runner) are never capped. 1 = no cap.
   */
  maxCpuShare: z.number().gt(0).max(1).default(0.15),
});

/** SPEC §6: the control loop and scheduling. */
export const loopSchema = z.strictObject({
  /** control-loop period in ms (SPEC §6: 100). */
  intervalMs: positiveInt.default(100),
  /** checkpoint every this many iterations (SPEC §6, §7: 1,000). */
  checkpointEvery: positiveInt.default(1000),
  /** whether the loop runs on a timer; tests and benchmarks may tick it by hand. */
  autoStart: z.boolean().default(true),
  /** persist changed agent states every this many ticks. */
  persistEveryTicks: positiveInt.default(10),
  /** changed agent states written per persist tick at most, so one tick stays short at scale. */
  persistBatch: positiveInt.default(500),
  // Issue 14: tunables that were constants in the code.
  /** checkpoints kept in the store (older ones are deleted). */
  keepCheckpoints: positiveInt.default(3),
  /** export per-agent gauges every this many ticks (every second at the default 100 ms period). */
  gaugeEveryTicks: positiveInt.default(10),
  /** per-agent gauges are not exported above this many agents (they would dominate the tick). */
  gaugeMaxAgents: z.number().int().min(0).default(1000),
});

/** SPEC §9 and issue 2: limits on caller input and model calls. */
export const limitsSchema = z.strictObject({
  /** maximum characters in one message. */
  maxMessageChars: positiveInt.default(32_000),
  /** per model call timeout in ms. */
  modelTimeoutMs: positiveInt.default(30_000),
  /** max failover attempts for one turn (each to a different agent). */
  maxFailovers: z.number().int().min(0).default(3),
  /** max output tokens asked of a model per turn. */
  maxOutputTokens: positiveInt.default(1024),
  /**
   * Issue 12: characters of an answer kept at most; a longer answer is truncated (never split
   * inside a surrogate pair), and the turn records it (`TurnResult.truncated`, the stored turn's
   * `error` note). Bounds the history every later prompt carries.
   */
  maxAnswerChars: positiveInt.default(32_000),
  /**
   * Issue 12: how long `close()` lets in-flight turns finish before aborting their model calls,
   * in ms (0: abort at once). Aborted and queued turns reject with ClosedError.
   */
  closeGraceMs: z.number().int().min(0).default(0),
  // Issue 14: tunables that were constants in the code.
  /** turns remembered in memory for `feedback` (older ones are read back from the store). */
  recentTurns: positiveInt.default(50_000),
  /** conversations whose working state (ledger, history) stays in memory; the least recently used goes. */
  liveConversations: positiveInt.default(10_000),
});

/** SPEC §10: evaluation thresholds. */
export const evalSchema = z.strictObject({
  // SPEC §10's fixed cosine thresholds (0.7 handoff success, 0.5 context break) are not settings:
  // handoff success is the verifier's verdict, and the paper-literal cosine metric calibrates its
  // threshold on the reference answers (eval/metrics/literal.ts).
  /** sliding window of conversations for windowed metrics (SPEC §10: 100). */
  window: positiveInt.default(100),
  /** bootstrap resamples (SPEC §10: 10,000). */
  bootstrapResamples: positiveInt.default(10_000),
  /** family-wise significance level before Bonferroni (paper §5.5: α = 0.05, /4 baselines). */
  alpha: z.number().gt(0).lt(1).default(0.05),
  /** level of every confidence interval in the report (paper §5.5, Figure 2: 95%). */
  confidenceLevel: z.number().gt(0).lt(1).default(0.95),
  /** the by-transitions table has rows 0..n−1 and "n+" (issue #4: "up to 25 transitions"). */
  maxTransitionsBucket: positiveInt.default(25),
});

/**
 * Issue 5 (not in SPEC): retries of a failed model call. A retry waits
 * min(initialDelayMs·backoffFactor^(n−1), maxDelayMs) ± jitter, or the provider's Retry-After.
 */
export const retrySchema = z.strictObject({
  /** retries after the first attempt, on 429, 5xx and network errors (0 disables retrying). */
  maxRetries: z.number().int().min(0).default(2),
  /** wait before the first retry, in ms. */
  initialDelayMs: z.number().min(0).default(500),
  /** growth of the wait from one retry to the next. */
  backoffFactor: z.number().min(1).default(2),
  /** cap on one computed wait, in ms (a longer Retry-After is still honoured within maxTotalDelayMs). */
  maxDelayMs: z.number().min(0).default(8_000),
  /** ± fraction of random jitter on computed waits, so many agents do not retry in lockstep. */
  jitter: unit.default(0.2),
  /** total waiting allowed across all retries of one call; a Retry-After beyond it gives up at once. */
  maxTotalDelayMs: z.number().min(0).default(20_000),
  /** whether a per-call timeout is retried (off: a hung provider is better failed over than re-waited). */
  retryOnTimeout: z.boolean().default(false),
});

/**
 * Issue 5 (not in SPEC): the per-agent circuit breaker. Closed → open after `failureThreshold`
 * consecutive failures or a failure rate ≥ `failureRate` over the last `window` calls (once
 * `minCalls` are seen); open → half-open after `cooldownMs`, when one probe call is let through;
 * half-open → closed on its success, back to open on its failure.
 */
export const breakerSchema = z.strictObject({
  /** consecutive failed calls that open the breaker. */
  failureThreshold: positiveInt.default(5),
  /** failure rate over the window that opens the breaker. */
  failureRate: z.number().gt(0).max(1).default(0.5),
  /** calls in the sliding failure-rate window. */
  window: positiveInt.default(20),
  /** calls seen in the window before the failure rate is judged. */
  minCalls: positiveInt.default(10),
  /** time an open breaker waits before letting a probe through, in ms. */
  cooldownMs: positiveInt.default(30_000),
});

/** Issue 5 (not in SPEC): behaviour against real, slow or failing model providers. */
export const resilienceSchema = z.strictObject({
  retry: retrySchema.default(retrySchema.parse({})),
  breaker: breakerSchema.default(breakerSchema.parse({})),
});

/**
 * Issue 15 (SPEC §8): distributed mode on Redis (`store: { redis }` plus the orchestrator's
 * `distributed` option). Times in ms.
 */
export const distributedSchema = z.strictObject({
  /**
   * a claimed turn whose worker stopped extending it for this long is taken over (reclaimed); a
   * worker silent this long is dead (its load is dropped, its agents' queued turns move on).
   */
  visibilityTimeoutMs: z.number().int().min(50).default(1500),
  /** leader lease: a leader that has not renewed it for this long is replaced. */
  leaderLeaseMs: z.number().int().min(50).default(2000),
  /** per-conversation lease a front holds while one of the conversation's turns runs. */
  conversationLeaseMs: z.number().int().min(100).default(30_000),
  /** how long a front waits for another front's turn of the same conversation to finish. */
  conversationWaitMs: z.number().int().min(0).default(60_000),
  /** how long a front waits for a turn's reply from the bus before failing it. */
  replyTimeoutMs: z.number().int().min(100).default(120_000),
  /** concurrent turns a worker serves. */
  workerConcurrency: z.number().int().min(1).default(64),
  /** the leader reads at most this many signals per control-loop tick. */
  signalBatch: z.number().int().min(1).default(2000),
});

/**
 * Issue 16 (SPEC §9): `rapo serve`, the OpenAI-compatible HTTP service. Without any API key the
 * server binds to loopback only; with keys every route but `/healthz` and `/readyz` needs one.
 */
export const serveSchema = z.strictObject({
  /** address to bind; default `0.0.0.0` with API keys, `127.0.0.1` without (a non-loopback host then is refused). */
  host: z.string().min(1).optional(),
  /** TCP port (0: any free port). */
  port: z.number().int().min(0).max(65_535).default(8080),
  /** SHA-256 hex digests of accepted API keys (besides `RAPO_API_KEYS`); each key is one tenant. */
  apiKeyHashes: z.array(z.string().regex(/^[0-9a-f]{64}$/, "a lowercase SHA-256 hex digest")).default([]),
  /** request bodies larger than this are refused with 413 before any handler runs. */
  bodyLimitBytes: positiveInt.default(1_048_576),
  /** messages (chat) or input items (responses) in one request at most. */
  maxMessages: positiveInt.default(256),
  /** characters across every message of one request at most (each one also within `limits.maxMessageChars`). */
  maxRequestChars: positiveInt.default(1_000_000),
  /** per API key: at most `max` requests per `windowMs` (429 with Retry-After beyond). */
  rateLimit: z
    .strictObject({ max: positiveInt.default(1_200), windowMs: positiveInt.default(60_000) })
    .default({ max: 1_200, windowMs: 60_000 }),
  /** message-prefix hashes remembered to map stateless chat requests to conversations. */
  conversationMapSize: positiveInt.default(100_000),
  /** on SIGTERM: how long in-flight requests may finish before their model calls are aborted, in ms. */
  drainTimeoutMs: z.number().int().min(0).default(10_000),
  /** recent turns the dashboard shows (and sends a newly opened page). */
  dashboardRecent: positiveInt.default(200),
  /** origins allowed by CORS; empty (the default) sends no CORS headers at all. */
  corsOrigins: z.array(z.string().url()).default([]),
});

/** The whole configuration. Every field has the paper's default. */
/**
 * SPEC §6 two-level scheduling (issue 17): one declared agent pool. The global scheduler gives a
 * conversation the first pool (by `maxComplexity`, ascending) whose bound its turn's predicted
 * complexity does not exceed, and never moves it to a simpler pool; the router then picks an
 * agent inside the pool. Agents join a pool with `pool` on their declaration.
 */
export const poolSchema = z.strictObject({
  id: z.string().min(1),
  /** highest predicted complexity in [0, 1] (routing/pools `complexityScore`) the pool takes. */
  maxComplexity: unit,
});

export const configSchema = z.strictObject({
  state: stateSchema.default(stateSchema.parse({})),
  routing: routingSchema.default(routingSchema.parse({})),
  handoff: handoffSchema.default(handoffSchema.parse({})),
  consensus: consensusSchema.default(consensusSchema.parse({})),
  promptSpace: promptSpaceSchema.default(promptSpaceSchema.parse({})),
  learning: learningSchema.default(learningSchema.parse({})),
  loop: loopSchema.default(loopSchema.parse({})),
  limits: limitsSchema.default(limitsSchema.parse({})),
  eval: evalSchema.default(evalSchema.parse({})),
  resilience: resilienceSchema.default(resilienceSchema.parse({})),
  serve: serveSchema.default(serveSchema.parse({})),
  distributed: distributedSchema.default(distributedSchema.parse({})),
  /** SPEC §6 pools (see {@link poolSchema}); empty: one pool of every agent. */
  pools: z.array(poolSchema).default([]),
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
