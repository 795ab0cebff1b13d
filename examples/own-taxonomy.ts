/**
 * Your own task types: a support desk with billing, shipping and returns specialists.
 *
 * The taxonomy is declared once; the classifier learns it from the examples, each agent's
 * capability matrix gets one row per task type, and the feedback you give (here: a rule that
 * checks the answer mentions the right topic) teaches rapo who is good at what.
 *
 * Run: npx tsx examples/own-taxonomy.ts
 */
import { Orchestrator, scriptedModel } from "rapo";

/** A stand-in for an LLM that only knows its own topic (swap in `openai.chat(...)` and friends). */
function specialist(topic: string, keywords: RegExp) {
  return scriptedModel((call) =>
    keywords.test(call.lastUserText)
      ? `[${topic}] I can help with that: ${call.lastUserText.toLowerCase()}`
      : `[${topic}] Sorry, that is not my area.`,
  );
}

const rapo = await Orchestrator.create({
  agents: [
    { id: "billing-desk", role: "Billing support", model: specialist("billing", /charge|refund|invoice/i) },
    { id: "shipping-desk", role: "Shipping support", model: specialist("shipping", /parcel|deliver|track/i) },
    { id: "returns-desk", role: "Returns support", model: specialist("returns", /return|exchange/i) },
  ],
  taxonomy: {
    taskTypes: [
      {
        id: "billing",
        description: "invoices, charges and refunds",
        examples: ["I was charged twice", "Send me my invoice"],
      },
      {
        id: "shipping",
        description: "deliveries and tracking",
        examples: ["Where is my parcel?", "Track my delivery"],
      },
      {
        id: "returns",
        description: "returning or exchanging items",
        examples: ["I want to return my shoes", "Can I exchange this?"],
      },
    ],
    modalities: [{ id: "text", description: "any message" }],
  },
  config: { loop: { autoStart: false }, routing: { exploration: 0.3 } },
});

const requests = [
  "I was charged twice for order 1043",
  "Where is my parcel? It should have been delivered Monday",
  "I would like to return the blue jacket",
  "Please refund the duplicate charge",
  "Can you track my delivery to Lyon?",
  "How do I exchange a pair of shoes for a bigger size?",
];

for (let round = 0; round < 5; round++) {
  for (const content of requests) {
    const reply = await rapo.send({ content });
    // your own success signal: the specialist did not decline
    await rapo.feedback(reply.turnId, reply.content.includes("not my area") ? 0 : 1);
    await rapo.endConversation(reply.conversationId);
    if (round === 0 || round === 4)
      console.log(
        `round ${round + 1}: ${reply.taskType.padEnd(8)} → ${reply.agentId.padEnd(13)} ${reply.content}`,
      );
  }
  await rapo.tick(); // the control loop applies the feedback (it runs every 100 ms when autoStart is on)
}

console.log("\nlearned success rate per task type:");
for (const agent of rapo.agents()) {
  const rates = Object.entries(agent.capabilityByTask).map(([task, p]) => `${task} ${p.toFixed(2)}`);
  console.log(`  ${agent.id.padEnd(13)} ${rates.join("  ")}`);
}
await rapo.close();
