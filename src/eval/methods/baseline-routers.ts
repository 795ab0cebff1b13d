/**
 * @module eval/methods/baseline-routers
 * The agent-selection mechanisms of the baselines (paper §5.3), as rapo `RoutingPolicy`s over the
 * same routing table: a static specialty router (sequential selection without coordination),
 * round-robin, least-loaded with conversation affinity, and embedding-similarity matching. None
 * reads learned capabilities; each skips agents that are unavailable or already failed on the turn.
 */
import type { RapoConfig } from "../../config/schema.js";
import { ConfigError } from "../../errors.js";
import { conversationLoad } from "../../routing/load.js";
import type { RouteDecision, RouteQuery, RoutingPolicy } from "../../routing/router.js";
import type { RoutingTable } from "../../routing/routing-table.js";
import type { Taxonomy } from "../../state/taxonomy.js";
import type { Embedder } from "../../state/types.js";
import { cosine } from "../../state/vector-math.js";
import type { CastMember } from "../cast.js";

function usable(table: RoutingTable, a: number, query: RouteQuery): boolean {
  return table.available[a] === 1 && !(query.exclude?.has(a) ?? false);
}

function decision(table: RoutingTable, a: number, query: RouteQuery): RouteDecision {
  const capability = table.capability[query.cell * table.agents + a]!;
  return { agentIndex: a, score: capability, capability, load: table.load[a]! };
}

function taskIndexOf(query: RouteQuery, modalities: number): number {
  return query.features?.taskIndex ?? Math.floor(query.cell / modalities);
}

/**
 * Baseline: each task type goes to the first declared agent whose specialties include it (the
 * generalist when none does); no learning, no load awareness. When that agent is unavailable, the
 * next agent in declaration order serves.
 */
export function specialtyRouting(cast: readonly CastMember[], taxonomy: Taxonomy): RoutingPolicy {
  const generalist = Math.max(
    0,
    cast.findIndex((m) => m.specialties.length === 0),
  );
  const owner = Int32Array.from(taxonomy.taskTypes, (t) => {
    const i = cast.findIndex((m) => m.specialties.includes(t.id));
    return i < 0 ? generalist : i;
  });
  const modalities = taxonomy.modalities.length;
  return {
    name: "static-specialty",
    select(table, candidates, query) {
      const first = owner[taskIndexOf(query, modalities)] ?? generalist;
      for (let k = 0; k < table.agents; k++) {
        const a = (first + k) % table.agents;
        if (candidates.includes(a) && usable(table, a, query)) return decision(table, a, query);
      }
      return null;
    },
  };
}

/** AMPO-style selection: requests go to the agents in turn (naive round-robin). */
export function roundRobinRouting(): RoutingPolicy {
  let next = 0;
  return {
    name: "round-robin",
    select(table, candidates, query) {
      for (let k = 0; k < candidates.length; k++) {
        const a = candidates[(next + k) % candidates.length]!;
        if (!usable(table, a, query)) continue;
        next = (next + k + 1) % candidates.length;
        return decision(table, a, query);
      }
      return null;
    },
  };
}

/**
 * P4-style load balancing: the least-loaded agent (L_a of SPEC §3, which every method's runtime
 * measures). The agent already serving the conversation is judged without this conversation's own
 * share of its load (a least-connections balancer with session affinity), so a conversation only
 * moves when another agent is really less busy; ties keep the current agent, then declaration order.
 */
export function leastLoadedRouting(): RoutingPolicy {
  return {
    name: "least-loaded",
    select(table, candidates, query, routing: RapoConfig["routing"]) {
      let best = -1;
      let bestLoad = Number.POSITIVE_INFINITY;
      for (let k = 0; k < candidates.length; k++) {
        const a = candidates[k]!;
        if (!usable(table, a, query)) continue;
        const load = conversationLoad(table, a, query.previous, routing);
        if (load < bestLoad - 1e-9 || (Math.abs(load - bestLoad) <= 1e-9 && a === query.previous)) {
          best = a;
          bestLoad = load;
        }
      }
      return best < 0 ? null : decision(table, best, query);
    },
  };
}

