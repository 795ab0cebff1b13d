import { describe, expect, it } from "vitest";
import { configSchema } from "../config/schema.js";
import { encodeCheckpoint, sha256Hex } from "../domain/checkpoint-codec.js";
import { StoreError } from "../errors.js";
import { DynamicsLearner } from "../learning/dynamics-learner.js";
import {
  captureLearnedState,
  decodeLearnedState,
  encodeLearnedState,
  learnedStateRecord,
  readLearnedStateRecord,
  restoreLearnedState,
  stateHash,
} from "./checkpoint-state.js";
import { ConsensusEngine } from "./consensus-engine.js";
import { randomSparseGraph, randomUnitVectors } from "./graph-generators.js";

const config = configSchema.parse({ state: { promptDim: 32 } });

function world() {
  const engine = ConsensusEngine.fromConfig(config);
  for (const [a, b] of randomSparseGraph(10, 4, 2)) engine.observeHandoff(`a${a}`, `a${b}`, 0.8);
  for (let i = 0; i < 30; i++) engine.observeConversation(0.9);
  const agents = randomUnitVectors(10, 32, 3).map((prompt, i) => ({ id: `a${i}`, prompt, utilisation: 1 }));
  return { engine, agents };
}

describe("learned-state checkpoints", () => {
  it("rollback restores exactly the committed state (byte-identical hash)", async () => {
    const { engine, agents } = world();
    const learner = (await DynamicsLearner.fromConfig(config))!;
    engine.tick(agents);
    const committed = captureLearnedState({ iteration: 1000, agents, consensus: engine, learner });
    const hash = stateHash(committed);
    const record = learnedStateRecord(committed, "ckpt-1", 0);
    expect(record.hash).toBe(hash);

    for (let t = 0; t < 5; t++) engine.tick(agents);
    engine.observeHandoff("a0", "a9", 0.1);
    engine.observeConversation(0.2);
    const drifted = captureLearnedState({ iteration: 1005, agents, consensus: engine, learner });
    expect(stateHash(drifted)).not.toBe(hash);

    const snapshot = readLearnedStateRecord(record);
    const result = restoreLearnedState(snapshot, { agents, consensus: engine });
    expect(result).toMatchObject({ iteration: 1000, restored: 10, missing: [], unknown: [] });
    const relearned = await DynamicsLearner.deserialize(result.learner!);
    const restored = captureLearnedState({
      iteration: result.iteration,
      agents,
      consensus: engine,
      learner: relearned,
    });
    expect(stateHash(restored)).toBe(hash);
    expect(encodeLearnedState(restored)).toEqual(record.payload);
    learner.dispose();
    relearned.dispose();
  });

  it("is canonical: agent order does not change the hash", () => {
    const { engine, agents } = world();
    const a = captureLearnedState({ iteration: 1, agents, consensus: engine });
    const b = captureLearnedState({ iteration: 1, agents: [...agents].reverse(), consensus: engine });
    expect(stateHash(a)).toBe(stateHash(b));
  });

  it("refuses a corrupted or truncated snapshot with a clear error", () => {
    const { engine, agents } = world();
    const snapshot = captureLearnedState({ iteration: 7, agents, consensus: engine });
    const bytes = encodeLearnedState(snapshot);
    const hash = sha256Hex(bytes);
    const flipped = Uint8Array.from(bytes);
    flipped[bytes.length - 3] = flipped[bytes.length - 3]! ^ 1;
    expect(() => decodeLearnedState(flipped, hash)).toThrow(StoreError);
    expect(() => decodeLearnedState(flipped, hash)).toThrow(/hash does not match/);
    const truncated = bytes.subarray(0, bytes.length - 8);
    expect(() => decodeLearnedState(truncated, sha256Hex(truncated))).toThrow(StoreError);
    // a well-formed encoding of the wrong structure is refused before anything is restored
    const wrong = encodeCheckpoint({
      format: "rapo-learned-state",
      version: 1,
      iteration: 1,
      dim: 32,
      ids: ["x"],
      prompts: new Float32Array(3),
    });
    expect(() => decodeLearnedState(wrong, sha256Hex(wrong))).toThrow(/prompts do not match/);
    const before = agents.map((a) => Float32Array.from(a.prompt));
    expect(() =>
      restoreLearnedState({ ...snapshot, agents: [{ id: "a0", prompt: new Float32Array(4) }] }, { agents }),
    ).toThrow(/dimension/);
    expect(agents.map((a) => a.prompt)).toEqual(before);
  });

  it("reports agents that left or joined since the snapshot", () => {
    const { agents } = world();
    const snapshot = captureLearnedState({ iteration: 2, agents: agents.slice(0, 5) });
    const joined = { id: "new", prompt: new Float32Array(32) };
    const result = restoreLearnedState(snapshot, { agents: [...agents.slice(1, 5), joined] });
    expect(result).toMatchObject({ restored: 4, missing: ["a0"], unknown: ["new"], learner: null });
    expect(() => captureLearnedState({ iteration: 1, agents: [agents[0]!, agents[0]!] })).toThrow(/twice/);
  });
});
