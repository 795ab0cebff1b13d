/**
 * A service loop on a SQLite store, with feedback: conversations arrive, each turn is routed,
 * answered, checked and its outcome fed back; the control loop (every 100 ms) learns from the
 * outcomes and persists what it learned. Stop the process and start it again: routing resumes
 * from the learned state instead of starting cold.
 *
 * The traffic is rapo's synthetic benchmark (a supply-network help desk with an answer key) and
 * the agents are its simulated specialists, so it runs offline; in a real service the feedback
 * would come from your users or from an LLM judge.
 *
 * Run: npx tsx examples/sqlite-service.ts [state.sqlite] [conversations]
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Orchestrator } from "rapo";
import { castAgents, generateDataset, verifyTurn } from "rapo/eval";

const path = process.argv[2] ?? join(mkdtempSync(join(tmpdir(), "rapo-service-")), "state.sqlite");
const perRun = Number(process.argv[3] ?? 12);

/** One "deployment": open the store, serve a batch of conversations, shut down cleanly. */
async function serve(run: number, offset: number): Promise<void> {
  const rapo = await Orchestrator.create({ agents: castAgents({ seed: 1 }), store: { sqlite: path } });
  const before = rapo.agents().reduce((n, a) => n + a.turns, 0);
  console.log(`run ${run}: opened ${path}; the agents had learned from ${before} earlier turns`);
  const traffic = generateDataset({ conversations: offset + perRun, seed: 7 }).slice(offset);
  let checked = 0;
  let correct = 0;
  for (const conversation of traffic) {
    const id = await rapo.startConversation();
    for (const turn of conversation.turns) {
      const reply = await rapo.send({ conversationId: id, content: turn.user });
      if (turn.expected.result === null && turn.expected.mustInclude.length === 0) continue; // nothing to check
      const verdict = verifyTurn(turn, reply.content);
      await rapo.feedback(reply.turnId, verdict.correct ? 1 : 0);
      checked++;
      if (verdict.correct) correct++;
    }
    await rapo.endConversation(id);
  }
  console.log(
    `run ${run}: served ${traffic.length} conversations; ${correct}/${checked} checked answers correct`,
  );
  for (const agent of rapo.agents().filter((a) => a.turns > 0)) {
    const best = Object.entries(agent.capabilityByTask).sort((x, y) => y[1] - x[1])[0]!;
    console.log(
      `  ${agent.id.padEnd(22)} ${String(agent.turns).padStart(4)} turns in total, best at ${best[0]} (${best[1].toFixed(2)})`,
    );
  }
  await rapo.close(); // applies pending outcomes and persists the learned state
}

await serve(1, 0);
await serve(2, perRun);
