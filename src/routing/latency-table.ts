/**
 * @module routing/latency-table
 * Issue 10: what the deadline load model knows about each agent, as structure-of-arrays over
 * agents — calls in flight against the declared capacity, and MEASURED latency: an EWMA (mean and
 * variance) of the service time of calls that found a free slot, an EWMA of the queue wait per
 * queued position of calls that did not, and a back-off deadline after a rate limit. Written
 * when calls start and end (O(1), no allocation); relaxed toward the prior by the control loop
 * when no call ends, so the indicators decay once traffic stops.
 */

/** Per-agent latency and queue state; times in the orchestrator's clock (ms). */
export class LatencyTable {
  /** concurrent calls an agent serves before the next one queues. */
  readonly capacity: Float64Array;
  /** calls in flight. */
  readonly inflight: Float64Array;
  /** EWMA of the service time of calls that started within capacity. */
  readonly serviceMs: Float64Array;
  /** EWMA of the squared deviation of those service times. */
  readonly serviceVar: Float64Array;
  /** EWMA of the queue wait per queued position (wait − service of calls started over capacity). */
  readonly slotWaitMs: Float64Array;
  /** service time assumed before the first measurement, and relaxed toward when idle. */
  readonly priorMs: Float64Array;
  /** weight of the evidence behind serviceMs and slotWaitMs (samples, decayed when idle). */
  readonly serviceSamples: Float64Array;
  readonly waitSamples: Float64Array;
  /** clock time of the last sample or relaxation. */
  readonly updatedAt: Float64Array;
  /** routing sends the agent nothing before this clock time (rate-limit back-off). */
  readonly blockedUntil: Float64Array;
  /** calls abandoned at their timeout that the provider is still presumed to work on... */
  readonly abandoned: Float64Array;
  /** ...until this clock time (all of them at once: a bound, O(1)). */
  readonly abandonedUntil: Float64Array;

  /** A table of `agents` unconfigured agents: capacity 1, no latency forecast (zero) until configured. */
  constructor(readonly agents: number) {
    this.capacity = new Float64Array(agents).fill(1);
    this.inflight = new Float64Array(agents);
    this.serviceMs = new Float64Array(agents);
    this.serviceVar = new Float64Array(agents);
    this.slotWaitMs = new Float64Array(agents);
    this.priorMs = new Float64Array(agents);
    this.serviceSamples = new Float64Array(agents);
    this.waitSamples = new Float64Array(agents);
    this.updatedAt = new Float64Array(agents);
    this.blockedUntil = new Float64Array(agents).fill(Number.NEGATIVE_INFINITY);
    this.abandoned = new Float64Array(agents);
    this.abandonedUntil = new Float64Array(agents).fill(Number.NEGATIVE_INFINITY);
  }

  /**
   * A call was abandoned at its timeout at clock time `now`: the provider still works on it, so
   * it occupies a slot for one more measured service time (the forecast counts it until then).
   */
  abandon(agent: number, now: number): void {
    if (now >= this.abandonedUntil[agent]!) this.abandoned[agent] = 0;
    this.abandoned[agent]!++;
    this.abandonedUntil[agent] = Math.max(this.abandonedUntil[agent]!, now + this.serviceMs[agent]!);
  }

  /** Abandoned calls presumed still running at clock time `now`. */
  abandonedAt(agent: number, now: number): number {
    return now < this.abandonedUntil[agent]! ? this.abandoned[agent]! : 0;
  }

  /**
   * Declares an agent's capacity and latency prior: service time `priorMs` until measured, queue
   * wait one service time spread over the slots.
   */
  configure(agent: number, capacity: number, priorMs: number): void {
    this.capacity[agent] = capacity;
    this.priorMs[agent] = priorMs;
    this.serviceMs[agent] = priorMs;
    this.serviceVar[agent] = 0;
    this.slotWaitMs[agent] = priorMs / capacity;
    this.serviceSamples[agent] = 0;
    this.waitSamples[agent] = 0;
  }

  /** A call starts; returns its position (calls in flight including it; > capacity = queued). */
  begin(agent: number): number {
    return ++this.inflight[agent]!;
  }

  /** A call ends (answered or failed). */
  end(agent: number): void {
    this.inflight[agent] = Math.max(0, this.inflight[agent]! - 1);
  }

  /**
   * Folds one measured call latency in: a call that started within capacity (`position` ≤
   * capacity) is a service-time sample; one that queued measures the wait per queued position.
   * The weight of a sample is max(smoothing, 1/(n + 1)) after n samples (a bias-corrected EWMA:
   * the first measurement replaces the prior). Until a queued call is measured, the wait per
   * queued position is one service time spread over the slots.
   */
  observe(agent: number, latencyMs: number, position: number, now: number, smoothing: number): void {
    const capacity = this.capacity[agent]!;
    const queued = position - capacity;
    if (queued <= 0) {
      const n = this.serviceSamples[agent]!;
      const weight = Math.max(smoothing, 1 / (n + 1));
      const deviation = latencyMs - this.serviceMs[agent]!;
      this.serviceMs[agent]! += weight * deviation;
      this.serviceVar[agent] = (1 - weight) * (this.serviceVar[agent]! + weight * deviation * deviation);
      this.serviceSamples[agent] = n + 1;
      if (this.waitSamples[agent] === 0) this.slotWaitMs[agent] = this.serviceMs[agent]! / capacity;
    } else {
      const n = this.waitSamples[agent]!;
      const weight = Math.max(smoothing, 1 / (n + 1));
      const perSlot = Math.max(0, latencyMs - this.serviceMs[agent]!) / queued;
      this.slotWaitMs[agent]! += weight * (perSlot - this.slotWaitMs[agent]!);
      this.waitSamples[agent] = n + 1;
    }
    this.updatedAt[agent] = now;
  }

  /** Holds routing back from `agent` until `until` (never shortens a running back-off). */
  block(agent: number, until: number): void {
    if (until > this.blockedUntil[agent]!) this.blockedUntil[agent] = until;
  }

  /**
   * Relaxes the measured latency toward the prior by ½^(quiet / halfLife), where `quiet` is the
   * time since the last sample or relaxation: a busy agent's samples dominate, an idle one's
   * forecast returns to the prior.
   */
  relax(agent: number, now: number, halfLifeMs: number): void {
    const quiet = now - this.updatedAt[agent]!;
    if (!(quiet > 0)) return;
    const keep = 0.5 ** (quiet / halfLifeMs);
    const prior = this.priorMs[agent]!;
    this.serviceMs[agent] = prior + (this.serviceMs[agent]! - prior) * keep;
    this.serviceVar[agent]! *= keep;
    this.serviceSamples[agent]! *= keep;
    this.waitSamples[agent]! *= keep;
    const slotPrior = this.serviceMs[agent]! / this.capacity[agent]!;
    this.slotWaitMs[agent] = slotPrior + (this.slotWaitMs[agent]! - slotPrior) * keep;
    this.updatedAt[agent] = now;
  }
}
