/**
 * The failed-conversation log holds the state trajectory (issue 17): each step carries the state
 * its agent was in at that turn, not the agent's state when the conversation was logged.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { simulatedModel } from "../models/simulated/simulated-model.js";
import { readTrajectoryLog } from "../telemetry/trajectory-log.js";
import { Orchestrator } from "./orchestrator.js";

describe("failed-conversation log", () => {
  it("records per turn the agent's capability at the turn's cell, load, components and packet size", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "rapo-traj-")), "failed.jsonl");
    const rapo = await Orchestrator.create({
      agents: [{ id: "x", role: "assistant", model: simulatedModel({ id: "x", seed: 1 }) }],
      config: { loop: { autoStart: false }, learning: { enabled: false } },
      trajectoryLog: path,
    });
    const conversationId = await rapo.startConversation();
    const content = "What is the stock of Lyon-Depot?";
    for (let t = 0; t < 3; t++) {
      const reply = await rapo.send({ conversationId, content });
      await rapo.feedback(reply.turnId, 0);
      await rapo.tick(); // the capability at this cell falls before the next turn
    }
    await rapo.endConversation(conversationId, { outcome: 0 });
    await rapo.close();
    const [record] = readTrajectoryLog(path);
    const cells = record!.steps.map((s) => s.turnState!.capabilityCell);
    expect(cells).toHaveLength(3);
    expect(cells[1]).toBeLessThan(cells[0]!);
    expect(cells[2]).toBeLessThan(cells[1]!);
    for (const step of record!.steps) {
      expect(step.outcome).toBe(0);
      expect(step.turnState!.load).toBeTypeOf("number");
      expect(Array.isArray(step.turnState!.components)).toBe(true);
      expect(step.turnState!.packetTokens).toBeNull(); // one agent: no handoff
      expect(step.state?.prompt).toBeInstanceOf(Float32Array);
    }
  });
});
