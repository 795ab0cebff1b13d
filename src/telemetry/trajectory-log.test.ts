import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type FailedConversationRecord, readTrajectoryLog, TrajectoryLog } from "./trajectory-log.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), "rapo-trajectories-"));
  dirs.push(dir);
  return join(dir, "nested", "failed.jsonl");
}

function record(id: string, nan = false): FailedConversationRecord {
  const prompt = Float32Array.from({ length: 16 }, (_, i) => i / 10);
  if (nan) prompt[3] = Number.NaN;
  return {
    conversationId: id,
    reason: "turn_failed",
    failedAt: 1_700_000_000_000,
    steps: [
      {
        seq: 0,
        agentId: "math",
        user: "What is 2+2?",
        answer: "Answer: 4",
        outcome: 1,
        state: { prompt, capability: new Float32Array(50).fill(0.5) },
      },
      { seq: 1, agentId: null, user: "And times 3?", answer: null, error: "model timeout", handoff: true },
    ],
    meta: { seed: 42 },
  };
}

describe("TrajectoryLog", () => {
  it("appends one JSON line per failed conversation and reads vectors back exactly", () => {
    const path = tempPath();
    const log = new TrajectoryLog({ path });
    log.append(record("c1"));
    log.append(record("c2", true));
    expect(log.count).toBe(2);
    const lines = readFileSync(path, "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!).conversationId).toBe("c1");
    const [first, second] = readTrajectoryLog(path);
    expect(first).toEqual(record("c1"));
    const prompt = second!.steps[0]!.state!.prompt!;
    expect(prompt).toBeInstanceOf(Float32Array);
    expect(Number.isNaN(prompt[3])).toBe(true); // exact bytes survive, NaN included
    expect(second!.steps[1]).toMatchObject({ agentId: null, error: "model timeout", handoff: true });
  });

  it("appends to an existing file from a new instance", () => {
    const path = tempPath();
    new TrajectoryLog({ path }).append(record("a"));
    new TrajectoryLog({ path }).append(record("b"));
    expect(readTrajectoryLog(path).map((r) => r.conversationId)).toEqual(["a", "b"]);
  });

  it("summarises vectors when asked, with NaN written as null", () => {
    const path = tempPath();
    new TrajectoryLog({ path, vectors: "summary" }).append(record("s", true));
    const line = JSON.parse(readFileSync(path, "utf8"));
    const summary = line.steps[0].state.capability;
    expect(summary).toEqual({
      $typed: "f32",
      length: 50,
      norm: expect.closeTo(Math.sqrt(12.5), 5),
      min: 0.5,
      max: 0.5,
      mean: 0.5,
      head: Array(8).fill(0.5),
    });
    expect(line.steps[0].state.prompt.norm).toBeNull();
  });

  it("fails with a clear error when the file cannot be written", () => {
    const path = tempPath();
    new TrajectoryLog({ path }); // creates the parent directory
    const log = new TrajectoryLog({ path: join(path, "..") }); // that directory, not a file
    expect(() => log.append(record("x"))).toThrow(/cannot append to the trajectory log/);
  });
});
