/**
 * @module ports/memory-routing-snapshots
 * {@link MemoryRoutingSnapshots}: in-memory twin of the Redis routing-table snapshots, fenced by
 * a {@link MemoryLeaderElection}'s tokens.
 */
import type { MemoryLeaderElection } from "./memory-leader-election.js";
import type { RoutingSnapshot, RoutingSnapshots } from "./routing-snapshots.js";

/** In-memory {@link RoutingSnapshots}. */
export class MemoryRoutingSnapshots implements RoutingSnapshots {
  private snapshot: RoutingSnapshot | null = null;

  constructor(private readonly election: MemoryLeaderElection) {}

  /** @inheritDoc */
  async publish(token: number, payload: Uint8Array): Promise<number | null> {
    if (token < this.election.latestToken()) return null;
    const version = (this.snapshot?.version ?? 0) + 1;
    this.snapshot = { version, token, publishedAt: Date.now(), payload: new Uint8Array(payload) };
    return version;
  }

  /** @inheritDoc */
  async latest(): Promise<RoutingSnapshot | null> {
    return this.snapshot === null
      ? null
      : { ...this.snapshot, payload: new Uint8Array(this.snapshot.payload) };
  }

  /** @inheritDoc */
  async newerThan(version: number): Promise<RoutingSnapshot | null> {
    return this.snapshot !== null && this.snapshot.version > version ? this.latest() : null;
  }
}
