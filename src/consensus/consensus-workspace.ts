/**
 * @module consensus/consensus-workspace
 * The numeric part of a consensus tick: flat buffers for P^t and two iterates, and the bounded
 * negotiation (Picard iterations of consensus-iteration) that decides what a tick may commit.
 * Pure computation on buffers — the engine owns policy, state and the agents' arrays.
 */
import type { ConsensusGraph } from "./consensus-graph.js";
import { type IterationBuffers, type SweepResult, sweep } from "./consensus-iteration.js";
import type { CaptureResult } from "./prompt-snapshot.js";

/** Limits of one negotiation. */
export interface NegotiationLimits {
  alpha: number;
  maxIterations: number;
  tolerance: number;
  /** first row of the first sweep (resumes a budget-truncated sweep). */
  start: number;
  deadline: number;
  clock: () => number;
}

/** Rows of an iterate to write back into the agents. */
export interface CommitPlan {
  from: Float32Array;
  start: number;
  count: number;
}

/** What a negotiation decided. */
export interface Negotiation {
  /** complete iterations. */
  iterations: number;
  outcome: "converged" | "budget" | "not_converged";
  /** rows to commit (null when nothing may be committed). */
  commit: CommitPlan | null;
  /** steps scaled down by the step clamp in the committed iterate. */
  clamped: number;
  /** where the next tick's first sweep starts. */
  nextStart: number;
  /** largest ratio ‖ΔP^{(k)}‖_π / (α‖ΔP^{(k−1)}‖_π) seen: a lower bound on L (0 if none). */
  contraction: number;
}

/** Reusable buffers of the consensus ticks, grown on demand. */
export class ConsensusWorkspace {
  readonly dim: number;
  buffers: IterationBuffers;
  private ping = new Float32Array(0);
  private pong = new Float32Array(0);

  constructor(dim: number) {
    this.dim = dim;
    this.buffers = allocate(0, dim);
  }

  /** Loads P^t and the per-row data of a tick; rows that do not move read as P^t everywhere. */
  prepare(graph: ConsensusGraph, captured: CaptureResult, maxStepRatio: number): void {
    const { dim } = this;
    const n = graph.size;
    if (this.buffers.active.length < n) this.buffers = allocate(n, dim);
    if (this.ping.length < n * dim) {
      this.ping = new Float32Array(n * dim);
      this.pong = new Float32Array(n * dim);
    }
    const b = this.buffers;
    b.base = captured.data;
    let degreeSum = 0;
    for (let i = 0; i < n; i++) degreeSum += graph.degree[i]!;
    for (let i = 0; i < n; i++) {
      const norm = captured.norms[i]!;
      b.baseNorm[i] = norm;
      b.maxStep[i] = maxStepRatio * norm;
      b.active[i] = graph.component[i]! >= 0 && !captured.excluded[i] ? 1 : 0;
      b.stationary[i] = degreeSum > 0 ? graph.degree[i]! / degreeSum : 0;
    }
  }

  /**
   * Iterates until the largest relative change drops below the tolerance (commit that iterate),
   * the budget runs out (commit the last complete iterate, or the rows a cut-short first sweep
   * reached) or `maxIterations` pass (commit nothing: the caller reverts). Call after
   * {@link prepare} and after the gradients are loaded (inactive rows are frozen at P^t here).
   */
  negotiate(graph: ConsensusGraph, limits: NegotiationLimits): Negotiation {
    this.freezeInactiveRows(graph.size);
    const n = graph.size;
    const result: Negotiation = {
      iterations: 0,
      outcome: "not_converged",
      commit: null,
      clamped: 0,
      nextStart: limits.start % n,
      contraction: 0,
    };
    let src = this.buffers.base;
    let previous: SweepResult | null = null;
    for (let k = 0; k < limits.maxIterations; k++) {
      const target = k % 2 === 0 ? this.ping : this.pong;
      const start = k === 0 ? limits.start % n : 0;
      const sweepResult = sweep(
        graph,
        this.buffers,
        limits.alpha,
        src,
        target,
        start,
        limits.deadline,
        limits.clock,
      );
      if (!sweepResult.complete) {
        result.outcome = "budget";
        if (previous) {
          result.commit = { from: src, start: 0, count: n };
          result.clamped = previous.clamped;
        } else {
          result.commit = { from: target, start, count: sweepResult.rowsDone };
          result.clamped = sweepResult.clamped;
          result.nextStart = (start + sweepResult.rowsDone) % n;
        }
        return result;
      }
      result.iterations++;
      if (previous)
        result.contraction = Math.max(result.contraction, ratio(sweepResult, previous, limits.alpha));
      if (sweepResult.maxRelativeChange < limits.tolerance) {
        result.outcome = "converged";
        result.commit = { from: target, start: 0, count: n };
        result.clamped = sweepResult.clamped;
        return result;
      }
      previous = sweepResult;
      src = target;
    }
    return result;
  }

  private freezeInactiveRows(n: number): void {
    const { dim, active, base } = this.buffers;
    for (let i = 0; i < n; i++) {
      if (active[i]) continue;
      const row = base.subarray(i * dim, (i + 1) * dim);
      this.ping.set(row, i * dim);
      this.pong.set(row, i * dim);
    }
  }
}

function ratio(current: SweepResult, previous: SweepResult, alpha: number): number {
  if (!(previous.weightedChange > 0) || !(alpha > 0)) return 0;
  const r = Math.sqrt(current.weightedChange / previous.weightedChange) / alpha;
  return Number.isFinite(r) ? r : 0;
}

function allocate(n: number, dim: number): IterationBuffers {
  return {
    dim,
    base: new Float32Array(0),
    forcing: new Float32Array(n * dim),
    hasForcing: new Uint8Array(n),
    active: new Uint8Array(n),
    maxStep: new Float64Array(n),
    baseNorm: new Float64Array(n),
    stationary: new Float64Array(n),
    acc: new Float64Array(dim),
  };
}
