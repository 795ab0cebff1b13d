/**
 * Stability metrics exported every consensus tick (issue 17): V, the ω-weighted global state's
 * drift ½‖Φ_ω − Φ*‖², the Lipschitz estimate L and the α actually used.
 */
import { describe, expect, it } from "vitest";
import { simulatedModel } from "../models/simulated/simulated-model.js";
import { Orchestrator } from "./orchestrator.js";

describe("consensus stability metrics", () => {
  it("exports V, Φ drift, L and the α used", async () => {
    const rapo = await Orchestrator.create({
      agents: ["a", "b"].map((id, i) => ({ id, role: "assistant", model: simulatedModel({ id, seed: i }) })),
      config: { loop: { autoStart: false }, learning: { enabled: false } },
    });
    await rapo.tick();
    const json = await rapo.metrics.registry.getMetricsAsJSON();
    const value = (name: string) => json.find((m) => m.name === name)?.values[0]?.value;
    for (const name of [
      "rapo_lyapunov_value",
      "rapo_global_state_drift",
      "rapo_consensus_lipschitz",
      "rapo_consensus_alpha",
    ])
      expect(value(name), name).toBeTypeOf("number");
    // (the clamp itself firing is tested on the engine: consensus-engine.test.ts)
    await rapo.close();
  });

  it("exports the paper's V over the whole triple, and turns move its context and capability blocks", async () => {
    const rapo = await Orchestrator.create({
      agents: ["a", "b"].map((id, i) => ({ id, role: "assistant", model: simulatedModel({ id, seed: i }) })),
      config: { loop: { autoStart: false }, learning: { enabled: false }, consensus: { enabled: false } },
    });
    const blocks = async () => {
      const json = await rapo.metrics.registry.getMetricsAsJSON();
      const metric = json.find((m) => m.name === "rapo_global_lyapunov");
      return Object.fromEntries((metric?.values ?? []).map((v) => [v.labels["block"], v.value]));
    };
    await rapo.tick();
    await rapo.tick();
    const rest = await blocks();
    for (const block of ["total", "prompt", "context", "capability"]) expect(rest[block]).toBeCloseTo(0, 20);
    const seen = { context: 0, capability: 0 };
    const conversationId = await rapo.startConversation();
    for (let t = 0; t < 6; t++) {
      const reply = await rapo.send({
        conversationId,
        content: `Compute the total of ${t} and ${t + 4} units.`,
      });
      await rapo.feedback(reply.turnId, t % 2);
      await rapo.tick();
      const b = await blocks();
      seen.context = Math.max(seen.context, b["context"] ?? 0);
      seen.capability = Math.max(seen.capability, b["capability"] ?? 0);
      expect(b["total"]).toBeCloseTo((b["prompt"] ?? 0) + (b["context"] ?? 0) + (b["capability"] ?? 0), 12);
    }
    // consensus is off: P never moves, but V still sees C_i and M_i move
    expect(seen.context).toBeGreaterThan(0);
    expect(seen.capability).toBeGreaterThan(0);
    await rapo.close();
  });
});
