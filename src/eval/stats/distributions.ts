/**
 * @module eval/stats/distributions
 * Student's t distribution from jstat (a maintained statistics library) rather than a
 * hand-rolled incomplete beta. jstat ships no type declarations and is CommonJS, so it is
 * loaded through `createRequire` and typed here with only the functions we use.
 */
import { createRequire } from "node:module";

interface StudentT {
  cdf(x: number, dof: number): number;
  inv(p: number, dof: number): number;
}

interface JStat {
  studentt: StudentT;
}

const jStat = createRequire(import.meta.url)("jstat") as JStat;

/** P(T ≤ x) for Student's t with `dof` (real, > 0) degrees of freedom. */
export function studentTCdf(x: number, dof: number): number {
  return jStat.studentt.cdf(x, dof);
}

/** The quantile x with P(T ≤ x) = p for Student's t with `dof` degrees of freedom. */
export function studentTInv(p: number, dof: number): number {
  return jStat.studentt.inv(p, dof);
}

/** Two-sided p-value of a t statistic: 2·P(T ≤ −|t|) (the lower tail avoids 1 − cdf cancellation). */
export function twoSidedP(t: number, dof: number): number {
  if (Number.isNaN(t)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  return Math.min(1, 2 * studentTCdf(-Math.abs(t), dof));
}
