/**
 * @module consensus/pair-stats
 * Handoff statistics per agent pair (SPEC §4): E_ij, the effectiveness of handoffs between i and
 * j over a rolling window, and the communication count that picks the sparse neighbourhoods N_i.
 *
 * A pair is unordered: a handoff i → j and one j → i are both communication between i and j,
 * and keeping the coupling symmetric is what makes the consensus chain reversible (see
 * consensus-graph). E_ij is the mean of the pair's last `window` handoffs, kept as a running mean
 * that turns into an exponential average with weight 1/window once the window is full — O(1)
 * memory per pair instead of a ring of samples.
 */
import { InputError } from "../errors.js";

/** Statistics of one unordered pair. */
export interface PairStat {
  /** handoffs observed between the two agents (communication frequency). */
  count: number;
  /** rolling mean of handoff effectiveness, in [0, 1]. */
  effectiveness: number;
}

/** The serialisable form of {@link PairStats}, pairs sorted by (a, b) with a < b. */
export interface PairStatsState {
  a: string[];
  b: string[];
  count: Float64Array;
  effectiveness: Float64Array;
}

/** Per-pair E_ij and counts, indexed by agent for neighbourhood selection. */
export class PairStats {
  readonly window: number;
  /** bumped on every change, so cached graphs know when to rebuild. */
  version = 0;
  private readonly partnersOf = new Map<string, Map<string, PairStat>>();

  constructor(window: number) {
    if (!Number.isInteger(window) || window <= 0) {
      throw new InputError("invalid_window", `pair window must be a positive integer, got ${window}`);
    }
    this.window = window;
  }

  /** Records one handoff between `from` and `to` with effectiveness in [0, 1]. */
  observe(from: string, to: string, effectiveness: number): void {
    if (!(effectiveness >= 0 && effectiveness <= 1)) {
      throw new InputError(
        "invalid_effectiveness",
        `handoff effectiveness must be in [0, 1], got ${effectiveness}`,
        {
          from,
          to,
          effectiveness,
        },
      );
    }
    if (from === to) {
      throw new InputError("invalid_handoff", `a handoff needs two different agents, got '${from}' twice`, {
        from,
      });
    }
    const stat = this.ensure(from, to);
    stat.count += 1;
    stat.effectiveness += (effectiveness - stat.effectiveness) / Math.min(stat.count, this.window);
    this.version++;
  }

  /** The pair's statistics, or undefined when the two never communicated. */
  get(a: string, b: string): PairStat | undefined {
    return this.partnersOf.get(a)?.get(b);
  }

  /** Every agent `id` communicated with, and the shared statistics. */
  partners(id: string): ReadonlyMap<string, PairStat> | undefined {
    return this.partnersOf.get(id);
  }

  /** Forgets an agent that left for good (its pairs too). */
  remove(id: string): void {
    const partners = this.partnersOf.get(id);
    if (!partners) return;
    for (const other of partners.keys()) this.partnersOf.get(other)?.delete(id);
    this.partnersOf.delete(id);
    this.version++;
  }

  /** Number of pairs. */
  get size(): number {
    let links = 0;
    for (const partners of this.partnersOf.values()) links += partners.size;
    return links / 2;
  }

  /** Canonical snapshot (sorted), for checkpoints. */
  exportState(): PairStatsState {
    const pairs: [string, string, PairStat][] = [];
    for (const [a, partners] of this.partnersOf) {
      for (const [b, stat] of partners) if (a < b) pairs.push([a, b, stat]);
    }
    pairs.sort((x, y) => compare(x[0], y[0]) || compare(x[1], y[1]));
    return {
      a: pairs.map((p) => p[0]),
      b: pairs.map((p) => p[1]),
      count: Float64Array.from(pairs, (p) => p[2].count),
      effectiveness: Float64Array.from(pairs, (p) => p[2].effectiveness),
    };
  }

  /** Replaces every pair with a snapshot. Throws InputError on an inconsistent snapshot. */
  importState(state: PairStatsState): void {
    const n = state.a.length;
    if (state.b.length !== n || state.count.length !== n || state.effectiveness.length !== n) {
      throw new InputError("invalid_state", "pair statistics arrays have different lengths");
    }
    this.partnersOf.clear();
    for (let i = 0; i < n; i++) {
      const a = state.a[i]!;
      const b = state.b[i]!;
      const count = state.count[i]!;
      const effectiveness = state.effectiveness[i]!;
      if (a === b || !(count >= 0) || !(effectiveness >= 0 && effectiveness <= 1)) {
        throw new InputError("invalid_state", `invalid pair statistics for '${a}'–'${b}'`);
      }
      const stat = this.ensure(a, b);
      stat.count = count;
      stat.effectiveness = effectiveness;
    }
    this.version++;
  }

  private ensure(a: string, b: string): PairStat {
    const existing = this.partnersOf.get(a)?.get(b);
    if (existing) return existing;
    const stat: PairStat = { count: 0, effectiveness: 0 };
    this.link(a, b, stat);
    this.link(b, a, stat);
    return stat;
  }

  private link(a: string, b: string, stat: PairStat): void {
    let partners = this.partnersOf.get(a);
    if (!partners) {
      partners = new Map();
      this.partnersOf.set(a, partners);
    }
    partners.set(b, stat);
  }
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
