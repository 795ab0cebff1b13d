/**
 * @module runtime/testing/crash-orchestrator
 * Child process of the orchestrator crash test: plays one long conversation against a SQLite
 * store and prints `<turnId> <conversationId>` after each `send` resolved (the turn is committed).
 * The parent SIGKILLs it mid-conversation and checks that nothing printed was lost.
 *
 * Usage: node --import tsx crash-orchestrator.ts <db path>
 */
import { simulatedModel } from "../../models/simulated/simulated-model.js";
import { Orchestrator } from "../orchestrator.js";

const path = process.argv[2];
if (!path) throw new Error("usage: crash-orchestrator.ts <db path>");
const rapo = await Orchestrator.create({
  agents: ["a", "b", "c"].map((id, i) => ({ id, role: "assistant", model: simulatedModel({ id, seed: i }) })),
  store: { sqlite: path },
  config: { loop: { intervalMs: 5 } },
});
const conversationId = await rapo.startConversation("crash-conversation");
for (let i = 0; i < 100_000; i++) {
  const reply = await rapo.send({
    conversationId,
    content: `The stock of Site-${i} is ${i} units. What is the stock of Site-${i}?`,
  });
  process.stdout.write(`${reply.turnId} ${reply.conversationId}\n`);
}
