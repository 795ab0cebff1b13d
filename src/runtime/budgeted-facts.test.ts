/**
 * @module runtime/budgeted-facts.test
 * Issue 11: with `handoff.contextTokens`, the facts section keeps the facts most relevant to the
 * turn (not the newest) when they exceed the budget, and stays within it.
 */
import { describe, expect, it } from "vitest";
import { estimateTokens } from "../models/accounting/estimate-tokens.js";
import { scriptedModel } from "../models/scripted-model.js";
import { Orchestrator } from "./orchestrator.js";
import { FACTS_HEADER } from "./prompt-builder.js";

describe("budgeted facts section", () => {
  it("carries an early fact the late turn asks about, within the budget", async () => {
    const model = scriptedModel(() => "Noted.", { modelId: "a" });
    const rapo = await Orchestrator.create({
      agents: [{ id: "a", role: "assistant", model }],
      config: { loop: { autoStart: false }, handoff: { contextTokens: 120 } },
    });
    const { conversationId } = await rapo.send({ content: "The staff of Nancy-Hub is 2702 people." });
    for (let i = 0; i < 30; i++)
      await rapo.send({ conversationId, content: `The stock of Depot-${i} is ${100 + i} units.` });
    await rapo.send({ conversationId, content: "What is the staff of Nancy-Hub?" });
    const system = model.calls.at(-1)!.system;
    const facts = system.slice(system.indexOf(FACTS_HEADER));
    expect(facts).toContain("Nancy-Hub is 2702 people");
    // not every fact fits: the section was chosen, and it stays within the budget
    expect(facts).not.toContain("Depot-0 is");
    expect(estimateTokens(facts)).toBeLessThanOrEqual(120);
    await rapo.close();
  });
});
