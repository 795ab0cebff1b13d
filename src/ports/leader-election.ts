/**
 * @module ports/leader-election
 * The {@link LeaderElection} port: exactly one process runs the control loop (capability updates,
 * consensus, learning, checkpoints, routing-table publication). It holds a lease that expires
 * unless renewed, and each acquisition issues a strictly larger **fencing token**. Every write of
 * leader-owned state carries the token and the backend refuses it when a larger token has been
 * issued since — so a leader that was paused (GC, SIGSTOP) past its lease cannot overwrite the
 * state of its successor when it wakes up. {@link MemoryLeaderElection} is the in-memory twin;
 * `distributed/redis-leader-election.ts` checks the token in a Lua script on Redis.
 */

/** A held lease. */
export interface Lease {
  holder: string;
  /** fencing token: larger for every new acquisition, unchanged by renewals. */
  token: number;
  /** local time (ms epoch) until which the holder may act as leader, unless renewed. */
  expiresAt: number;
}

/** Leader election plus the fenced leader-owned state. */
export interface LeaderElection {
  /**
   * Takes the lease for `holder` when it is free or expired, or renews it when `holder` already
   * holds it (same token). Null when another holder has it.
   */
  tryAcquire(holder: string, leaseMs: number): Promise<Lease | null>;
  /** Extends a held lease; null when it was lost (expired and taken, or resigned). */
  renew(lease: Lease, leaseMs: number): Promise<Lease | null>;
  /** Gives the lease up (only if still held with this token). */
  resign(lease: Lease): Promise<void>;
  /** The current holder and token, or null when nobody holds a live lease. */
  current(): Promise<{ holder: string; token: number } | null>;
  /**
   * Writes leader-owned value `name` if `token` is the latest issued; false (nothing written)
   * when a newer leader exists. This is the fencing check.
   */
  fencedWrite(token: number, name: string, value: Uint8Array): Promise<boolean>;
  /** Reads a leader-owned value (anyone may read). */
  read(name: string): Promise<Uint8Array | null>;
  /** Releases resources; idempotent. */
  close(): Promise<void>;
}
