/**
 * @module eval/dialogue/text-routers
 * The baseline routers of the dialogue benchmark, each reading only what a deployment declares
 * (each domain's description and example utterances) and the user turn:
 * - TF-IDF nearest description: cosine of the turn's TF-IDF vector with each domain's
 *   declaration; a turn that matches nothing goes to the first declared domain (argmax of ties);
 * - sticky TF-IDF: the same, but a turn that matches no word stays with the current agent;
 * - embedding similarity: rapo's `similarityRouting` profile (description, cue words, examples)
 *   with the local embedder, mean-centred turns and profiles, best cosine.
 */
import { LocalEmbedder } from "../../state/embedding.js";
import { STOP_WORDS } from "../../state/lexicon.js";
import { stemLite } from "../../state/stem.js";
import { resolveTaxonomy } from "../../state/taxonomy.js";
import { cosine } from "../../state/vector-math.js";
import { profileTexts } from "../methods/baseline-routers.js";
import type { DomainSpec } from "./domain-spec.js";
import { declaredTaxonomy } from "./domains.js";

/** A router of user turns to domain indices (−1: no current agent yet). */
export interface TextRouter {
  readonly name: string;
  /** the domain index for `text`, given the index serving the conversation (−1 at its start). */
  route(text: string, current: number): number;
}

/** Lower-cased, stop-word-free, lightly stemmed word tokens. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const word of text.toLowerCase().match(/[a-z0-9]+(?:'[a-z]+)?/g) ?? []) {
    if (!STOP_WORDS.has(word)) out.push(stemLite(word));
  }
  return out;
}

/** TF-IDF index over the domains' declarations (description + examples). */
export class TfidfIndex {
  private readonly idf = new Map<string, number>();
  private readonly docs: Map<string, number>[] = [];

  constructor(domains: readonly DomainSpec[]) {
    const counts = domains.map((d) => termCounts(terms([d.description, ...d.examples].join(" "))));
    const df = new Map<string, number>();
    for (const c of counts) for (const t of c.keys()) df.set(t, (df.get(t) ?? 0) + 1);
    for (const [t, n] of df) this.idf.set(t, Math.log((1 + domains.length) / (1 + n)) + 1);
    for (const c of counts) this.docs.push(this.weigh(c));
  }

  /** Cosine of `text` with each domain; all zero when no term of `text` is declared anywhere. */
  scores(text: string): Float64Array {
    const q = this.weigh(termCounts(terms(text)));
    return Float64Array.from(this.docs, (d) => sparseCosine(q, d));
  }

  private weigh(counts: Map<string, number>): Map<string, number> {
    const out = new Map<string, number>();
    for (const [t, n] of counts) {
      const idf = this.idf.get(t);
      if (idf !== undefined) out.set(t, (1 + Math.log(n)) * idf);
    }
    return out;
  }
}

/** TF-IDF nearest declaration; ties (and no match at all) go to the first declared domain. */
export function tfidfRouter(domains: readonly DomainSpec[]): TextRouter {
  const index = new TfidfIndex(domains);
  return { name: "tf-idf", route: (text) => argmax(index.scores(text)) };
}

/** TF-IDF, staying with the current agent when no word of the turn matches any declaration. */
export function stickyTfidfRouter(domains: readonly DomainSpec[]): TextRouter {
  const index = new TfidfIndex(domains);
  return {
    name: "sticky tf-idf",
    route(text, current) {
      const scores = index.scores(text);
      return scores.some((s) => s > 0) || current < 0 ? argmax(scores) : current;
    },
  };
}

/**
 * rapo's embedding-similarity matching (`similarityRouting`): each agent's profile is its role
 * and its declared domain's description and examples, embedded locally; turns and profiles are
 * mean-centred; the best cosine wins.
 */
export function similarityRouter(domains: readonly DomainSpec[], seed = 7): TextRouter {
  const taxonomy = resolveTaxonomy(declaredTaxonomy(domains));
  const embedder = new LocalEmbedder({ dim: 256, seed });
  const profiles = domains.map((d) =>
    profileTexts(
      { id: d.id, role: d.description, specialties: [d.id], skills: {}, defaultSkill: 0 },
      taxonomy,
    ).map((t) => embedder.embedSync(t)),
  );
  const mean = new Float32Array(embedder.dim);
  const all = profiles.flat();
  for (const v of all) for (let k = 0; k < mean.length; k++) mean[k]! += v[k]! / all.length;
  const centred = profiles.map((list) => list.map((v) => v.map((x, k) => x - mean[k]!)));
  const turnMean = new Float64Array(embedder.dim);
  const turn = new Float32Array(embedder.dim);
  let seen = 0;
  return {
    name: "embedding similarity",
    route(text) {
      const e = embedder.embedSync(text);
      seen++;
      for (let k = 0; k < e.length; k++) {
        turnMean[k]! += (e[k]! - turnMean[k]!) / seen;
        turn[k] = seen === 1 ? e[k]! : e[k]! - turnMean[k]!;
      }
      let best = 0;
      let bestScore = Number.NEGATIVE_INFINITY;
      centred.forEach((list, a) => {
        let score = 0;
        for (const p of list) score = Math.max(score, cosine(turn, p));
        if (score > bestScore) {
          best = a;
          bestScore = score;
        }
      });
      return best;
    },
  };
}

function termCounts(list: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of list) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

function sparseCosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [t, x] of a) {
    na += x * x;
    const y = b.get(t);
    if (y !== undefined) dot += x * y;
  }
  for (const y of b.values()) nb += y * y;
  return dot === 0 ? 0 : dot / Math.sqrt(na * nb);
}

function argmax(xs: Float64Array): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i]! > xs[best]!) best = i;
  return best;
}