/**
 * Embedding-similarity matching: the agent whose profile is most similar to the turn. With
 * `profile: "role"` (the semantic-router baseline: what an LLM-router framework does, without its
 * extra model call) the profile is one text, the agent's role description (its role and the
 * descriptions of its declared task types). With `profile: "rich"` (clinical-style) an
 * agent's profile is a set of reference texts — its role, and for each declared specialty the
 * task type's description with its cue words, and its example utterances (as semantic routers
 * use example utterances); the score is the best cosine of the turn with any of them.
 *
 * Both sides are mean-centred before the cosine (turns by the running mean of the turns routed
 * so far, profiles by the mean of all reference texts): every turn of a deployment shares its
 * domain vocabulary, and removing that common direction leaves what tells turns apart (the
 * usual "all-but-the-top" correction of embedding similarity).
 */
export function similarityRouting(
  cast: readonly CastMember[],
  taxonomy: Taxonomy,
  embedder: Embedder,
  profile: "rich" | "role" = "rich",
): RoutingPolicy {
  const embed = embedder.embedSync?.bind(embedder);
  if (!embed)
    throw new ConfigError("similarity routing needs an embedder with embedSync (the local one)", {
      field: "embedder",
    });
  const of = profile === "role" ? roleDescription : profileTexts;
  const texts = cast.map((m) => of(m, taxonomy).map(embed));
  const profileMean = meanOf(texts.flat(), embedder.dim);
  const profiles = texts.map((list) => list.map((v) => centred(v, profileMean)));
  const turnMean = new Float64Array(embedder.dim);
  const turn = new Float32Array(embedder.dim);
  let seen = 0;
  return {
    name: "similarity",
    select(table, candidates, query) {
      const e = query.embedding;
      if (e) {
        // the running mean includes this turn, so the first turn is compared uncentred
        seen++;
        for (let d = 0; d < e.length; d++) {
          turnMean[d]! += (e[d]! - turnMean[d]!) / seen;
          turn[d] = seen === 1 ? e[d]! : e[d]! - turnMean[d]!;
        }
      }
      let best = -1;
      let bestScore = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < candidates.length; k++) {
        const a = candidates[k]!;
        if (!usable(table, a, query)) continue;
        let score = 0;
        if (e) for (const p of profiles[a] ?? []) score = Math.max(score, cosine(turn, p));
        if (score > bestScore) {
          best = a;
          bestScore = score;
        }
      }
      return best < 0 ? null : decision(table, best, query);
    },
  };
}

function meanOf(vectors: readonly Float32Array[], dim: number): Float32Array {
  const mean = new Float32Array(dim);
  for (const v of vectors) for (let d = 0; d < dim; d++) mean[d]! += v[d]! / vectors.length;
  return mean;
}

function centred(v: Float32Array, mean: Float32Array): Float32Array {
  return v.map((x, d) => x - mean[d]!);
}

/** An agent's role description: its role and the descriptions of its declared task types. */
export function roleDescription(member: CastMember, taxonomy: Taxonomy): string[] {
  const declared = member.specialties.flatMap(
    (id) => taxonomy.taskTypes.find((c) => c.id === id)?.description ?? [],
  );
  return [[member.role, ...declared].join(". ")];
}

/** The reference texts of an agent's profile for similarity matching. */
export function profileTexts(member: CastMember, taxonomy: Taxonomy): string[] {
  const texts = [member.role];
  for (const id of member.specialties) {
    const t = taxonomy.taskTypes.find((c) => c.id === id);
    if (!t) continue;
    texts.push(`${t.description}: ${t.keywords.join(", ")}`, ...t.examples);
  }
  return texts;
}
