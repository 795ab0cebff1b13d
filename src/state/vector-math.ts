/**
 * @module state/vector-math
 * Small allocation-free helpers on typed arrays. Everything on the per-turn path (embedding,
 * context attention, routing) uses these, so they loop over indices instead of building arrays.
 */

/** A dense vector: rapo keeps state in Float32Array, but float64 scratch buffers work too. */
export type Vector = Float32Array | Float64Array;

/** Σ a_i·b_i over the common length. */
export function dot(a: Vector, b: Vector): number {
  const n = Math.min(a.length, b.length);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** Euclidean norm ‖a‖₂. */
export function norm(a: Vector): number {
  return Math.sqrt(dot(a, a));
}

/** Cosine similarity; 0 when either vector is zero (an empty text is similar to nothing). */
export function cosine(a: Vector, b: Vector): number {
  const n = Math.min(a.length, b.length);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return aa === 0 || bb === 0 ? 0 : ab / Math.sqrt(aa * bb);
}

/** y ← y + alpha·x (BLAS axpy), in place; returns y. */
export function axpy(alpha: number, x: Vector, y: Vector): Vector {
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) y[i] = y[i]! + alpha * x[i]!;
  return y;
}

/** x ← alpha·x, in place; returns x. */
export function scale<V extends Vector>(x: V, alpha: number): V {
  for (let i = 0; i < x.length; i++) x[i] = x[i]! * alpha;
  return x;
}

/** Scales x to unit L2 norm in place (a zero vector stays zero); returns x. */
export function normalize<V extends Vector>(x: V): V {
  const length = norm(x);
  return length === 0 ? x : scale(x, 1 / length);
}

/** Index of the largest entry (first one on ties); -1 for an empty vector. */
export function argmax(x: ArrayLike<number>): number {
  let best = -1;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < x.length; i++) {
    if (x[i]! > bestValue) {
      bestValue = x[i]!;
      best = i;
    }
  }
  return best;
}

/**
 * Softmax of the first `length` entries in place, numerically stable (shifts by the maximum);
 * `temperature` divides the logits before exponentiation. Returns x.
 */
export function softmaxInPlace<V extends Vector>(x: V, temperature = 1, length = x.length): V {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < length; i++) if (x[i]! > max) max = x[i]!;
  let sum = 0;
  for (let i = 0; i < length; i++) {
    const e = Math.exp((x[i]! - max) / temperature);
    x[i] = e;
    sum += e;
  }
  for (let i = 0; i < length; i++) x[i] = x[i]! / sum;
  return x;
}
