/**
 * @module eval/generator/fact-schedule
 * Which facts of the world a conversation states, and when. Information turns state an even
 * share of what is left (a dozen facts at most, naming few enough entities that no knowledge
 * threshold is crossed by accident); the seed query's preamble takes what they cannot hold;
 * questions state the needed facts nobody stated yet. The turn each fact was first stated at is
 * what makes "needed facts come five or more turns earlier" measurable.
 */
import { entitiesIn, type Fact, factKey } from "../../models/simulated/fact-language.js";
import type { Prng } from "../../util/random.js";

/** Facts one information turn states at most. */
export const INFO_MAX_FACTS = 12;
/** Facts the seed query's preamble states at most. */
export const CONTEXT_MAX_FACTS = 10;

/** Entities a fact names. */
export function entitiesOfFact(fact: Fact): string[] {
  return fact.kind === "attribute" ? [fact.entity] : [fact.supplier, fact.customer];
}

/** The stating order of one conversation's facts. */
export class FactSchedule {
  /** fact key → index of the turn that first stated it. */
  readonly introduced = new Map<string, number>();
  private readonly byKey: Map<string, Fact>;
  private readonly pending: Fact[];

  constructor(
    private readonly rng: Prng,
    facts: readonly Fact[],
    private infoLeft: number,
    /** distinct entities an untriggered turn may name (the knowledge threshold). */
    private readonly entityCap: number,
  ) {
    this.byKey = new Map(facts.map((f) => [factKey(f), f]));
    this.pending = rng.shuffle(facts);
  }

  /** Facts stated so far. */
  stated(): Fact[] {
    return [...this.introduced.keys()].map((k) => this.byKey.get(k)!);
  }

  /** Records that turn `index` states `fact`. */
  introduce(fact: Fact, index: number): void {
    const key = factKey(fact);
    if (!this.introduced.has(key)) this.introduced.set(key, index);
    const at = this.pending.findIndex((f) => factKey(f) === key);
    if (at >= 0) this.pending.splice(at, 1);
  }

  /** The facts of the next information turn; a reminder of an old fact once all are out. */
  nextBatch(): Fact[] {
    const share = Math.ceil(this.pending.length / Math.max(1, this.infoLeft));
    this.infoLeft--;
    const target = Math.min(INFO_MAX_FACTS, share);
    if (target > 0) return this.take(target, []);
    const keys = [...this.introduced.keys()];
    return keys.length > 0 ? [this.byKey.get(this.rng.pick(keys))!] : [];
  }

  /** Extra facts for the seed query's preamble: what the information turns cannot hold. */
  seedExtras(inline: readonly Fact[], questionText: string): Fact[] {
    const overflow = this.pending.length - inline.length - this.infoLeft * INFO_MAX_FACTS;
    const want = Math.max(0, Math.min(CONTEXT_MAX_FACTS - inline.length, overflow));
    if (want === 0) return [];
    const inlineKeys = new Set(inline.map(factKey));
    const named = entitiesIn(questionText).concat(inline.flatMap(entitiesOfFact));
    return this.take(want + inlineKeys.size, named)
      .filter((f) => !inlineKeys.has(factKey(f)))
      .slice(0, want);
  }

  private take(target: number, alreadyNamed: string[]): Fact[] {
    const batch: Fact[] = [];
    const names = new Set(alreadyNamed);
    for (const f of this.pending) {
      if (batch.length >= target) break;
      const added = entitiesOfFact(f).filter((e) => !names.has(e));
      if (names.size + added.length > this.entityCap) continue;
      batch.push(f);
      for (const e of added) names.add(e);
    }
    return batch;
  }
}
