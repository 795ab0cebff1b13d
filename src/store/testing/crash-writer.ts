/**
 * @module store/testing/crash-writer
 * Child process of the SQLite crash test: commits turns in a loop (acceptTurn, then completeTurn
 * with its conversation) and prints each turn id on stdout only after its completeTurn resolved.
 * The parent SIGKILLs it mid-loop and checks that every printed id survived.
 *
 * Usage: node --import tsx crash-writer.ts <db path> <turns per conversation> <normal|exclusive> [max turns]
 */
import { SqliteStore } from "../sqlite-store.js";
import { answered, makeConversation, makeTurn } from "./fixtures.js";

async function main(
  path: string,
  turnsPerConversation: number,
  locking: "normal" | "exclusive",
  maxTurns: number,
): Promise<void> {
  const store = SqliteStore.open(path, { locking });
  for (let n = 0; n < maxTurns; n++) {
    const conversationId = `conv-${Math.floor(n / turnsPerConversation)}`;
    const seq = n % turnsPerConversation;
    const turn = makeTurn({ id: `turn-${n}`, conversationId, seq, createdAt: Date.now() });
    await store.acceptTurn(turn);
    const agentId = `agent-${n % 3}`;
    const conversation = makeConversation({
      id: conversationId,
      lastAgentId: agentId,
      turnCount: seq + 1,
      updatedAt: Date.now(),
    });
    await store.completeTurn(answered(turn, agentId), conversation);
    // Pipes are synchronous on Linux, so a printed id is one the parent will read.
    process.stdout.write(`${turn.id}\n`);
  }
  await store.close();
}

const [path, perConversation, locking, max] = process.argv.slice(2);
if (
  path === undefined ||
  perConversation === undefined ||
  (locking !== "normal" && locking !== "exclusive")
) {
  throw new Error("usage: crash-writer.ts <db path> <turns per conversation> <normal|exclusive> [max turns]");
}
// The cap only guards against a parent that never kills us.
await main(path, Number(perConversation), locking, max === undefined ? 1_000_000 : Number(max));
