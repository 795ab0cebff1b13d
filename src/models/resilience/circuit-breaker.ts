/**
 * @module models/resilience/circuit-breaker
 * A circuit breaker per agent: stops routing to an agent whose provider keeps failing and
 * probes it back after a cool-down.
 *
 * closed ──(N consecutive failures, or failure rate ≥ r over the last W calls)──▶ open
 * open ──(cool-down elapsed; checked lazily on canRoute/state)──▶ half-open
 * half-open: one probe call at a time ──success──▶ closed, ──failure──▶ open (cool-down restarts)
 *
 * `canRoute` is O(1) and allocation-free so routing can call it for every candidate.
 */

/** The breaker state of one agent. */
export type BreakerState = "closed" | "open" | "half-open";

/** Thresholds (the shape of `RapoConfig["resilience"]["breaker"]`). */
export interface BreakerPolicy {
  /** consecutive failures that open the breaker. */
  failureThreshold: number;
  /** failure rate over the window that opens the breaker. */
  failureRate: number;
  /** calls in the sliding failure-rate window. */
  window: number;
  /** calls seen in the window before the rate is judged. */
  minCalls: number;
  /** wait before a probe is let through, in ms. */
  cooldownMs: number;
}

/** A state change, as passed to `onStateChange`. */
export interface BreakerTransition {
  agentId: string;
  from: BreakerState;
  to: BreakerState;
  /** why: "consecutive_failures", "failure_rate", "cooldown_elapsed", "probe_succeeded", "probe_failed", "reset". */
  reason: string;
  at: number;
}

/** Options of {@link CircuitBreaker}. */
export interface CircuitBreakerOptions {
  /** clock in ms; injectable for tests. */
  now?: () => number;
  onStateChange?: (transition: BreakerTransition) => void;
}

const CLOSED = 0;
const OPEN = 1;
const HALF_OPEN = 2;
const NAMES: readonly BreakerState[] = ["closed", "open", "half-open"];

interface Entry {
  state: number;
  consecutive: number;
  /** 1 = failure, ring buffer over the last `window` calls. */
  outcomes: Uint8Array;
  next: number;
  count: number;
  failures: number;
  openedAt: number;
  /** start time of the half-open probe in flight, or -1. */
  probeStartedAt: number;
}

/** Per-agent circuit breakers sharing one policy. */
export class CircuitBreaker {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;
  private readonly onStateChange: ((transition: BreakerTransition) => void) | undefined;
  private notClosed = 0;

  constructor(
    private readonly policy: BreakerPolicy,
    options: CircuitBreakerOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.onStateChange = options.onStateChange;
  }

  /** Number of agents whose breaker is open or half-open (0 lets routing skip the checks). */
  get trippedCount(): number {
    return this.notClosed;
  }

  /**
   * Whether a turn may be routed to `agentId` now: always when closed; when open, only once the
   * cool-down has elapsed (the breaker then turns half-open); when half-open, only while no probe
   * is in flight. A probe that never reports back is forgotten after another cool-down.
   */
  canRoute(agentId: string): boolean {
    const entry = this.entries.get(agentId);
    if (entry === undefined || entry.state === CLOSED) return true;
    const now = this.now();
    if (entry.state === OPEN) {
      if (now - entry.openedAt < this.policy.cooldownMs) return false;
      this.transition(agentId, entry, HALF_OPEN, "cooldown_elapsed");
    }
    return entry.probeStartedAt < 0 || now - entry.probeStartedAt >= this.policy.cooldownMs;
  }

  /** The state of `agentId` (an unknown agent is closed). */
  state(agentId: string): BreakerState {
    const entry = this.entries.get(agentId);
    if (entry === undefined) return "closed";
    if (entry.state === OPEN && this.now() - entry.openedAt >= this.policy.cooldownMs) {
      this.transition(agentId, entry, HALF_OPEN, "cooldown_elapsed");
    }
    return NAMES[entry.state]!;
  }

  /** Marks a call to `agentId` as started; in half-open it takes the single probe slot. */
  beginCall(agentId: string): void {
    const entry = this.entries.get(agentId);
    if (entry?.state === HALF_OPEN) entry.probeStartedAt = this.now();
  }

  /** Releases a probe slot without an outcome (the caller gave up; says nothing about the agent). */
  cancelCall(agentId: string): void {
    const entry = this.entries.get(agentId);
    if (entry !== undefined) entry.probeStartedAt = -1;
  }

  /** Records a successful call: closes a half-open breaker. */
  recordSuccess(agentId: string): void {
    const entry = this.entries.get(agentId);
    if (entry === undefined) return;
    if (entry.state === HALF_OPEN) {
      this.clearWindow(entry);
      this.transition(agentId, entry, CLOSED, "probe_succeeded");
      return;
    }
    // a late success of a call started before the breaker opened proves little: stay open
    if (entry.state === OPEN) return;
    entry.consecutive = 0;
    this.push(entry, 0);
  }

  /** Records a failed call: may open the breaker. */
  recordFailure(agentId: string): void {
    const entry = this.entryFor(agentId);
    if (entry.state === HALF_OPEN) {
      this.open(agentId, entry, "probe_failed");
      return;
    }
    if (entry.state === OPEN) return;
    entry.consecutive++;
    this.push(entry, 1);
    if (entry.consecutive >= this.policy.failureThreshold) this.open(agentId, entry, "consecutive_failures");
    else if (entry.count >= this.policy.minCalls && entry.failures / entry.count >= this.policy.failureRate) {
      this.open(agentId, entry, "failure_rate");
    }
  }

  /** Closes the breaker of `agentId`, or of every agent, and forgets their history. */
  reset(agentId?: string): void {
    const ids = agentId === undefined ? [...this.entries.keys()] : [agentId];
    for (const id of ids) {
      const entry = this.entries.get(id);
      if (entry === undefined) continue;
      this.clearWindow(entry);
      if (entry.state !== CLOSED) this.transition(id, entry, CLOSED, "reset");
    }
  }

  private entryFor(agentId: string): Entry {
    let entry = this.entries.get(agentId);
    if (entry === undefined) {
      entry = {
        state: CLOSED,
        consecutive: 0,
        outcomes: new Uint8Array(this.policy.window),
        next: 0,
        count: 0,
        failures: 0,
        openedAt: 0,
        probeStartedAt: -1,
      };
      this.entries.set(agentId, entry);
    }
    return entry;
  }

  private push(entry: Entry, failed: 0 | 1): void {
    const size = entry.outcomes.length;
    if (entry.count === size) entry.failures -= entry.outcomes[entry.next]!;
    else entry.count++;
    entry.outcomes[entry.next] = failed;
    entry.failures += failed;
    entry.next = (entry.next + 1) % size;
  }

  private clearWindow(entry: Entry): void {
    entry.outcomes.fill(0);
    entry.next = 0;
    entry.count = 0;
    entry.failures = 0;
    entry.consecutive = 0;
  }

  private open(agentId: string, entry: Entry, reason: string): void {
    entry.openedAt = this.now();
    this.transition(agentId, entry, OPEN, reason);
  }

  private transition(agentId: string, entry: Entry, to: number, reason: string): void {
    const from = entry.state;
    entry.state = to;
    entry.probeStartedAt = -1;
    if (from === CLOSED && to !== CLOSED) this.notClosed++;
    else if (from !== CLOSED && to === CLOSED) this.notClosed--;
    this.onStateChange?.({ agentId, from: NAMES[from]!, to: NAMES[to]!, reason, at: this.now() });
  }
}
