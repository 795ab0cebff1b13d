/**
 * @module consensus/graph-generators
 * Seeded communication graphs (ring, star, random sparse) and prompt vectors, for tests,
 * benchmarks and `rapo scale`: feed the edges to `observeHandoff` to give agents neighbours.
 */
import { createPrng } from "../util/random.js";

/** An undirected edge between agent indices. */
export type Edge = readonly [number, number];

/** i – i+1 (mod n). */
export function ringGraph(n: number): Edge[] {
  if (n < 2) return [];
  if (n === 2) return [[0, 1]];
  return Array.from({ length: n }, (_, i) => [i, (i + 1) % n] as const);
}

/** Agent 0 talks with everyone else, nobody else talks. */
export function starGraph(n: number): Edge[] {
  return Array.from({ length: Math.max(0, n - 1) }, (_, i) => [0, i + 1] as const);
}

/**
 * A connected random graph with every degree ≤ `maxDegree` (≥ 2): a ring backbone, then random
 * chords between agents that still have room, until the mean degree approaches `maxDegree`.
 */
export function randomSparseGraph(n: number, maxDegree: number, seed: number): Edge[] {
  const random = createPrng(seed);
  const edges = ringGraph(n).slice();
  const degree = new Int32Array(n);
  const seen = new Set<number>();
  for (const [a, b] of edges) {
    degree[a]!++;
    degree[b]!++;
    seen.add(Math.min(a, b) * n + Math.max(a, b));
  }
  const attempts = n * maxDegree * 2;
  for (let t = 0; t < attempts; t++) {
    const a = Math.floor(random.next() * n);
    const b = Math.floor(random.next() * n);
    const key = Math.min(a, b) * n + Math.max(a, b);
    if (a === b || degree[a]! >= maxDegree || degree[b]! >= maxDegree || seen.has(key)) continue;
    seen.add(key);
    edges.push([a, b]);
    degree[a]!++;
    degree[b]!++;
  }
  return edges;
}

/** `n` seeded random unit vectors of dimension `dim`. */
export function randomUnitVectors(n: number, dim: number, seed: number): Float32Array[] {
  const random = createPrng(seed);
  return Array.from({ length: n }, () => {
    const v = new Float32Array(dim);
    let squared = 0;
    for (let d = 0; d < dim; d++) {
      v[d] = random.gaussian();
      squared += v[d]! * v[d]!;
    }
    const inv = 1 / Math.sqrt(squared);
    for (let d = 0; d < dim; d++) v[d] = v[d]! * inv;
    return v;
  });
}
