/**
 * @module consensus/consensus-engine
 * SPEC §4: distributed consensus on the prompt vectors, run once per control-loop tick.
 *
 *     P_i ← P_i + α Σ_{j∈N_i} w_ij (P_j − P_i) + β ∇Q(S_i, a_i),   w_ij = E_ij / Σ_k E_ik
 *
 * A tick is a bounded negotiation. Iteration 1 applies the update above to the committed
 * configuration P^t; each further iteration re-applies it against the neighbours' tentative
 * positions (Picard iteration of the implicit form, see consensus-iteration). The tick commits
 * when the largest relative change of an iteration drops below `tolerance`; after
 * `maxIterations` without that, it reverts to the previous stable configuration. With
 * α < 1/(2L) the iteration contracts by more than half per round, so it converges in ≤ 10.
 *
 * Constraints: ‖ΔP_i‖ ≤ maxStepRatio·‖P_i‖; ∇Q clipped at `gradientClip`; if the rolling
 * effectiveness E drops below `minEffectiveness` after an update, that update is rolled back;
 * the tick stops at `tickBudgetMs` (less a reserve for the commit and V, measured on earlier
 * ticks) and commits the last consistent iterate — if even the first sweep is cut short, the rows
 * it reached are committed and the next tick resumes after them — so a tick never blocks the loop.
 * Neighbourhoods follow new handoffs at most every `graphRefreshTicks` ticks (at once when agents
 * join or leave). Stability: L covers the whole update — the consensus field's constant λ tracked
 * online (spectral-estimate, and the contraction the iterations show) plus the β term's, from the
 * Lipschitz constant L_Q of ∇Q the caller observes (learning/gradient-lipschitz) — and the steps
 * are clamped so that α < `alphaSafety`/(2L) (tick-inputs `stepSizes`) with a one-time warning;
 * V (lyapunov) is reported every tick.
 *
 * The engine writes committed updates **into the agents' own `prompt` arrays** and keeps a copy
 * of the configuration it started from, so a rollback restores every vector byte for byte.
 * Nothing is held across ticks but plain data: no locks, no timers.
 */
import type { RapoConfig } from "../config/schema.js";
import { buildConsensusGraph, type ConsensusGraph } from "./consensus-graph.js";
import { ConsensusWorkspace, type Negotiation } from "./consensus-workspace.js";
import { EffectivenessWindow } from "./effectiveness-window.js";
import { lyapunov } from "./lyapunov.js";
import { PairStats, type PairStatsState } from "./pair-stats.js";
import { PromptSnapshot, sameIds } from "./prompt-snapshot.js";
import { LAPLACIAN_BOUND, SpectralEstimate } from "./spectral-estimate.js";
import { checkUniqueIds, loadGradients, stepSizes } from "./tick-inputs.js";
import type { ConsensusAgent, ConsensusReport, GradientSource, RejectedAgent } from "./types.js";

/** Options of the engine: the `consensus` config section plus the prompt dimension. */
export interface ConsensusEngineOptions {
  consensus: RapoConfig["consensus"];
  /** dimension of P_i (config `state.promptDim`). */
  dim: number;
  /** seed of the spectral estimate's start vector (config `state.seed`). */
  seed?: number;
  /** monotonic clock in ms (default `performance.now`); tests inject one to exhaust the budget. */
  clock?: () => number;
  /** called once, the first time the configured α exceeds the stability bound. */
  onWarning?: (message: string) => void;
}

/** The engine's learned state, for checkpoints (canonical: equal states encode equally). */
export interface ConsensusEngineState {
  tick: number;
  /** conversation outcomes of the E window, oldest first. */
  effectiveness: Float64Array;
  pairs: PairStatsState;
  /** sweep position carried over from a budget-truncated first sweep. */
  cursor: number;
  /** largest observed contraction ratio (online Lipschitz evidence). */
  observedLipschitz: number;
  warned: boolean;
}

