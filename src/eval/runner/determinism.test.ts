/**
 * `rapo bench` gives identical numbers for a seed whatever the CPU is doing: the same seed run
 * twice — once while a sibling process burns a CPU core flat out — gives bit-identical results.
 * The `contended` scenario is used because it exercises everything that reads the clock:
 * queueing with occupancy slowdown, the deadline and attempt timeouts with failover, rate-limit
 * windows (429), circuit breakers and the orchestrator's active-conversation TTL.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { generateDataset } from "../generator/generate.js";
import { RAPO } from "../methods/rapo-methods.js";
import { loadScenario } from "../scenario/loader.js";
import { generatorOptionsOf } from "../scenario/world.js";
import type { MethodResult } from "../types.js";
import { runMethod } from "./run-method.js";

/** Starts a process that keeps one core busy until killed. */
function burnCpu(): ChildProcess {
  return spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" });
}

/** The result without wall-clock fields (wall time is reported apart and may differ). */
function numbers(result: MethodResult): unknown {
  return result.conversations.map((c) => ({ ...c, turns: c.turns.map(({ wallMs: _, ...t }) => t) }));
}

describe("determinism under CPU load", () => {
  it("gives identical results for a seed with and without a CPU-burning sibling process", async () => {
    const scenario = await loadScenario("contended");
    const dataset = generateDataset(generatorOptionsOf(scenario, 14, 5));
    const run = () => runMethod(RAPO, dataset, { seed: 5, scenario });
    const calm = await run();
    const burners = [burnCpu(), burnCpu()];
    let loaded: MethodResult;
    try {
      // let the burners get going before the second run starts
      await new Promise((resolve) => setTimeout(resolve, 200));
      loaded = await run();
    } finally {
      for (const b of burners) b.kill("SIGKILL");
    }
    expect(numbers(loaded)).toEqual(numbers(calm));
    // the run is not trivial: timeouts, failovers and deadline misses happened in it
    const turns = calm.conversations.flatMap((c) => c.turns);
    expect(turns.some((t) => t.deadlineMet === false || (t.timeouts ?? 0) > 0)).toBe(true);
    expect(turns.every((t) => typeof t.wallMs === "number")).toBe(true);
  });
});
