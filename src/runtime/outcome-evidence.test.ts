import { describe, expect, it } from "vitest";
import { scriptedModel } from "../models/scripted-model.js";
import type { TurnClassifier } from "../state/types.js";
import { Orchestrator } from "./orchestrator.js";
import type { AgentSpec } from "./types.js";

// Issue 11: an outcome is evidence about what the conversation is about. A classifier that leans
// to "billing" on every turn sends the conversation to the billing agent; once that agent fails,
// the next turn (the same lean) must go to the shipping agent — through `feedback` alone.

const taxonomy = {
  taskTypes: [
    { id: "billing", description: "invoices and payments" },
    { id: "shipping", description: "parcels and deliveries" },
  ],
  modalities: [{ id: "text", description: "any message" }],
};

/** Always 0.6 billing / 0.4 shipping, whatever the text: only outcomes can tell them apart. */
const leaning: TurnClassifier = {
  classify: () => ({
    taskIndex: 0,
    taskScores: Float32Array.of(0.6, 0.4),
    modalityIndex: 0,
    modalityScores: Float32Array.of(1),
    complexity: { syntacticDepth: 1, entityCount: 0, inferenceSteps: 1 },
    entities: [],
    tokenCount: 4,
    confidence: 0.5,
  }),
};

function agent(id: string, prior: Record<string, number>): AgentSpec {
  return { id, role: id, model: scriptedModel(() => `${id} here`, { modelId: id }), capabilityPrior: prior };
}

async function secondAgent(outcomeEvidence: number, firstOutcome: number): Promise<string> {
  const rapo = await Orchestrator.create({
    agents: [agent("billing-agent", { billing: 0.9 }), agent("shipping-agent", { shipping: 0.9 })],
    taxonomy,
    classifier: leaning,
    config: { loop: { autoStart: false }, routing: { posteriorScale: 0, outcomeEvidence } },
  });
  try {
    const first = await rapo.send({ content: "Where is my order?" });
    expect(first.agentId).toBe("billing-agent");
    await rapo.feedback(first.turnId, firstOutcome);
    const second = await rapo.send({ conversationId: first.conversationId, content: "It has not come." });
    return second.agentId;
  } finally {
    await rapo.close();
  }
}

describe("outcome evidence through feedback (routing.outcomeEvidence)", () => {
  it("moves the conversation after its agent failed, and keeps it after a success", async () => {
    expect(await secondAgent(0.8, 0)).toBe("shipping-agent");
    expect(await secondAgent(0.8, 1)).toBe("billing-agent");
  });

  it("is what moves it: with the setting off the failing agent keeps the conversation", async () => {
    expect(await secondAgent(0, 0)).toBe("billing-agent");
  });
});
