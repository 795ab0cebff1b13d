/**
 * Lazy instantiation (issue 17, SPEC §8 "instantiating only active agents"): an agent's per-turn
 * state (C_i, its turn window, the last stable copy) is allocated on its first route, not at
 * creation, and control-loop stages that only observe do not allocate it for idle agents.
 */
import { describe, expect, it } from "vitest";
import { scriptedModel } from "../models/scripted-model.js";
import type { AgentRuntime } from "./agent-runtime.js";
import { Orchestrator } from "./orchestrator.js";

function runtimes(rapo: Orchestrator): AgentRuntime[] {
  return (rapo as unknown as { ctx: { agents: { all: AgentRuntime[] } } }).ctx.agents.all;
}

describe("lazy agent instantiation", () => {
  it("allocates an agent's per-turn state on its first route only", async () => {
    const rapo = await Orchestrator.create({
      agents: Array.from({ length: 50 }, (_, i) => ({
        id: `a${i}`,
        role: "assistant",
        model: scriptedModel(() => "Done."),
      })),
      config: { loop: { autoStart: false }, learning: { enabled: false } },
    });
    const all = runtimes(rapo);
    expect(all.filter((a) => a.learned.materialized)).toHaveLength(0);
    const conversationId = await rapo.startConversation();
    const reply = await rapo.send({ conversationId, content: "Summarise the delivery plan." });
    for (let t = 0; t < 5; t++) await rapo.tick(); // context, consensus, global state, persistence
    const active = all.filter((a) => a.learned.materialized).map((a) => a.id);
    expect(active).toEqual([reply.agentId]);
    const served = all.find((a) => a.id === reply.agentId)!;
    expect(served.learned.contextIfAllocated?.some((x) => x !== 0)).toBe(true); // C_i computed for it
    await rapo.close();
  });
});
