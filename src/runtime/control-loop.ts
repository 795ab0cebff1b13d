/**
 * @module runtime/control-loop
 * SPEC §6: one loop every `loop.intervalMs` (100 ms) that runs its stages in order — apply
 * pending outcomes and context, consensus, refresh the routing table, checkpoint, export
 * metrics. Ticks never overlap (a slow tick makes the next one skip, it never queues), a failing
 * stage is logged and does not stop the loop, and routing never waits for a tick: the loop
 * yields to the event loop between stages, so turns that arrived meanwhile run before the next
 * stage (a tick blocks them for at most one stage, not the sum; long stages yield inside too).
 */
import { setImmediate as yieldToEventLoop } from "node:timers/promises";

/** What a stage learns about the tick it runs in. */
export interface TickContext {
  /** 1-based iteration counter, persisted with checkpoints. */
  iteration: number;
  /** the orchestrator's clock at the start of the tick, ms. */
  now: number;
  /**
   * true when the loop's own timer started the tick; false for ticks asked for by hand (tests,
   * the eval runner, benchmarks), which always run every stage in full (see `learning.maxCpuShare`).
   */
  scheduled?: boolean;
}

/** One step of the control loop. */
export interface LoopStage {
  readonly name: string;
  run(tick: TickContext): void | Promise<void>;
}

/** Options of the loop. */
export interface ControlLoopOptions {
  intervalMs: number;
  stages: LoopStage[];
  onStageError: (stage: string, error: unknown) => void;
  onTick?: (durationMs: number, tick: TickContext) => void;
  /** the clock of `TickContext.now` (the orchestrator's clock); Date.now by default. */
  clock?: () => number;
}

/** The control loop. `tick()` can also be called by hand (tests, benchmarks, autoStart off). */
export class ControlLoop {
  iteration = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;

  constructor(private readonly options: ControlLoopOptions) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (!this.running) void this.tick(true);
    }, this.options.intervalMs);
    // the loop must not keep a process alive on its own
    this.timer.unref();
  }

  /** Runs one tick now, or waits for the tick in progress. `scheduled`: the timer asks (see TickContext). */
  tick(scheduled = false): Promise<void> {
    if (this.running) return this.running;
    this.running = this.runTick(scheduled).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Stops the timer and waits for the tick in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    if (this.running) await this.running;
  }

  private async runTick(scheduled: boolean): Promise<void> {
    const started = performance.now();
    const tick: TickContext = {
      iteration: ++this.iteration,
      now: (this.options.clock ?? Date.now)(),
      scheduled,
    };
    for (const stage of this.options.stages) {
      try {
        await stage.run(tick);
      } catch (error) {
        this.options.onStageError(stage.name, error);
      }
      await yieldToEventLoop();
    }
    this.options.onTick?.(performance.now() - started, tick);
  }
}
