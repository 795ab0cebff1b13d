import { describe, expect, it } from "vitest";
import { ControlLoop, type LoopStage } from "./control-loop.js";

function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // a synchronous stage: CPU work that blocks the event loop
  }
}

describe("ControlLoop", () => {
  it("runs its stages in order, counts iterations and reports the tick", async () => {
    const order: string[] = [];
    const durations: number[] = [];
    const loop = new ControlLoop({
      intervalMs: 100,
      stages: ["a", "b", "c"].map((name) => ({ name, run: () => void order.push(name) })),
      onStageError: () => undefined,
      onTick: (ms) => durations.push(ms),
    });
    await loop.tick();
    await loop.tick();
    expect(order).toEqual(["a", "b", "c", "a", "b", "c"]);
    expect(loop.iteration).toBe(2);
    expect(durations).toHaveLength(2);
  });

  it("yields to the event loop between stages, so work that arrived meanwhile is not held for the whole tick", async () => {
    const events: string[] = [];
    const stage = (name: string): LoopStage => ({
      name,
      run: () => {
        events.push(`${name} start`);
        // something arrives while the stage blocks (a turn's I/O callback, a timer)
        setImmediate(() => events.push(`callback queued by ${name}`));
        busyFor(5);
        events.push(`${name} end`);
      },
    });
    const loop = new ControlLoop({
      intervalMs: 100,
      stages: [stage("one"), stage("two")],
      onStageError: () => undefined,
    });
    await loop.tick();
    expect(events).toEqual([
      "one start",
      "one end",
      "callback queued by one",
      "two start",
      "two end",
      "callback queued by two",
    ]);
  });

  it("logs a failing stage and goes on with the next", async () => {
    const failures: string[] = [];
    let ran = false;
    const loop = new ControlLoop({
      intervalMs: 100,
      stages: [
        {
          name: "broken",
          run: () => {
            throw new Error("boom");
          },
        },
        {
          name: "next",
          run: () => {
            ran = true;
          },
        },
      ],
      onStageError: (name, error) => failures.push(`${name}: ${(error as Error).message}`),
    });
    await loop.tick();
    expect(failures).toEqual(["broken: boom"]);
    expect(ran).toBe(true);
  });

  it("never overlaps ticks: a tick asked for during one waits for it", async () => {
    let active = 0;
    let maxActive = 0;
    const loop = new ControlLoop({
      intervalMs: 100,
      stages: [
        {
          name: "slow",
          run: async () => {
            active++;
            maxActive = Math.max(maxActive, active);
            await new Promise((resolve) => setTimeout(resolve, 5));
            active--;
          },
        },
      ],
      onStageError: () => undefined,
    });
    await Promise.all([loop.tick(), loop.tick(), loop.tick()]);
    expect(maxActive).toBe(1);
    expect(loop.iteration).toBe(1);
  });
});
