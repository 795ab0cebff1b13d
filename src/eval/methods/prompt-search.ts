/**
 * @module eval/methods/prompt-search
 * The prompt optimisers of the baselines, over sets of prompt components of the default bank
 * (the same components rapo renders from P_i, so every method shapes the simulated model through
 * the same directives). Both are deterministic and learn only from the outcomes given to them.
 *
 * - {@link BranchBandit} (AMPO-style): a fixed set of branches (candidate component sets); each
 *   branch is tried, then the branch with the best observed success is used, with a UCB bonus so a
 *   branch with few trials still gets some.
 * - {@link ComponentHillClimb} (P4- and clinical-style): one current set, refined by single edits
 *   (add or remove one component); an edit is measured on `trialSize` outcomes and kept only when
 *   its success is at least the current set's (ties move, so plateaus are crossed).
 */

/** A component set: ids of the bank, in bank order. */
export type ComponentSet = readonly string[];

/** Options of {@link BranchBandit}. */
export interface BranchBanditOptions {
  /** outcomes each branch gets before the bandit exploits (round-robin over untried branches). */
  minTrials: number;
  /** UCB coefficient c of mean + c·√(ln N / n). */
  exploration: number;
}

/** Multi-branch selection by observed success (AMPO-style). */
export class BranchBandit {
  private readonly counts: Float64Array;
  private readonly sums: Float64Array;
  private total = 0;
  private current = 0;

  constructor(
    readonly branches: readonly ComponentSet[],
    private readonly options: BranchBanditOptions,
  ) {
    if (branches.length === 0) throw new RangeError("BranchBandit needs at least one branch");
    this.counts = new Float64Array(branches.length);
    this.sums = new Float64Array(branches.length);
  }

  /** The component set in use. */
  active(): ComponentSet {
    return this.branches[this.current]!;
  }

  /** Index of the branch in use. */
  activeIndex(): number {
    return this.current;
  }

  /** Observed success of each branch (NaN when untried). */
  means(): number[] {
    return [...this.counts].map((n, i) => (n === 0 ? Number.NaN : this.sums[i]! / n));
  }

  /** Records an outcome of the active branch and picks the branch for the next turns. */
  record(outcome: number): void {
    this.counts[this.current]! += 1;
    this.sums[this.current]! += outcome;
    this.total++;
    this.current = this.choose();
  }

  private choose(): number {
    const { minTrials, exploration } = this.options;
    if (this.counts[this.current]! < minTrials) return this.current;
    for (let b = 0; b < this.branches.length; b++) if (this.counts[b]! < minTrials) return b;
    let best = 0;
    let bestValue = Number.NEGATIVE_INFINITY;
    const logTotal = Math.log(this.total);
    for (let b = 0; b < this.branches.length; b++) {
      const n = this.counts[b]!;
      const value = this.sums[b]! / n + exploration * Math.sqrt(logTotal / n);
      if (value > bestValue) {
        bestValue = value;
        best = b;
      }
    }
    return best;
  }
}

/** Options of {@link ComponentHillClimb}. */
export interface HillClimbOptions {
  /** the component ids edits may add or remove, in bank order. */
  bank: readonly string[];
  /** at most this many components in a set (the renderer's top-k). */
  maxComponents: number;
  /** outcomes an edit (and the starting set) is measured on. */
  trialSize: number;
}

/** Single-edit refinement of one component set by measured success. */
export class ComponentHillClimb {
  private best: string[];
  private bestSum = 0;
  private bestCount = 0;
  private trial: string[] | null = null;
  private trialSum = 0;
  private trialCount = 0;
  private nextEdit = 0;
  /** accepted edits so far. */
  accepted = 0;

  constructor(
    start: ComponentSet,
    private readonly options: HillClimbOptions,
  ) {
    this.best = this.ordered(start);
  }

  /** The component set in use (the trial edit while one is measured). */
  active(): ComponentSet {
    return this.trial ?? this.best;
  }

  /** The best set found so far. */
  current(): ComponentSet {
    return this.best;
  }

  /** Records an outcome of the set in use; starts, accepts or rejects edits. */
  record(outcome: number): void {
    if (this.trial === null) {
      this.bestSum += outcome;
      this.bestCount++;
      if (this.bestCount >= this.options.trialSize) this.startTrial();
      return;
    }
    this.trialSum += outcome;
    this.trialCount++;
    if (this.trialCount < this.options.trialSize) return;
    const trialMean = this.trialSum / this.trialCount;
    // ties move too (plateau walking), so a two-edit improvement is reachable one edit at a time
    if (trialMean >= this.bestSum / this.bestCount) {
      this.best = this.trial;
      this.bestSum = this.trialSum;
      this.bestCount = this.trialCount;
      this.accepted++;
    }
    this.trial = null;
    this.startTrial();
  }

  private startTrial(): void {
    const { bank, maxComponents } = this.options;
    for (let k = 0; k < bank.length; k++) {
      const id = bank[(this.nextEdit + k) % bank.length]!;
      const has = this.best.includes(id);
      if (!has && this.best.length >= maxComponents) continue;
      this.nextEdit = (this.nextEdit + k + 1) % bank.length;
      this.trial = this.ordered(has ? this.best.filter((c) => c !== id) : [...this.best, id]);
      this.trialSum = 0;
      this.trialCount = 0;
      return;
    }
  }

  private ordered(ids: readonly string[]): string[] {
    const rank = new Map(this.options.bank.map((id, i) => [id, i]));
    return [...new Set(ids)].sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0));
  }
}
