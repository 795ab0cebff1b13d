/** The scale agents: cycled cast, models built on first use, model calls carried over a turn bus. */
import { describe, expect, it } from "vitest";
import { TurnWorker } from "../distributed/turn-worker.js";
import { MemoryWorkerRegistry } from "../distributed/worker-registry.js";
import { MemoryTurnBus } from "../ports/memory-turn-bus.js";
import { sizeList } from "./options.js";
import {
  answerCall,
  busModel,
  lazyModel,
  scaleAgentModel,
  scaleAgentSpec,
  workerStream,
} from "./scale-agents.js";

const PROMPT = [
  { role: "user" as const, content: [{ type: "text" as const, text: "What is the stock of Lyon-Depot?" }] },
];

describe("scale agents", () => {
  it("cycles the cast with unique ids and the original's public declaration", () => {
    const ids = Array.from({ length: 40 }, (_, i) => scaleAgentSpec(i).id);
    expect(new Set(ids).size).toBe(40);
    expect(scaleAgentSpec(0).role).toBe(scaleAgentSpec(8).role);
    expect(scaleAgentSpec(0).capabilityPrior).toEqual(scaleAgentSpec(8).capabilityPrior);
  });

  it("builds a lazy model only on its first call", async () => {
    let built = 0;
    const model = lazyModel("x", () => {
      built++;
      return scaleAgentModel(3, 42);
    });
    expect(built).toBe(0);
    await model.doGenerate({ prompt: PROMPT });
    await model.doGenerate({ prompt: PROMPT });
    expect(built).toBe(1);
  });

  it("answers a call through the bus as the hosted model answers it directly", async () => {
    const bus = new MemoryTurnBus();
    let n = 0;
    const worker = new TurnWorker({
      workerId: "w0",
      agents: [workerStream(0)],
      bus,
      registry: new MemoryWorkerRegistry(),
      handler: (turn) => answerCall(turn.request.content, (i) => scaleAgentModel(i, 42)),
      visibilityTimeoutMs: 60_000,
      concurrency: 4,
      allAgents: () => [workerStream(0)],
      reroute: () => null,
    });
    await worker.start();
    try {
      const remote = await busModel(5, 1, bus, () => `t${n++}`).doGenerate({ prompt: PROMPT });
      const local = await scaleAgentModel(5, 42).doGenerate({ prompt: PROMPT });
      expect(remote.content).toEqual(local.content.filter((p) => p.type === "text"));
      expect(remote.usage).toEqual(local.usage);
    } finally {
      await worker.stop();
    }
  });

  it("parses --sizes and refuses a bad one", () => {
    expect(sizeList("10,50,10000")).toEqual([10, 50, 10000]);
    expect(() => sizeList("10,0")).toThrow(/out of range/);
    expect(() => sizeList("10,x")).toThrow(/integer/);
  });
});