/** Consensus on prompt vectors with rollback and stability control. Synchronous. */
export class ConsensusEngine {
  readonly options: ConsensusEngineOptions;
  readonly pairs: PairStats;
  private readonly window: EffectivenessWindow;
  private readonly spectral: SpectralEstimate;
  private readonly stable: PromptSnapshot;
  private readonly clock: () => number;
  private tickCount = 0;
  private cursor = 0;
  private observedLipschitz = 0;
  private warned = false;
  /** an update was committed since the stable snapshot was taken. */
  private pendingCommit = false;
  private effectivenessAtCommit: number | null = null;
  /** after an effectiveness rollback: no updates until E is measured afresh. */
  private hold = false;
  private cache: { graph: ConsensusGraph; version: number; builtAt: number } | null = null;
  /** the previous tick's agent ids and their rows (validated unique). */
  private rows: { ids: string[]; rowOf: Map<string, number> } = { ids: [], rowOf: new Map() };
  /** smoothed cost of what follows the iterations (commit, Lyapunov), reserved from the budget. */
  private postCostMs = 0;
  private readonly workspace: ConsensusWorkspace;

  constructor(options: ConsensusEngineOptions) {
    this.options = options;
    const c = options.consensus;
    this.pairs = new PairStats(c.pairWindow);
    this.window = new EffectivenessWindow(c.effectivenessWindow, c.effectivenessMinSamples);
    this.spectral = new SpectralEstimate(options.seed ?? 0);
    this.stable = new PromptSnapshot(options.dim);
    this.clock = options.clock ?? (() => performance.now());
    this.workspace = new ConsensusWorkspace(options.dim);
  }

  /** An engine for a resolved configuration. */
  static fromConfig(
    config: Pick<RapoConfig, "consensus" | "state">,
    extras: Pick<ConsensusEngineOptions, "clock" | "onWarning"> = {},
  ): ConsensusEngine {
    return new ConsensusEngine({
      consensus: config.consensus,
      dim: config.state.promptDim,
      seed: config.state.seed,
      ...extras,
    });
  }

  /** Records a handoff from → to with effectiveness in [0, 1] (feeds E_ij and N_i). */
  observeHandoff(fromId: string, toId: string, effectiveness: number): void {
    this.pairs.observe(fromId, toId, effectiveness);
  }

  /** Records a finished conversation's success in [0, 1] (feeds E). */
  observeConversation(success: number): void {
    this.window.push(success);
  }

  /** E over the rolling window, or null while too few conversations were seen. */
  effectiveness(): number | null {
    return this.window.value();
  }

  /** Forgets an agent that left for good (its pair statistics). */
  removeAgent(id: string): void {
    this.pairs.remove(id);
  }

  /**
   * Runs one consensus tick over `agents` (see the module comment). Mutates committed prompt
   * arrays in place. Throws InputError only for duplicate ids; bad vectors are reported.
   * `gradientLipschitz` is the observed Lipschitz constant L_Q of ∇Q w.r.t. P (0: unknown or none).
   */
  tick(agents: readonly ConsensusAgent[], gradQ?: GradientSource, gradientLipschitz = 0): ConsensusReport {
    const started = this.clock();
    const report = this.emptyReport(++this.tickCount);
    this.trackRows(agents);
    if (!this.options.consensus.enabled) return this.finish(report, started, { reason: "disabled" });
    if (this.shouldRollBackForEffectiveness(report.effectiveness)) {
      this.stable.restoreInto(agents);
      this.window.clear();
      this.hold = true;
      this.pendingCommit = false;
      return this.finishWithLyapunov(report, started, agents, { rolledBack: true, reason: "effectiveness" });
    }
    if (this.hold) {
      if (report.effectiveness === null)
        return this.finishWithLyapunov(report, started, agents, { reason: "hold" });
      this.hold = false;
    }
    const captured = this.stable.capture(agents, report.rejected);
    this.pendingCommit = false;
    const graph = this.graphFor(captured.excluded);
    report.skippedAgents = countIsolated(graph, captured.excluded);
    if (graph.edges === 0) return this.finish(report, started, { reason: "no_neighbours" });
    const c = this.options.consensus;
    report.consensusLipschitz = Math.max(
      this.spectral.update(graph, c.spectralIterations),
      this.observedLipschitz,
    );
    report.gradientLipschitz = gradQ && c.beta > 0 ? Math.max(0, gradientLipschitz) : 0;
    this.chooseSteps(report);
    this.workspace.prepare(graph, captured, c.maxStepRatio);
    const buffers = this.workspace.buffers;
    report.clippedGradients = loadGradients(
      agents,
      gradQ,
      buffers,
      report.betaUsed,
      c.gradientClip,
      report.rejected,
    );
    const negotiation = this.workspace.negotiate(graph, {
      alpha: report.alphaUsed,
      maxIterations: c.maxIterations,
      tolerance: c.tolerance,
      start: this.cursor,
      deadline: started + c.tickBudgetMs - this.postCostMs,
      clock: this.clock,
    });
    this.apply(negotiation, agents, report);
    const postStarted = this.clock();
    const done = this.finishWithLyapunov(report, started, agents, {}, graph);
    this.postCostMs = 0.8 * this.postCostMs + 0.2 * (this.clock() - postStarted);
    return done;
  }

