import { describe, expect, it } from "vitest";
import { simulatedModel } from "../models/simulated/simulated-model.js";
import { Orchestrator } from "./orchestrator.js";

/** Turns whose task type the classifier recognises clearly, by task type. */
const TURNS: Record<string, string[]> = {
  math: [
    "Calculate the total stock of Lyon-Depot and Paris-Depot.",
    "Compute the average price of Widget-7 and Widget-9.",
    "What is the sum of 420 and 130?",
  ],
  grammar: [
    "Correct the grammar of this sentence: the depots has many unit.",
    "Rephrase this clause in the passive voice: the supplier delivered the parts.",
    "Fix the punctuation and syntax of this sentence please.",
  ],
  creative: [
    "Write a short poem about the Lyon-Depot warehouse.",
    "Invent a slogan for the bakery on Main Street.",
    "Write a creative story about a lighthouse keeper.",
  ],
};

describe("capability learning moves traffic to the skilled agent (issue 2)", () => {
  it("routes each task type to its skilled agent after 300 turns with feedback", async () => {
    const skills = {
      mathy: { math: 0.95, grammar: 0.2, creative: 0.2 },
      wordy: { math: 0.2, grammar: 0.95, creative: 0.2 },
      poet: { math: 0.2, grammar: 0.2, creative: 0.95 },
    };
    const rapo = await Orchestrator.create({
      agents: Object.entries(skills).map(([id, s], i) => ({
        id,
        role: "assistant",
        model: simulatedModel({ id, seed: i + 1, skills: s, defaultSkill: 0.2 }),
      })),
      config: { loop: { autoStart: false } },
    });
    const kinds = Object.keys(TURNS);
    const lastHundred: Record<string, Record<string, number>> = { math: {}, grammar: {}, creative: {} };
    let conversation: string | undefined;
    for (let i = 0; i < 300; i++) {
      if (i % 10 === 0) {
        if (conversation) await rapo.endConversation(conversation);
        conversation = await rapo.startConversation();
      }
      const kind = kinds[i % kinds.length]!;
      const content = TURNS[kind]![Math.floor(i / 3) % 3]!;
      const reply = await rapo.send({ conversationId: conversation!, content });
      // outcome feedback from the hidden skill: the orchestrator never sees the skills
      const skill = skills[reply.agentId as keyof typeof skills][kind as "math"];
      const outcome = (i * 7919) % 100 < skill * 100 ? 1 : 0;
      await rapo.feedback(reply.turnId, outcome);
      await rapo.tick();
      if (i >= 200) lastHundred[kind]![reply.agentId] = (lastHundred[kind]![reply.agentId] ?? 0) + 1;
    }
    const share = (kind: string, agent: string) => {
      const counts = lastHundred[kind]!;
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      return (counts[agent] ?? 0) / total;
    };
    expect(share("math", "mathy")).toBeGreaterThan(0.7);
    expect(share("grammar", "wordy")).toBeGreaterThan(0.7);
    expect(share("creative", "poet")).toBeGreaterThan(0.7);
    const mathy = rapo.agent("mathy").capabilityByTask;
    expect(mathy["math"]!).toBeGreaterThan(rapo.agent("wordy").capabilityByTask["math"]!);
    await rapo.close();
  });
});
