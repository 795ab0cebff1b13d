/**
 * @module distributed/leader-elector
 * {@link LeaderElector}: the loop that keeps a process's candidacy alive on any
 * {@link LeaderElection}: it tries to acquire the lease every `leaseMs / 3`, renews it while held,
 * and reports gaining and losing leadership. A leader that cannot renew before its lease ends
 * steps down on its own; fencing (in the election backend) covers the case where it cannot even
 * notice (a paused process).
 */
import type { LeaderElection, Lease } from "../ports/leader-election.js";

/** Callbacks of {@link LeaderElector}. */
export interface LeaderElectorEvents {
  onElected?: (lease: Lease) => void;
  onDemoted?: (lease: Lease) => void;
  /** a failed election call (Redis down); the loop keeps trying. */
  onError?: (error: unknown) => void;
}

/** Runs one process's candidacy. */
export class LeaderElector {
  private lease: Lease | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;

  constructor(
    private readonly election: LeaderElection,
    readonly holder: string,
    private readonly leaseMs: number,
    private readonly events: LeaderElectorEvents = {},
  ) {}

  /** The held lease while this process is the leader (and its lease has not run out locally). */
  get current(): Lease | null {
    return this.lease !== null && this.lease.expiresAt > Date.now() ? this.lease : null;
  }

  /** Starts campaigning; the first attempt runs at once. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.tick();
  }

  /** Stops campaigning and resigns a held lease. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    const held = this.lease;
    this.lease = null;
    if (held !== null) {
      await this.election.resign(held).catch((e: unknown) => this.events.onError?.(e));
      this.events.onDemoted?.(held);
    }
  }

  private async tick(): Promise<void> {
    try {
      const held = this.lease;
      if (held !== null && held.expiresAt <= Date.now()) this.demote(held);
      const next =
        this.lease !== null
          ? await this.election.renew(this.lease, this.leaseMs)
          : await this.election.tryAcquire(this.holder, this.leaseMs);
      if (this.stopped) return;
      if (next === null && this.lease !== null) this.demote(this.lease);
      else if (next !== null && this.lease === null) {
        this.lease = next;
        this.events.onElected?.(next);
      } else if (next !== null) this.lease = next;
    } catch (error) {
      this.events.onError?.(error);
    } finally {
      if (!this.stopped) this.timer = setTimeout(() => void this.tick(), Math.max(10, this.leaseMs / 3));
    }
  }

  private demote(lease: Lease): void {
    this.lease = null;
    this.events.onDemoted?.(lease);
  }
}
