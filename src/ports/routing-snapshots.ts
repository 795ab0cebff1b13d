/**
 * @module ports/routing-snapshots
 * The {@link RoutingSnapshots} port: the leader publishes the routing table (capability scores,
 * pools, anything routers read) as an opaque, versioned snapshot; fronts and workers poll for a
 * newer version and swap it in whole, so the turn path never reads a half-updated table.
 * Publication is a leader write, so it carries the fencing token (see `leader-election.ts`).
 */

/** One published routing table. */
export interface RoutingSnapshot {
  /** 1 for the first publication, +1 for each one after. */
  version: number;
  /** fencing token of the leader that published it. */
  token: number;
  publishedAt: number;
  payload: Uint8Array;
}

/** Versioned routing-table snapshots. */
export interface RoutingSnapshots {
  /** Publishes `payload`; the new version, or null when `token` is fenced off (a newer leader). */
  publish(token: number, payload: Uint8Array): Promise<number | null>;
  /** The latest snapshot, or null before the first publication. */
  latest(): Promise<RoutingSnapshot | null>;
  /** The latest snapshot when its version is above `version`, else null (cheap polling). */
  newerThan(version: number): Promise<RoutingSnapshot | null>;
}
