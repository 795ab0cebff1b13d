/**
 * @module state/switch-hazard
 * The switch hazard of the conversation-aware classifier (issue 11): the probability h that a
 * conversation's task changes between two turns, learned from the traffic. The task is a hidden
 * Markov chain whose transition keeps the task with probability 1 − h and otherwise draws it
 * afresh (uniformly over the K task types); each filtered turn contributes the posterior
 * probability that such a redraw happened,
 *
 *   r_t = (h/K)·Σ_k L_t(k) / Σ_k ((1 − h)·b_{t−1}(k) + h/K)·L_t(k),
 *
 * with L_t the turn's likelihood — the expected sufficient statistic of h in online EM. The
 * estimate is a running mean of r_t over a window of about {@link HAZARD_WINDOW} turns, shrunk
 * towards the configured starting hazard by `priorTurns` pseudo-turns: a deployment whose
 * every turn is a new question learns a high hazard (the belief follows each turn's evidence),
 * task dialogues a low one (a turn without domain words keeps the task). O(K) per turn, no
 * allocation.
 */

/** Turns the learned hazard averages over (older turns' weight decays by 1 − 1/window per turn). */
export const HAZARD_WINDOW = 2_000;

/** Bounds of the hazard: never certain that the task stays, never certain that it moves. */
const LOWEST = 1e-3;
const HIGHEST = 1 - 1e-3;

/** Online estimate of the per-turn task switch hazard. */
export class HazardEstimate {
  /** decayed sum of redraw posteriors and of turns observed. */
  private redraws = 0;
  private turns = 0;
  /** current hazard. */
  value: number;

  /**
   * @param start hazard before any traffic (and what the estimate is shrunk towards)
   * @param priorTurns pseudo-turns `start` is worth; 0 keeps the hazard fixed at `start`
   */
  constructor(
    private readonly start: number,
    private readonly priorTurns: number,
  ) {
    this.value = clamp(start);
  }

  /**
   * Learns from one filtered turn: `previous` is the belief b_{t−1}, `logits` the turn's
   * evidence logits (likelihood exp(logit/T)), `priorLogits` T·log of the predicted belief.
   */
  observe(
    previous: ArrayLike<number>,
    logits: ArrayLike<number>,
    priorLogits: ArrayLike<number>,
    temperature: number,
  ): void {
    if (this.priorTurns === 0) return;
    const K = logits.length;
    let top = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < K; k++) if (logits[k]! > top) top = logits[k]!;
    let flat = 0;
    let total = 0;
    for (let k = 0; k < K; k++) {
      const likelihood = Math.exp((logits[k]! - top) / temperature);
      flat += likelihood;
      total += Math.exp(priorLogits[k]! / temperature) * likelihood;
    }
    if (!(total > 0) || previous.length !== K) return;
    const redraw = Math.min(1, ((this.value / K) * flat) / total);
    const keep = 1 - 1 / HAZARD_WINDOW;
    this.redraws = this.redraws * keep + redraw;
    this.turns = this.turns * keep + 1;
    this.value = clamp((this.start * this.priorTurns + this.redraws) / (this.priorTurns + this.turns));
  }
}

function clamp(h: number): number {
  return Math.min(HIGHEST, Math.max(LOWEST, h));
}
