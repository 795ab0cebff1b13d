/**
 * The failed-conversation log holds the state trajectory (issue 17): each step carries the state
 * its agent was in at that turn, not the agent's state when the conversation was logged.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { simulatedModel } from "../models/simulated/simulated-model.js";
import { DEFAULT_MODALITIES, DEFAULT_TASK_TYPES } from "../state/taxonomy.js";
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
    const steps = record!.steps;
    expect(steps).toHaveLength(3);
    // the classifier may place a turn in another cell (it reads the previous answer), so the check
    // follows each turn's own cell: its recorded value is the step's matrix at that cell, and the
    // next step's matrix holds it lower (the failure was applied in between) — a log repeating the
    // agent's current state would show one matrix at every step
    const cellOf = (s: (typeof steps)[number]) =>
      DEFAULT_TASK_TYPES.findIndex((t) => t.id === s.taskType) * DEFAULT_MODALITIES.length +
      DEFAULT_MODALITIES.findIndex((m) => m.id === s.modality);
    for (let k = 0; k < steps.length; k++) {
      const cell = cellOf(steps[k]!);
      expect(cell).toBeGreaterThanOrEqual(0);
      expect(steps[k]!.turnState!.capabilityCell).toBe(steps[k]!.state!.capability![cell]);
      if (k > 0) {
        const before = steps[k - 1]!;
        expect(steps[k]!.state!.capability![cellOf(before)]).toBeLessThan(
          before.state!.capability![cellOf(before)]!,
        );
      }
    }
    for (const step of steps) {
      expect(step.outcome).toBe(0);
      expect(step.turnState!.load).toBeTypeOf("number");
      expect(Array.isArray(step.turnState!.components)).toBe(true);
      expect(step.turnState!.packetTokens).toBeNull(); // one agent: no handoff
      expect(step.state?.prompt).toBeInstanceOf(Float32Array);
    }
  });
});