  /** Snapshot of the learned state (E window, pair statistics, counters). */
  exportState(): ConsensusEngineState {
    return {
      tick: this.tickCount,
      effectiveness: this.window.exportState(),
      pairs: this.pairs.exportState(),
      cursor: this.cursor,
      observedLipschitz: this.observedLipschitz,
      warned: this.warned,
    };
  }

  /** Replaces the learned state; the next tick starts from the agents' current vectors. */
  importState(state: ConsensusEngineState): void {
    this.pairs.importState(state.pairs);
    this.window.importState(state.effectiveness);
    this.tickCount = state.tick;
    this.cursor = state.cursor;
    this.observedLipschitz = state.observedLipschitz;
    this.warned = state.warned;
    this.pendingCommit = false;
    this.hold = false;
    this.cache = null;
    this.stable.clear();
    this.spectral.reset();
  }

  private shouldRollBackForEffectiveness(effectiveness: number | null): boolean {
    const min = this.options.consensus.minEffectiveness;
    if (!this.pendingCommit || effectiveness === null || effectiveness >= min) return false;
    // only an update that *dropped* E below E_min is rolled back, not one made while E was low
    return this.effectivenessAtCommit === null || this.effectivenessAtCommit >= min;
  }

  /** α and β of this tick from the stability clamp over the whole update (see `stepSizes`). */
  private chooseSteps(report: ConsensusReport): void {
    const { alpha, beta, alphaSafety } = this.options.consensus;
    const steps = stepSizes(alpha, beta, report.consensusLipschitz, report.gradientLipschitz, alphaSafety);
    report.alphaUsed = steps.alpha;
    report.betaUsed = steps.beta;
    report.lipschitz = steps.lipschitz;
    if ((steps.alpha < alpha || steps.beta < beta) && !this.warned) {
      this.warned = true;
      // L with the configured steps: λ + β·L_Q/α
      const configured = report.consensusLipschitz + (beta * report.gradientLipschitz) / alpha;
      report.warning =
        `consensus.alpha = ${alpha} exceeds the stability bound 1/(2L) = ${(1 / (2 * configured)).toFixed(4)} ` +
        `(L ≈ ${configured.toFixed(4)}: consensus ${report.consensusLipschitz.toFixed(4)}, ` +
        `β∇Q term ${(configured - report.consensusLipschitz).toFixed(4)}); ` +
        `using α = ${steps.alpha.toFixed(4)}, β = ${steps.beta.toPrecision(3)}`;
      this.options.onWarning?.(report.warning);
    }
  }

  /** Writes a negotiation's outcome into the agents and the report. */
  private apply(negotiation: Negotiation, agents: readonly ConsensusAgent[], report: ConsensusReport): void {
    report.iterations = negotiation.iterations;
    report.converged = negotiation.outcome === "converged";
    if (negotiation.outcome !== "converged") report.reason = negotiation.outcome;
    report.rolledBack = negotiation.outcome === "not_converged";
    this.cursor = negotiation.nextStart;
    if (negotiation.contraction > 0) {
      // a decaying maximum: evidence of a stiff mode outlives the ticks that excited it
      const observed = Math.min(negotiation.contraction, LAPLACIAN_BOUND);
      this.observedLipschitz = Math.max(
        this.observedLipschitz * this.options.consensus.lipschitzDecay,
        observed,
      );
    }
    const plan = negotiation.commit;
    if (!plan) return; // not converged: the agents still hold P^t, the stable configuration
    const { dim, active } = this.workspace.buffers;
    const n = agents.length;
    for (let visited = 0; visited < plan.count; visited++) {
      const row = (plan.start + visited) % n;
      if (!active[row]) continue;
      agents[row]!.prompt.set(plan.from.subarray(row * dim, (row + 1) * dim));
      report.updatedAgents++;
    }
    report.clampedSteps = negotiation.clamped;
    this.pendingCommit = report.updatedAgents > 0;
    this.effectivenessAtCommit = report.effectiveness;
  }

