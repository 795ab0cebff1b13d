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

describe("exploration (SPEC §3: a new agent gets traffic, a bad one stops getting it)", () => {
  const content = "Calculate the total stock of Lyon-Depot and Paris-Depot.";

  it("tries an agent without evidence and stops routing to it once it proves bad", async () => {
    const skills = { veteran: 0.8, newcomer: 0.05 };
    const rapo = await Orchestrator.create({
      agents: Object.entries(skills).map(([id, skill], i) => ({
        id,
        role: "assistant",
        model: simulatedModel({ id, seed: i + 1, defaultSkill: skill }),
        // the veteran arrives with a learned record; the newcomer with none
        ...(id === "veteran" ? { capabilityPrior: { math: 0.8 } } : {}),
      })),
      // every turn opens a conversation that is never ended: with the paper's load term they pile
      // up in the veteran's N_a, which is what sent the newcomer traffic here; the UCB bonus alone
      // (c = 0.15) first tries it after ~100 turns. Exploration itself is issue 10 item 3.
      config: { loop: { autoStart: false }, routing: { load: "paper" } },
    });
    const picks: string[] = [];
    for (let i = 0; i < 120; i++) {
      const reply = await rapo.send({ content });
      picks.push(reply.agentId);
      await rapo.feedback(
        reply.turnId,
        (i * 7919) % 100 < skills[reply.agentId as keyof typeof skills] * 100 ? 1 : 0,
      );
      await rapo.tick();
    }
    expect(picks.slice(0, 20)).toContain("newcomer");
    expect(picks.slice(-60).filter((p) => p === "newcomer").length).toBeLessThanOrEqual(3);
    await rapo.close();
  });
});

describe("custom taxonomy (one task type per business domain)", () => {
  it("classifies, learns and routes by the user's own task types", async () => {
    const taxonomy = {
      taskTypes: [
        {
          id: "billing",
          description: "invoices, payments and refunds",
          examples: ["I was charged twice for my invoice", "Refund my last payment"],
        },
        {
          id: "shipping",
          description: "deliveries, parcels and tracking",
          examples: ["Where is my parcel?", "The delivery is late"],
        },
        {
          id: "returns",
          description: "returning or exchanging products",
          examples: ["I want to return these shoes", "Exchange the jacket for a larger size"],
        },
      ],
      modalities: [{ id: "text", description: "any message" }],
    };
    const rapo = await Orchestrator.create({
      agents: ["billing-desk", "shipping-desk"].map((id) => ({
        id,
        role: id,
        model: simulatedModel({ id }),
      })),
      taxonomy,
      config: { loop: { autoStart: false } },
    });
    const reply = await rapo.send({
      content: "My parcel has not been delivered and tracking shows nothing.",
    });
    expect(reply.taskType).toBe("shipping");
    await rapo.feedback(reply.turnId, 1);
    await rapo.tick();
    expect(rapo.agent(reply.agentId).capability).toHaveLength(3);
    expect(rapo.agent(reply.agentId).capabilityByTask["shipping"]).toBeGreaterThan(0.5);
    await rapo.close();
  });
});

describe("control loop on its timer", () => {
  it("applies feedback within a few ticks without blocking turns, and stops on close", async () => {
    const rapo = await Orchestrator.create({
      agents: [{ id: "a", role: "assistant", model: simulatedModel({ id: "a" }) }],
      config: { loop: { intervalMs: 10 } },
    });
    const reply = await rapo.send({ content: "Calculate 15 percent of 240." });
    await rapo.feedback(reply.turnId, 1);
    const deadline = Date.now() + 2000;
    while (rapo.agent("a").capabilityByTask[reply.taskType] === 0.5 && Date.now() < deadline) {
      await rapo.send({ conversationId: reply.conversationId, content: "And 20 percent of 240?" });
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(rapo.agent("a").capabilityByTask[reply.taskType]).toBeGreaterThan(0.5);
    expect(rapo.iteration).toBeGreaterThan(0);
    await rapo.close();
    const iterations = rapo.iteration;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(rapo.iteration).toBe(iterations);
  });
});
