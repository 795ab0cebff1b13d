/**
 * The β term of consensus is the gradient of the Monte Carlo value (issue 17): 10 rollouts through
 * the network's transition head, not the one-step ∂Q/∂P. Fails if the runtime calls anything else.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { DynamicsLearner } from "../learning/dynamics-learner.js";
import { simulatedModel } from "../models/simulated/simulated-model.js";
import { Orchestrator } from "./orchestrator.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("learned dynamics in the default runtime", () => {
  it("feeds consensus with ∂V_MC/∂P over monteCarloTrajectories rollouts", async () => {
    const rollouts = vi.spyOn(DynamicsLearner.prototype, "gradValueBatch");
    const oneStep = vi.spyOn(DynamicsLearner.prototype, "gradQBatch");
    const rapo = await Orchestrator.create({
      agents: ["a", "b"].map((id, i) => ({ id, role: "assistant", model: simulatedModel({ id, seed: i }) })),
      config: { loop: { autoStart: false }, learning: { monteCarloTrajectories: 10 } },
    });
    const conversationId = await rapo.startConversation();
    for (let t = 0; t < 3; t++) {
      const reply = await rapo.send({ conversationId, content: `The stock of Site-${t} is ${t} units.` });
      await rapo.feedback(reply.turnId, 1);
      await rapo.tick();
    }
    expect(rollouts).toHaveBeenCalled();
    const requests = rollouts.mock.calls[0]![0];
    const gradients = rollouts.mock.results[0]!.value as Float32Array[];
    expect(gradients).toHaveLength(requests.length);
    expect(gradients.every((g) => g.every(Number.isFinite))).toBe(true);
    expect(oneStep).not.toHaveBeenCalled();
    await rapo.close();
  });
});
