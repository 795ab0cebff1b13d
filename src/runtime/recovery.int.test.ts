/**
 * Recovery restores everything a checkpoint holds (issue 17): a restart after SIGKILL resumes
 * from the latest checkpointed weights (with Adam's state), byte for byte; a diverging training
 * run (a loss spike, not a NaN) rolls the weights back to the checkpoint.
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readLearnedStateRecord } from "../consensus/checkpoint-state.js";
import { decodeLearnerBytes, encodeLearnerBytes } from "../learning/dynamics-codec.js";
import type { DynamicsLearner } from "../learning/dynamics-learner.js";
import { simulatedModel } from "../models/simulated/simulated-model.js";
import type { StateStore } from "../store/contract.js";
import { Orchestrator } from "./orchestrator.js";
import { CRASH_LEARNER_CONFIG } from "./testing/crash-learner-config.js";

const agents = () =>
  ["a", "b", "c"].map((id, i) => ({ id, role: "assistant", model: simulatedModel({ id, seed: i }) }));

/** The running learner and store (internals: the public API does not expose network weights). */
function internals(rapo: Orchestrator): { learner: DynamicsLearner; store: StateStore } {
  const r = rapo as unknown as {
    promptSpace: { learning: { learner: DynamicsLearner } };
    ctx: { store: StateStore };
  };
  return { learner: r.promptSpace.learning.learner, store: r.ctx.store };
}

async function checkpointedWeights(store: StateStore): Promise<Uint8Array> {
  const record = await store.latestCheckpoint();
  const learner = record ? readLearnedStateRecord(record).learner : null;
  if (!learner) throw new Error("no checkpointed weights");
  return learner;
}

describe("recovery of the learned state (issue 17)", () => {
  it("resumes from the latest checkpointed weights after SIGKILL, byte for byte", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "rapo-recovery-")), "state.sqlite");
    const script = join(import.meta.dirname, "testing", "crash-learner.ts");
    const child = spawn(process.execPath, ["--import", "tsx", script, path], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let checkpoints = 0;
    await new Promise<void>((resolve, reject) => {
      child.on("error", reject);
      child.on("exit", () => resolve());
      child.stdout.on("data", (chunk: Buffer) => {
        checkpoints += chunk
          .toString()
          .split("\n")
          .filter((l) => l.startsWith("checkpoint ")).length;
        if (checkpoints >= 4 && !child.killed) child.kill("SIGKILL");
      });
    });
    const rapo = await Orchestrator.create({
      agents: agents(),
      store: { sqlite: path },
      config: { ...CRASH_LEARNER_CONFIG, loop: { ...CRASH_LEARNER_CONFIG.loop, autoStart: false } },
    });
    const { learner, store } = internals(rapo);
    const checkpointed = await checkpointedWeights(store);
    expect(decodeLearnerBytes(checkpointed).steps).toBeGreaterThan(0); // it had trained
    expect(decodeLearnerBytes(checkpointed).optimizer).not.toBeNull();
    const restored = await learner.serializeWithOptimizer();
    expect(Buffer.from(restored).equals(Buffer.from(checkpointed))).toBe(true);
    await rapo.close();
  }, 240_000);

  it("rolls the weights back to the checkpoint when the training loss spikes", async () => {
    const rapo = await Orchestrator.create({
      agents: agents(),
      config: { ...CRASH_LEARNER_CONFIG, loop: { ...CRASH_LEARNER_CONFIG.loop, autoStart: false } },
    });
    const { learner, store } = internals(rapo);
    const rollbacks: string[] = [];
    let weightsAtRollback: Float32Array[] | null = null;
    rapo.on("rollback", (e) => {
      rollbacks.push(e.reason);
      weightsAtRollback ??= decodeLearnerBytes(learner.serialize()).network;
    });
    const play = async (conversations: number) => {
      for (let i = 0; i < conversations; i++) {
        const conversationId = await rapo.startConversation();
        for (let t = 0; t < 4; t++) {
          const reply = await rapo.send({ conversationId, content: `The stock of Site-${i} is ${t} units.` });
          await rapo.feedback(reply.turnId, (i + t) % 3 === 0 ? 0 : 1);
          await rapo.tick();
          await new Promise((r) => setImmediate(r)); // let the background training step run
        }
        await rapo.endConversation(conversationId);
      }
    };
    await play(15);
    expect(learner.trainedSteps).toBeGreaterThan(20);
    expect(rollbacks).toEqual([]);
    const checkpointed = decodeLearnerBytes(await checkpointedWeights(store));
    // the injected divergence: weights blown up 30× — finite, but the loss leaps
    const current = decodeLearnerBytes(learner.serialize());
    await learner.load(
      encodeLearnerBytes({ ...current, network: current.network.map((w) => w.map((x) => x * 30)) }),
    );
    await play(2);
    expect(rollbacks).toContain("divergence");
    const restored = weightsAtRollback as Float32Array[] | null;
    expect(restored).not.toBeNull();
    restored!.forEach((w, i) => {
      expect(
        Buffer.from(w.buffer, w.byteOffset, w.byteLength).equals(
          Buffer.from(
            checkpointed.network[i]!.buffer,
            checkpointed.network[i]!.byteOffset,
            checkpointed.network[i]!.byteLength,
          ),
        ),
      ).toBe(true);
    });
    await rapo.close();
  }, 240_000);
});
