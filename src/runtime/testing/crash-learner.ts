/**
 * @module runtime/testing/crash-learner
 * Child process of the learned-state crash test (issue 17): trains the dynamics network against a
 * SQLite store with frequent checkpoints and prints `checkpoint <id>` after each one is written.
 * The parent SIGKILLs it and checks that a restart resumes from the checkpointed weights.
 *
 * Usage: node --import tsx crash-learner.ts <db path>
 */
import { simulatedModel } from "../../models/simulated/simulated-model.js";
import { Orchestrator } from "../orchestrator.js";
import { CRASH_LEARNER_CONFIG } from "./crash-learner-config.js";

const path = process.argv[2];
if (!path) throw new Error("usage: crash-learner.ts <db path>");
const rapo = await Orchestrator.create({
  agents: ["a", "b", "c"].map((id, i) => ({ id, role: "assistant", model: simulatedModel({ id, seed: i }) })),
  store: { sqlite: path },
  config: CRASH_LEARNER_CONFIG,
});
rapo.on("checkpoint", (e) => process.stdout.write(`checkpoint ${e.id}\n`));
for (let i = 0; i < 100_000; i++) {
  const conversationId = await rapo.startConversation();
  for (let t = 0; t < 4; t++) {
    const reply = await rapo.send({
      conversationId,
      content: `The stock of Site-${i} is ${t} units. What is it?`,
    });
    await rapo.feedback(reply.turnId, (i + t) % 3 === 0 ? 0 : 1);
  }
  await rapo.endConversation(conversationId);
}
