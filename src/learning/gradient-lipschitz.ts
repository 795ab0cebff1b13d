/**
 * @module learning/gradient-lipschitz
 * Online estimate of L_Q, the Lipschitz constant of the β term's map P ↦ ∇Q(S, a; P) (SPEC §4:
 * the stability condition α < 1/(2L) is about the whole state transition, consensus term and
 * β∇Q together; consensus/tick-inputs `stepSizes` combines the two).
 *
 * The map is observed, not derived: each probe evaluates it at P and at P + h·v and takes the
 * secant ratio ‖∇Q(P + h v) − ∇Q(P)‖ / h. The direction v is the previous secant difference,
 * normalised — a power iteration on the map's Jacobian, warm-started across probes (and agents),
 * so the ratio climbs toward the largest stretch instead of a random direction's average one.
 * h is the largest move a consensus tick may make (`maxStepRatio`·‖P‖): the learned network is
 * piecewise linear (ReLU), so what matters is the stretch over the steps the update really takes.
 * The estimate is a decaying maximum over probes, like the consensus engine's observed
 * contraction: evidence of a stiff direction outlives the probe that found it.
 */
import { createPrng } from "../util/random.js";

/** Per-probe decay of the running maximum (forgets a stiff direction after ~100 probes). */
const DECAY = 0.99;

/** Power-iteration secant probe of a vector map's Lipschitz constant. */
export class GradientLipschitzProbe {
  private direction: Float32Array | null = null;
  private estimate = 0;
  private starts = 0;

  constructor(private readonly seed: number) {}

  /** Current estimate of L_Q (0 before the first probe). */
  get value(): number {
    return this.estimate;
  }

  /**
   * One probe at `point`: `map` evaluated at `point` and at `point + h·v` (h = `relativeStep`·‖point‖,
   * or `relativeStep` for a zero point). Returns the updated estimate. Non-finite values are ignored.
   */
  observe(point: Float32Array, map: (p: Float32Array) => Float32Array, relativeStep: number): number {
    const dim = point.length;
    const v = this.directionOf(dim);
    const h = relativeStep * (norm(point) || 1);
    const moved = new Float32Array(dim);
    for (let d = 0; d < dim; d++) moved[d] = point[d]! + h * v[d]!;
    const base = map(point);
    const shifted = map(moved);
    const difference = new Float32Array(dim);
    for (let d = 0; d < dim; d++) difference[d] = shifted[d]! - base[d]!;
    const stretch = norm(difference);
    if (!Number.isFinite(stretch)) return this.estimate;
    // h·v is exactly the displacement in float32 only up to rounding: divide by what was moved
    for (let d = 0; d < dim; d++) moved[d] = moved[d]! - point[d]!;
    const displacement = norm(moved);
    if (!(displacement > 0)) return this.estimate;
    this.estimate = Math.max(this.estimate * DECAY, stretch / displacement);
    if (stretch > 0) {
      for (let d = 0; d < dim; d++) v[d] = difference[d]! / stretch;
    } else {
      this.direction = null; // a flat direction: start from a fresh random one next time
    }
    return this.estimate;
  }

  /** Forgets the estimate and the direction (the map changed meaning, e.g. after a rollback). */
  reset(): void {
    this.estimate = 0;
    this.direction = null;
  }

  private directionOf(dim: number): Float32Array {
    if (this.direction && this.direction.length === dim) return this.direction;
    const random = createPrng((this.seed + this.starts++ * 0x9e3779b1) >>> 0);
    const v = new Float32Array(dim);
    for (let d = 0; d < dim; d++) v[d] = random.gaussian();
    const n = norm(v) || 1;
    for (let d = 0; d < dim; d++) v[d] = v[d]! / n;
    this.direction = v;
    return v;
  }
}

function norm(x: Float32Array): number {
  let sum = 0;
  for (let d = 0; d < x.length; d++) sum += x[d]! * x[d]!;
  return Math.sqrt(sum);
}
