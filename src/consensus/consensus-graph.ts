/**
 * @module consensus/consensus-graph
 * The sparse communication graph consensus runs on (SPEC §4), rebuilt from the pair statistics
 * for the agents present at a tick.
 *
 * Neighbourhoods: each agent keeps its top `maxNeighbours` partners by communication count (ties:
 * higher E_ij, then id order). An edge i–j exists when either side picked the other — a handoff
 * is communication for both agents — and carries the symmetric coupling a_ij = E_ij. Rows are
 * normalised, w_ij = E_ij / Σ_k E_ik (SPEC §4), so W = D⁻¹A is a reversible Markov chain with
 * stationary distribution π_i = d_i / Σ_k d_k, d_i = Σ_j E_ij. That reversibility is what makes
 * the Lyapunov function of lyapunov.ts decrease. Zero-effectiveness edges carry no weight and are
 * dropped; an agent left without weight is isolated (skipped by the update).
 */
import type { PairStat, PairStats } from "./pair-stats.js";
import { compare } from "./pair-stats.js";

/** Compressed sparse rows over the agents of one tick, plus what stability analysis needs. */
export interface ConsensusGraph {
  /** agents (rows), in the order of the tick's agent list. */
  readonly size: number;
  /** row i's neighbours are `neighbours[offsets[i] .. offsets[i+1])`. */
  readonly offsets: Int32Array;
  readonly neighbours: Int32Array;
  /** w_ij, each non-empty row sums to 1. */
  readonly weights: Float64Array;
  /** d_i = Σ_j E_ij; 0 for an isolated agent. */
  readonly degree: Float64Array;
  /** connected component of each row; -1 for an isolated agent. */
  readonly component: Int32Array;
  readonly componentCount: number;
  /** undirected edges with positive weight. */
  readonly edges: number;
}

interface Candidate {
  row: number;
  id: string;
  stat: PairStat;
}

/**
 * Builds the graph for `ids` (rows in that order). Rows flagged in `excluded` (e.g. agents with a
 * non-finite prompt) get no edges, so their neighbours renormalise over the others. `rowOf` (id →
 * row of `ids`) may be passed when the caller already has it.
 */
export function buildConsensusGraph(
  ids: readonly string[],
  pairs: PairStats,
  maxNeighbours: number,
  excluded?: Uint8Array,
  rowOf: ReadonlyMap<string, number> = new Map(ids.map((id, row) => [id, row])),
): ConsensusGraph {
  const n = ids.length;
  const coupling = new Map<number, number>(); // i·n + j (i < j) → E_ij
  const candidates: Candidate[] = [];
  for (let i = 0; i < n; i++) {
    if (excluded?.[i]) continue;
    const partners = pairs.partners(ids[i]!);
    if (!partners) continue;
    candidates.length = 0;
    for (const [id, stat] of partners) {
      const row = rowOf.get(id);
      if (row !== undefined && row !== i && !excluded?.[row]) candidates.push({ row, id, stat });
    }
    if (candidates.length > maxNeighbours) {
      candidates.sort(
        (x, y) =>
          y.stat.count - x.stat.count || y.stat.effectiveness - x.stat.effectiveness || compare(x.id, y.id),
      );
      candidates.length = maxNeighbours;
    }
    for (const c of candidates) {
      if (c.stat.effectiveness > 0)
        coupling.set(i < c.row ? i * n + c.row : c.row * n + i, c.stat.effectiveness);
    }
  }
  return assemble(n, coupling);
}

function assemble(n: number, coupling: Map<number, number>): ConsensusGraph {
  const sorted = Float64Array.from(coupling.keys()).sort();
  const counts = new Int32Array(n + 1);
  for (const key of sorted) {
    counts[Math.floor(key / n) + 1]!++;
    counts[(key % n) + 1]!++;
  }
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i]! + counts[i + 1]!;
  const fill = offsets.slice(0, n);
  const neighbours = new Int32Array(offsets[n]!);
  const weights = new Float64Array(offsets[n]!);
  const degree = new Float64Array(n);
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  for (const key of sorted) {
    const i = Math.floor(key / n);
    const j = key % n;
    const a = coupling.get(key)!;
    neighbours[fill[i]!] = j;
    weights[fill[i]!++] = a;
    neighbours[fill[j]!] = i;
    weights[fill[j]!++] = a;
    degree[i]! += a;
    degree[j]! += a;
    union(parent, i, j);
  }
  for (let i = 0; i < n; i++) {
    for (let q = offsets[i]!; q < offsets[i + 1]!; q++) weights[q] = weights[q]! / degree[i]!;
  }
  const { component, count } = label(parent, offsets);
  return {
    size: n,
    offsets,
    neighbours,
    weights,
    degree,
    component,
    componentCount: count,
    edges: sorted.length,
  };
}

function find(parent: Int32Array, i: number): number {
  let root = i;
  while (parent[root] !== root) root = parent[root]!;
  while (parent[i] !== root) {
    const up = parent[i]!;
    parent[i] = root;
    i = up;
  }
  return root;
}

function union(parent: Int32Array, a: number, b: number): void {
  const ra = find(parent, a);
  const rb = find(parent, b);
  if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
}

/** Dense component labels 0..count−1 in row order; -1 for rows without edges. */
function label(parent: Int32Array, offsets: Int32Array): { component: Int32Array; count: number } {
  const n = parent.length;
  const component = new Int32Array(n).fill(-1);
  const byRoot = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    if (offsets[i + 1] === offsets[i]) continue;
    const root = find(parent, i);
    let c = byRoot.get(root);
    if (c === undefined) {
      c = byRoot.size;
      byRoot.set(root, c);
    }
    component[i] = c;
  }
  return { component, count: byRoot.size };
}
