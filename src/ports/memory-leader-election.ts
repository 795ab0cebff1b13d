/**
 * @module ports/memory-leader-election
 * {@link MemoryLeaderElection}: the in-memory twin of the Redis election (same lease, token and
 * fencing rules; passes the same conformance suite). `now` is its clock.
 */
import type { LeaderElection, Lease } from "./leader-election.js";

/** In-memory {@link LeaderElection}. */
export class MemoryLeaderElection implements LeaderElection {
  private lease: { holder: string; token: number; until: number } | null = null;
  private issued = 0;
  private readonly values = new Map<string, Uint8Array>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The latest token issued (fencing reference; also used by the routing-snapshot twin). */
  latestToken(): number {
    return this.issued;
  }

  /** @inheritDoc */
  async tryAcquire(holder: string, leaseMs: number): Promise<Lease | null> {
    const now = this.now();
    const live = this.lease !== null && this.lease.until > now ? this.lease : null;
    if (live !== null && live.holder !== holder) return null;
    const token = live?.token ?? ++this.issued;
    this.lease = { holder, token, until: now + leaseMs };
    return { holder, token, expiresAt: now + leaseMs };
  }

  /** @inheritDoc */
  async renew(lease: Lease, leaseMs: number): Promise<Lease | null> {
    const now = this.now();
    const held = this.lease;
    if (held === null || held.until <= now || held.holder !== lease.holder || held.token !== lease.token)
      return null;
    held.until = now + leaseMs;
    return { ...lease, expiresAt: held.until };
  }

  /** @inheritDoc */
  async resign(lease: Lease): Promise<void> {
    if (this.lease?.holder === lease.holder && this.lease.token === lease.token) this.lease = null;
  }

  /** @inheritDoc */
  async current(): Promise<{ holder: string; token: number } | null> {
    const held = this.lease;
    return held !== null && held.until > this.now() ? { holder: held.holder, token: held.token } : null;
  }

  /** @inheritDoc */
  async fencedWrite(token: number, name: string, value: Uint8Array): Promise<boolean> {
    if (token < this.issued) return false;
    this.values.set(name, new Uint8Array(value));
    return true;
  }

  /** @inheritDoc */
  async read(name: string): Promise<Uint8Array | null> {
    const found = this.values.get(name);
    return found === undefined ? null : new Uint8Array(found);
  }

  /** @inheritDoc */
  async close(): Promise<void> {}
}