  /** Remembers the rows of this tick; validates the ids and drops row-indexed caches when they changed. */
  private trackRows(agents: readonly ConsensusAgent[]): void {
    if (sameIds(this.rows.ids, agents)) return;
    checkUniqueIds(agents);
    const ids = agents.map((a) => a.id);
    this.rows = { ids, rowOf: new Map(ids.map((id, row) => [id, row])) };
    this.spectral.reset();
    this.cache = null; // rows changed meaning
  }

  /** The graph of this tick: cached while the rows stay, refreshed from new handoffs at most every `graphRefreshTicks`. */
  private graphFor(excluded: Uint8Array): ConsensusGraph {
    const anyExcluded = excluded.some((x) => x === 1);
    const cache = this.cache;
    const fresh =
      cache !== null &&
      (cache.version === this.pairs.version ||
        this.tickCount - cache.builtAt < this.options.consensus.graphRefreshTicks);
    if (cache && fresh && !anyExcluded) return cache.graph;
    const { maxNeighbours } = this.options.consensus;
    const graph = buildConsensusGraph(this.rows.ids, this.pairs, maxNeighbours, excluded, this.rows.rowOf);
    this.cache = anyExcluded ? null : { graph, version: this.pairs.version, builtAt: this.tickCount };
    return graph;
  }

  private emptyReport(tick: number): ConsensusReport {
    return {
      tick,
      iterations: 0,
      converged: false,
      rolledBack: false,
      lyapunov: 0,
      utilisationDrift: 0,
      lipschitz: 0,
      consensusLipschitz: 0,
      gradientLipschitz: 0,
      alphaUsed: this.options.consensus.alpha,
      betaUsed: this.options.consensus.beta,
      effectiveness: this.window.value(),
      durationMs: 0,
      updatedAgents: 0,
      skippedAgents: 0,
      rejected: [] as RejectedAgent[],
      clampedSteps: 0,
      clippedGradients: 0,
    };
  }

  private finish(report: ConsensusReport, started: number, patch: Partial<ConsensusReport>): ConsensusReport {
    Object.assign(report, patch);
    report.durationMs = this.clock() - started;
    return report;
  }

  private finishWithLyapunov(
    report: ConsensusReport,
    started: number,
    agents: readonly ConsensusAgent[],
    patch: Partial<ConsensusReport>,
    known?: ConsensusGraph,
  ): ConsensusReport {
    Object.assign(report, patch);
    const graph = known ?? this.graphFor(screenOnly(agents, this.options.dim));
    const value = lyapunov(
      graph,
      agents.map((a) => a.prompt),
      agents.map((a) => a.utilisation),
      this.options.dim,
    );
    report.lyapunov = value.value;
    report.utilisationDrift = value.utilisationDrift;
    return this.finish(report, started, {});
  }
}

function countIsolated(graph: ConsensusGraph, excluded: Uint8Array): number {
  let isolated = 0;
  for (let i = 0; i < graph.size; i++) if (graph.component[i]! < 0 && !excluded[i]) isolated++;
  return isolated;
}

/** Exclusion mask without side effects, for the Lyapunov value of a tick that did not iterate. */
function screenOnly(agents: readonly ConsensusAgent[], dim: number): Uint8Array {
  const excluded = new Uint8Array(agents.length);
  agents.forEach((agent, row) => {
    const p = agent.prompt;
    if (p.length !== dim) excluded[row] = 1;
    else for (let d = 0; d < dim; d++) if (!Number.isFinite(p[d]!)) excluded[row] = 1;
  });
  return excluded;
}
