/**
 * @module eval/runner/run-clock
 * Simulated time of an evaluation run. Conversations play in rounds: every turn of a round
 * arrives at the round's start; inside a turn, time moves on by the simulated latency of each
 * call made for it (so a failover call arrives when the failed call gave up); the next round
 * starts when the slowest turn of this one is answered. Nothing reads wall time, so the numbers
 * of a seed are identical however busy the CPU is.
 *
 * The clock is what the simulated models book their slots and rate-limit windows against, and
 * what the orchestrator reads for its active-conversation TTLs, control-loop ticks and breaker
 * cooldowns (`OrchestratorOptions.clock`).
 */
import type { SimClock } from "../../models/simulated/scheduler.js";

/** A {@link SimClock} whose time is the current turn's (`turnNow`) inside a turn, else the round's. */
export class RunClock implements SimClock {
  private roundStart = 0;
  private latest = 0;

  /** @param turnNow simulated time of the turn being served, when inside one. */
  constructor(private readonly turnNow: () => number | undefined) {}

  /** Current simulated ms. */
  now(): number {
    return this.turnNow() ?? this.roundStart;
  }

  /** Records a completion (the models call this when a call's simulated work is done). */
  observe(t: number): void {
    if (t > this.latest) this.latest = t;
  }

  /** Start time of the current round. */
  get round(): number {
    return this.roundStart;
  }

  /** Latest completion observed (an abandoned call may end after its turn moved on). */
  get latestCompletion(): number {
    return this.latest;
  }

  /** Starts the next round at `end` (when the round's slowest turn was answered). */
  nextRound(end: number): void {
    this.roundStart = Math.max(this.roundStart, end);
  }
}
