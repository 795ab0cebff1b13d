/**
 * @module learning/background-trainer
 * Runs training steps off the request path (SPEC §5): requested steps run in `setImmediate`
 * slices of at most `sliceMs` (a step is never split, so a slice can overrun by one step), and
 * the event loop gets control back between slices, so turns keep being routed while the network
 * trains. `stop()` drops queued steps and resolves once the step in flight has finished, so the
 * learner can be serialised or disposed safely afterwards.
 */

/** Anything with an async training step (the DynamicsLearner). */
export interface Trainable<R = unknown> {
  trainStep(): Promise<R>;
}

/** Options of the trainer. */
export interface BackgroundTrainerOptions<R> {
  /** time budget of one slice in ms (default 10). */
  sliceMs?: number;
  /** called after every step. */
  onStep?: (result: R) => void;
  /** called when a step throws; the trainer carries on with the next one. */
  onError?: (error: unknown) => void;
}

/** Counters of the trainer. */
export interface TrainerStats {
  stepsDone: number;
  failedSteps: number;
  pending: number;
  running: boolean;
}

const DEFAULT_SLICE_MS = 10;

/** Time-sliced background training. */
export class BackgroundTrainer<R = unknown> {
  private readonly learner: Trainable<R>;
  private readonly options: BackgroundTrainerOptions<R>;
  private pending = 0;
  private stepsDone = 0;
  private failedSteps = 0;
  private stopped = false;
  private loop: Promise<void> | null = null;

  constructor(learner: Trainable<R>, options: BackgroundTrainerOptions<R> = {}) {
    this.learner = learner;
    this.options = options;
  }

  /** Queues `steps` training steps (ignored after {@link stop}). */
  request(steps = 1): void {
    if (this.stopped || !(steps > 0)) return;
    this.pending += Math.floor(steps);
    this.loop ??= this.run().finally(() => {
      this.loop = null;
    });
  }

  /** Resolves when every queued step has run (or the trainer stopped). */
  async idle(): Promise<void> {
    while (this.loop) await this.loop;
  }

  /** Drops queued steps and waits for the step in flight. Idempotent. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.pending = 0;
    await this.idle();
  }

  /** Counters. */
  get stats(): TrainerStats {
    return {
      stepsDone: this.stepsDone,
      failedSteps: this.failedSteps,
      pending: this.pending,
      running: this.loop !== null,
    };
  }

  private async run(): Promise<void> {
    const sliceMs = this.options.sliceMs ?? DEFAULT_SLICE_MS;
    while (this.pending > 0 && !this.stopped) {
      await yieldToEventLoop();
      const sliceStart = performance.now();
      while (this.pending > 0 && !this.stopped && performance.now() - sliceStart < sliceMs) {
        this.pending--;
        await this.step();
      }
    }
  }

  private async step(): Promise<void> {
    try {
      const result = await this.learner.trainStep();
      this.stepsDone++;
      this.options.onStep?.(result);
    } catch (error) {
      this.failedSteps++;
      this.options.onError?.(error);
    }
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
