/**
 * @module ports/memory-load-tracker
 * {@link MemoryLoadTracker}: in-memory twin of the Redis load tracker.
 */
import type { LoadTracker } from "./load-tracker.js";

/** In-memory {@link LoadTracker}. */
export class MemoryLoadTracker implements LoadTracker {
  private readonly totals = new Map<string, number>();
  /** `holder` → agentId → count. */
  private readonly holders = new Map<string, Map<string, number>>();

  /** @inheritDoc */
  async acquire(agentId: string, holder: string): Promise<number> {
    const mine = this.holders.get(holder) ?? new Map<string, number>();
    mine.set(agentId, (mine.get(agentId) ?? 0) + 1);
    this.holders.set(holder, mine);
    const total = (this.totals.get(agentId) ?? 0) + 1;
    this.totals.set(agentId, total);
    return total;
  }

  /** @inheritDoc */
  async release(agentId: string, holder: string): Promise<number> {
    const mine = this.holders.get(holder);
    const held = mine?.get(agentId) ?? 0;
    if (held > 0) {
      mine!.set(agentId, held - 1);
      this.totals.set(agentId, (this.totals.get(agentId) ?? 1) - 1);
    }
    return this.totals.get(agentId) ?? 0;
  }

  /** @inheritDoc */
  async snapshot(): Promise<Map<string, number>> {
    return new Map([...this.totals].filter(([, n]) => n > 0));
  }

  /** @inheritDoc */
  async dropHolder(holder: string): Promise<number> {
    let dropped = 0;
    for (const [agentId, n] of this.holders.get(holder) ?? []) {
      dropped += n;
      this.totals.set(agentId, (this.totals.get(agentId) ?? n) - n);
    }
    this.holders.delete(holder);
    return dropped;
  }
}
