/**
 * @module learning/small-linear
 * Dense linear algebra for the small symmetric positive-definite systems of the component bandit
 * (one row per prompt component plus an intercept): Cholesky factorisation, solves and inverse,
 * on row-major Float64Arrays, without allocation beyond the outputs.
 */

/**
 * Cholesky factor L (lower, row-major) of an n×n SPD matrix `a`, written into `out`. A pivot that
 * is not positive (numerically singular matrix) is floored at `1e-12` so the factor stays usable.
 */
export function cholesky(
  a: Float64Array,
  n: number,
  out: Float64Array = new Float64Array(n * n),
): Float64Array {
  out.fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= out[i * n + k]! * out[j * n + k]!;
      if (i === j) out[i * n + i] = Math.sqrt(Math.max(sum, 1e-12));
      else out[i * n + j] = sum / out[j * n + j]!;
    }
  }
  return out;
}

/** Solves (L Lᵀ) x = b in place of `b`, given the Cholesky factor L. */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array): Float64Array {
  forwardSolve(l, n, b);
  backSolveTransposed(l, n, b);
  return b;
}

/** Solves L y = b in place (forward substitution). */
export function forwardSolve(l: Float64Array, n: number, b: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * n + k]! * b[k]!;
    b[i] = sum / l[i * n + i]!;
  }
  return b;
}

/** Solves Lᵀ x = b in place (back substitution): with b ~ N(0, I), x ~ N(0, (L Lᵀ)⁻¹). */
export function backSolveTransposed(l: Float64Array, n: number, b: Float64Array): Float64Array {
  for (let i = n - 1; i >= 0; i--) {
    let sum = b[i]!;
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i]! * b[k]!;
    b[i] = sum / l[i * n + i]!;
  }
  return b;
}

/** Inverse of an SPD matrix from its Cholesky factor (row-major, symmetric). */
export function choleskyInverse(l: Float64Array, n: number): Float64Array {
  const inv = new Float64Array(n * n);
  const column = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    column.fill(0);
    column[j] = 1;
    choleskySolve(l, n, column);
    for (let i = 0; i < n; i++) inv[i * n + j] = column[i]!;
  }
  return inv;
}
