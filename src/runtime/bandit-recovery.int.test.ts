/**
 * The component bandit's statistics are part of the checkpoint (issue 17 item 7): a checkpoint
 * holds them by agent id, a rollback restores them with the prompt vectors, close() saves them in a
 * final checkpoint, and a restart resumes from the latest checkpoint's statistics (after a crash,
 * the last periodic one). Each assertion fails when the bandit is left out of the
 * checkpoint (rollback/restart would keep, or lose, the evidence gathered since).
 */
import { copyFileSync, existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type BanditCheckpoint, readLearnedStateRecord } from "../consensus/checkpoint-state.js";
import type { ComponentBanditState } from "../learning/component-bandit.js";
import { simulatedModel } from "../models/simulated/simulated-model.js";
import type { StateStore } from "../store/contract.js";
import { Orchestrator } from "./orchestrator.js";

const agents = () =>
  ["a", "b", "c"].map((id, i) => ({ id, role: "assistant", model: simulatedModel({ id, seed: i }) }));

const CONFIG = {
  learning: { enabled: false },
  loop: { autoStart: false, checkpointEvery: 5 },
};

interface Internals {
  promptSpace: {
    choice: { bandit: { snapshot(): ComponentBanditState } };
    rollback(ctx: unknown): Promise<boolean>;
  };
  ctx: { store: StateStore; agents: { all: { id: string; index: number }[] } };
}

/** The bandit's statistics by agent id, from the running orchestrator (internals). */
function liveBandit(rapo: Orchestrator): Map<string, { outcomes: number; gram: number[] }> {
  const r = rapo as unknown as Internals;
  const idOf = (index: number) => r.ctx.agents.all.find((a) => a.index === index)!.id;
  return new Map(
    r.promptSpace.choice.bandit
      .snapshot()
      .agents.map((a) => [idOf(a.index), { outcomes: a.outcomes, gram: a.gram }]),
  );
}

function checkpointed(bandit: BanditCheckpoint | null): Map<string, { outcomes: number; gram: number[] }> {
  if (!bandit) throw new Error("the checkpoint holds no bandit statistics");
  return new Map(bandit.agents.map((a) => [a.id, { outcomes: a.outcomes, gram: Array.from(a.gram) }]));
}

async function latestBandit(rapo: Orchestrator) {
  const record = await (rapo as unknown as Internals).ctx.store.latestCheckpoint();
  if (!record) throw new Error("no checkpoint");
  return checkpointed(readLearnedStateRecord(record).bandit);
}

async function play(rapo: Orchestrator, conversations: number, offset = 0): Promise<void> {
  for (let i = 0; i < conversations; i++) {
    const conversationId = await rapo.startConversation();
    for (let t = 0; t < 3; t++) {
      const reply = await rapo.send({
        conversationId,
        content: `How many units of Part-${offset + i} are left?`,
      });
      await rapo.feedback(reply.turnId, (i + t) % 2);
    }
    await rapo.endConversation(conversationId);
  }
}

async function tickUntilCheckpoint(rapo: Orchestrator): Promise<void> {
  let saw = false;
  const off = rapo.on("checkpoint", () => {
    saw = true;
  });
  for (let k = 0; k < 20 && !saw; k++) await rapo.tick();
  off();
  if (!saw) throw new Error("no checkpoint written");
}

describe("component bandit in checkpoints (issue 17)", () => {
  it("a rollback restores the bandit's statistics with the prompt vectors", async () => {
    const rapo = await Orchestrator.create({ agents: agents(), config: CONFIG });
    await play(rapo, 6);
    await tickUntilCheckpoint(rapo);
    const atCheckpoint = await latestBandit(rapo);
    expect([...atCheckpoint.values()].reduce((s, a) => s + a.outcomes, 0)).toBeGreaterThan(0);
    expect(liveBandit(rapo)).toEqual(atCheckpoint);
    await play(rapo, 4, 100);
    await rapo.tick(); // applies the new outcomes (iterations 6–7: no checkpoint is due)
    await rapo.tick();
    expect(liveBandit(rapo)).not.toEqual(atCheckpoint); // evidence gathered since
    const r = rapo as unknown as Internals;
    expect(await r.promptSpace.rollback(r.ctx)).toBe(true);
    expect(liveBandit(rapo)).toEqual(atCheckpoint);
    await rapo.close();
  }, 60_000);

  it("close() saves the evidence gathered since the last checkpoint; a restart resumes from it", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "rapo-bandit-")), "state.sqlite");
    const first = await Orchestrator.create({ agents: agents(), store: { sqlite: path }, config: CONFIG });
    await play(first, 6);
    await tickUntilCheckpoint(first);
    const atCheckpoint = await latestBandit(first);
    await play(first, 2, 100); // evidence after the checkpoint
    await first.tick();
    const learned = liveBandit(first);
    expect(learned).not.toEqual(atCheckpoint);
    await first.close(); // applies what is pending, then saves
    const atClose = liveBandit(first);
    expect([...atClose.values()].reduce((s, a) => s + a.outcomes, 0)).toBeGreaterThan(
      [...atCheckpoint.values()].reduce((s, a) => s + a.outcomes, 0),
    );
    // agents listed in another order: the statistics follow the ids, not the rows
    const second = await Orchestrator.create({
      agents: agents().reverse(),
      store: { sqlite: path },
      config: CONFIG,
    });
    expect(liveBandit(second)).toEqual(atClose);
    await second.close();
  }, 60_000);

  it("a crash (no close) resumes from the latest checkpoint's bandit statistics", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "rapo-bandit-")), "state.sqlite");
    const first = await Orchestrator.create({ agents: agents(), store: { sqlite: path }, config: CONFIG });
    await play(first, 6);
    await tickUntilCheckpoint(first);
    const atCheckpoint = await latestBandit(first);
    expect([...atCheckpoint.values()].reduce((s, a) => s + a.outcomes, 0)).toBeGreaterThan(0);
    await play(first, 2, 100); // evidence after the checkpoint: lost with the process
    await first.tick();
    expect(liveBandit(first)).not.toEqual(atCheckpoint);
    // the first process never closes: the second opens a copy of its files, as after a crash
    const crashed = join(mkdtempSync(join(tmpdir(), "rapo-bandit-")), "state.sqlite");
    for (const suffix of ["", "-wal", "-shm"])
      if (existsSync(path + suffix)) copyFileSync(path + suffix, crashed + suffix);
    const second = await Orchestrator.create({
      agents: agents(),
      store: { sqlite: crashed },
      config: CONFIG,
    });
    expect(liveBandit(second)).toEqual(atCheckpoint);
    await second.close();
    await first.close();
  }, 60_000);
});
