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
});
