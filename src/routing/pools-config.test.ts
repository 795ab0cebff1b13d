/** Pools declared in the configuration (issue 17): validated against the agents and used by routing. */
import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors.js";
import { scriptedModel } from "../models/scripted-model.js";
import { Orchestrator } from "../runtime/orchestrator.js";
import { checkPools } from "./pools.js";

const POOLS = [
  { id: "simple", maxComplexity: 0.2 },
  { id: "complex", maxComplexity: 1 },
];

describe("pools from config", () => {
  it("refuses pools without agents, agents outside the declared pools, and duplicate ids", () => {
    expect(() => checkPools(POOLS, ["simple", "complex"], "default")).not.toThrow();
    expect(() => checkPools([], [undefined, "x"], "default")).not.toThrow();
    expect(() => checkPools(POOLS, ["simple", "simple"], "default")).toThrow(/pool 'complex' has no agent/);
    expect(() => checkPools(POOLS, ["simple", undefined], "default")).toThrow(/'default' is not declared/);
    expect(() => checkPools([...POOLS, POOLS[0]!], ["simple", "complex"], "default")).toThrow(ConfigError);
  });

  it("config.pools drive the global scheduler: a simple conversation stays in its pool, a complex one escalates", async () => {
    const rapo = await Orchestrator.create({
      agents: [
        { id: "s", role: "concierge", pool: "simple", model: scriptedModel(() => "Hello, happy to help.") },
        {
          id: "c",
          role: "reasoning specialist",
          pool: "complex",
          model: scriptedModel(() => "Therefore 12."),
        },
      ],
      config: { pools: POOLS, loop: { autoStart: false }, learning: { enabled: false } },
    });
    const simple = await rapo.startConversation();
    const hello = await rapo.send({ conversationId: simple, content: "Hi there!" });
    expect(hello.agentId).toBe("s");
    const complex = await rapo.startConversation();
    const hard = await rapo.send({
      conversationId: complex,
      content:
        "If Lyon-Depot supplies Nice-Store and Paris-Depot supplies Lyon-Depot, and Nice-Store needs 40 units " +
        "while Marseille-Hub, Bordeaux-Yard and Lille-Port each hold 15, which sites must ship, in what order, " +
        "and why does that follow from the rules the Rouen-Office set for Toulouse-Annex last March?",
    });
    expect(hard.agentId).toBe("c");
    await expect(
      Orchestrator.create({
        agents: [{ id: "s", role: "x", pool: "elsewhere", model: scriptedModel(() => "ok") }],
        config: { pools: POOLS, loop: { autoStart: false }, learning: { enabled: false } },
      }),
    ).rejects.toThrow(/not declared/);
    await rapo.close();
  });
});
