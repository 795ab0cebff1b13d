import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { simulatedModel } from "../models/simulated/simulated-model.js";
import { Orchestrator } from "./orchestrator.js";
import type { AgentSpec } from "./types.js";

function agents(): AgentSpec[] {
  return ["a", "b"].map((id, i) => ({
    id,
    role: "assistant",
    model: simulatedModel({ id, seed: i, defaultSkill: 1 }),
  }));
}

function tempDb(): string {
  return join(mkdtempSync(join(tmpdir(), "rapo-persist-")), "state.sqlite");
}

describe("embedded persistence (SQLite)", () => {
  it("continues a conversation and keeps learned capabilities after close and reopen", async () => {
    const path = tempDb();
    const first = await Orchestrator.create({
      agents: agents(),
      store: { sqlite: path },
      config: { loop: { autoStart: false } },
    });
    const id = await first.startConversation("c1");
    const reply = await first.send({ conversationId: id, content: "The stock of Lyon-Depot is 420 units." });
    await first.feedback(reply.turnId, 1);
    await first.tick();
    const learned = first.agent(reply.agentId).capability;
    await first.close();

    const second = await Orchestrator.create({
      agents: agents(),
      store: { sqlite: path },
      config: { loop: { autoStart: false } },
    });
    // capability matrices are stored as float16 (SPEC §6): equal to ~1e-3
    const restored = second.agent(reply.agentId).capability.flat();
    for (const [i, v] of learned.flat().entries()) expect(restored[i]).toBeCloseTo(v, 2);
    expect(restored.some((v) => v > 0.5)).toBe(true);
    const next = await second.send({ conversationId: id, content: "What is the stock of Lyon-Depot?" });
    const conversation = await second.conversation(id);
    expect(conversation.turns.map((t) => t.seq)).toEqual([0, 1]);
    expect(conversation.facts.join(" ")).toContain("Lyon-Depot is 420 units");
    // the fact from before the restart reached the model's prompt: the simulated model can only use prompt facts
    expect(next.content).toContain("420");
    await second.close();
  });

  it("loses nothing committed when the process is killed mid-conversation", async () => {
    const path = tempDb();
    const script = join(import.meta.dirname, "testing", "crash-orchestrator.ts");
    const child = spawn(process.execPath, ["--import", "tsx", script, path], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const committed: string[] = [];
    let buffer = "";
    await new Promise<void>((resolve, reject) => {
      child.on("error", reject);
      child.on("exit", () => resolve());
      child.stdout.on("data", (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split("\n");
        buffer = lines.pop() ?? "";
        for (const line of lines) committed.push(line.split(" ")[0]!);
        if (committed.length >= 40 && !child.killed) child.kill("SIGKILL");
      });
    });
    expect(committed.length).toBeGreaterThanOrEqual(40);

    const rapo = await Orchestrator.create({
      agents: [...agents(), { id: "c", role: "assistant", model: simulatedModel({ id: "c", seed: 2 }) }],
      store: { sqlite: path },
      config: { loop: { autoStart: false } },
    });
    const conversation = await rapo.conversation("crash-conversation", 100_000);
    const byId = new Map(conversation.turns.map((t) => [t.id, t]));
    for (const id of committed) expect(byId.get(id)?.status).toBe("answered");
    // a turn accepted but not finished before the kill ends durably failed, never pending
    expect(conversation.turns.filter((t) => t.status === "pending")).toHaveLength(0);
    // and the conversation goes on
    const next = await rapo.send({
      conversationId: "crash-conversation",
      content: "What is the stock of Site-0?",
    });
    expect(next.content.length).toBeGreaterThan(0);
    await rapo.close();
  });
});
