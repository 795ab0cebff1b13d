/**
 * @module telemetry/metrics
 * Prometheus metrics (prom-client) of one orchestrator, in its own registry so several
 * orchestrators in one process do not collide. SPEC §9: turn latency histogram, routing
 * decisions, handoffs and their success, failovers, consensus iterations, Lyapunov V, rollbacks,
 * load and queue per agent.
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";

/** The metric set. */
export interface RapoMetrics {
  readonly registry: Registry;
  turnLatency: Histogram<"agent">;
  routingDecisions: Counter<"agent" | "task">;
  handoffs: Counter<"from" | "to">;
  handoffOutcome: Counter<"result">;
  failovers: Counter<"agent">;
  turnFailures: Counter;
  feedback: Counter<"source">;
  agentLoad: Gauge<"agent">;
  agentQueue: Gauge<"agent">;
  agentInflight: Gauge<"agent">;
  contextScore: Gauge;
  consensusIterations: Histogram;
  lyapunov: Gauge;
  /** ½‖Φ_ω − Φ*‖², Φ_ω = Σ ω_i P_i the utilisation-weighted global state (SPEC §2, eq. 1). */
  globalStateDrift: Gauge;
  /** the paper's V(Φ) = ½‖Φ − Φ*‖² over the whole triple, by block (prompt, context, capability, total). */
  globalLyapunov: Gauge<"block">;
  /** the Lipschitz estimate L of the whole update and the α actually used (α ≤ s/(2L)). */
  consensusLipschitz: Gauge;
  /** L_Q, the observed Lipschitz constant of the β term's map P ↦ ∇Q (part of L). */
  gradientLipschitz: Gauge;
  consensusAlpha: Gauge;
  rollbacks: Counter<"reason">;
  loopTickDuration: Histogram;
  tokens: Counter<"agent" | "direction">;
  costUsd: Counter<"agent">;
  handoffPacketTokens: Histogram;
  breakerTransitions: Counter<"agent" | "to">;
}

/**
 * Label sets of one agent for the per-turn metrics, built once per agent so a turn allocates
 * none. prom-client keeps references to label objects it has seen: never mutate them.
 */
export interface AgentLabels {
  readonly agent: { readonly agent: string };
  readonly tokensIn: { readonly agent: string; readonly direction: "input" };
  readonly tokensOut: { readonly agent: string; readonly direction: "output" };
}

/** Builds the {@link AgentLabels} of `agentId`. */
export function agentLabels(agentId: string): AgentLabels {
  return {
    agent: { agent: agentId },
    tokensIn: { agent: agentId, direction: "input" },
    tokensOut: { agent: agentId, direction: "output" },
  };
}

/** Creates the metric set in a fresh registry (or the one given). */
export function createMetrics(registry = new Registry()): RapoMetrics {
  const r = [registry];
  return {
    registry,
    turnLatency: new Histogram({
      name: "rapo_turn_latency_seconds",
      help: "Latency of a turn from send() to answer, including failovers",
      labelNames: ["agent"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: r,
    }),
    routingDecisions: new Counter({
      name: "rapo_routing_decisions_total",
      help: "Turns routed, by agent and task type",
      labelNames: ["agent", "task"],
      registers: r,
    }),
    handoffs: new Counter({
      name: "rapo_handoffs_total",
      help: "Handoffs between agents",
      labelNames: ["from", "to"],
      registers: r,
    }),
    handoffOutcome: new Counter({
      name: "rapo_handoff_outcomes_total",
      help: "Feedback on handoff turns: success or failure",
      labelNames: ["result"],
      registers: r,
    }),
    failovers: new Counter({
      name: "rapo_failovers_total",
      help: "Model failures failed over, by failed agent",
      labelNames: ["agent"],
      registers: r,
    }),
    turnFailures: new Counter({
      name: "rapo_turn_failures_total",
      help: "Turns durably failed (no agent could answer)",
      registers: r,
    }),
    feedback: new Counter({
      name: "rapo_outcomes_total",
      help: "Outcomes applied, by source",
      labelNames: ["source"],
      registers: r,
    }),
    agentLoad: new Gauge({
      name: "rapo_agent_load",
      help: "Load factor L_a in [0, 1]",
      labelNames: ["agent"],
      registers: r,
    }),
    agentQueue: new Gauge({
      name: "rapo_agent_queue",
      help: "Requests queued beyond capacity (Q_a)",
      labelNames: ["agent"],
      registers: r,
    }),
    agentInflight: new Gauge({
      name: "rapo_agent_inflight",
      help: "Model calls in flight",
      labelNames: ["agent"],
      registers: r,
    }),
    contextScore: new Gauge({
      name: "rapo_context_score",
      help: "Mean ROUGE-L F across recent handoffs",
      registers: r,
    }),
    consensusIterations: new Histogram({
      name: "rapo_consensus_iterations",
      help: "Consensus iterations per control-loop tick",
      buckets: [0, 1, 2, 3, 5, 8, 10],
      registers: r,
    }),
    lyapunov: new Gauge({ name: "rapo_lyapunov_value", help: "Lyapunov value V = ½‖Φ − Φ*‖²", registers: r }),
    globalStateDrift: new Gauge({
      name: "rapo_global_state_drift",
      help: "½‖Φ_ω − Φ*‖², Φ_ω = Σ ω_i P_i the utilisation-weighted global state of the prompt vectors",
      registers: r,
    }),
    globalLyapunov: new Gauge({
      name: "rapo_global_lyapunov",
      help: "V(Φ) = ½‖Φ − Φ*‖², Φ = Σ ω_i (P_i, C_i, M_i) the utilisation-weighted triple, Φ* its running mean; by block",
      labelNames: ["block"],
      registers: r,
    }),
    consensusLipschitz: new Gauge({
      name: "rapo_consensus_lipschitz",
      help: "Lipschitz estimate L of the whole update (consensus term + β∇Q) used for the stability clamp",
      registers: r,
    }),
    gradientLipschitz: new Gauge({
      name: "rapo_gradient_lipschitz",
      help: "observed Lipschitz constant L_Q of the β term's map P -> ∇Q (secant power probe)",
      registers: r,
    }),
    consensusAlpha: new Gauge({
      name: "rapo_consensus_alpha",
      help: "step size α actually used: α ≤ safety/(2L)",
      registers: r,
    }),
    rollbacks: new Counter({
      name: "rapo_rollbacks_total",
      help: "Consensus rollbacks, by reason",
      labelNames: ["reason"],
      registers: r,
    }),
    loopTickDuration: new Histogram({
      name: "rapo_control_tick_seconds",
      help: "Duration of one control-loop tick",
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
      registers: r,
    }),
    tokens: new Counter({
      name: "rapo_tokens_total",
      help: "Model tokens, by agent and direction",
      labelNames: ["agent", "direction"],
      registers: r,
    }),
    costUsd: new Counter({
      name: "rapo_cost_usd_total",
      help: "Estimated model cost in USD, by agent",
      labelNames: ["agent"],
      registers: r,
    }),
    handoffPacketTokens: new Histogram({
      name: "rapo_handoff_packet_tokens",
      help: "Estimated tokens of handoff packets: what context costs",
      buckets: [16, 64, 256, 1024, 4096, 16384],
      registers: r,
    }),
    breakerTransitions: new Counter({
      name: "rapo_circuit_breaker_transitions_total",
      help: "Circuit-breaker state changes, by agent and new state",
      labelNames: ["agent", "to"],
      registers: r,
    }),
  };
}
