/**
 * @module learning/divergence-monitor
 * Detects a diverging training run (SPEC §7 "gradient explosion"): a non-finite loss or gradient,
 * or a loss spike — a loss above `factor` times its running mean once the mean has settled. A
 * spike means the weights left the region the checkpoint knew, so the caller rolls back.
 */

/** Training steps before the running mean is trusted. */
const WARM_UP_STEPS = 20;
/** Rate of the loss's running mean (~50 steps). */
const MEAN_RATE = 0.02;

/** What one training step reported. */
export interface StepLoss {
  loss: number | null;
  gradientNorm: number | null;
  rejected: boolean;
}

/** Running mean of the training loss and the divergence test. */
export class DivergenceMonitor {
  private mean = 0;
  private steps = 0;

  /** @param factor a loss above `factor` × its running mean is a divergence (config `learning.divergenceFactor`). */
  constructor(private readonly factor: number) {}

  /** Records a step; true when it diverged. A diverging step does not enter the running mean. */
  observe(step: StepLoss): boolean {
    if (step.rejected) return true;
    const { loss, gradientNorm } = step;
    if (loss === null) return false;
    if (!Number.isFinite(loss) || (gradientNorm !== null && !Number.isFinite(gradientNorm))) return true;
    if (this.steps >= WARM_UP_STEPS && loss > this.factor * this.mean) return true;
    this.steps++;
    this.mean += (this.steps === 1 ? 1 : Math.max(1 / this.steps, MEAN_RATE)) * (loss - this.mean);
    return false;
  }

  /** Forgets the running mean (after a rollback the loss starts from the checkpoint's level). */
  reset(): void {
    this.mean = 0;
    this.steps = 0;
  }

  /** The running mean of the loss (0 before any step). */
  get runningMean(): number {
    return this.mean;
  }
}
