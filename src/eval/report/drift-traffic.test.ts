import { describe, expect, it } from "vitest";
import { conversation } from "../metrics/run-builders.spec-suite.js";
import type { MethodResult } from "../types.js";
import { driftTraffic, driftTrafficTable } from "./drift-traffic.js";

/** 100 conversations of two retrieval turns and one grammar turn; `agentAt(i)` answers the retrieval turns of conversation i. */
function method(id: string, agentAt: (i: number) => string): MethodResult {
  return {
    method: id,
    label: id,
    kind: id === "rapo" ? "rapo" : "baseline",
    description: id,
    conversations: Array.from({ length: 100 }, (_, i) =>
      conversation(
        [
          { agentId: agentAt(i), taskType: "retrieval" },
          { agentId: "grammar", taskType: "grammar" },
          { agentId: agentAt(i), taskType: "retrieval" },
        ],
        { conversationId: `c${i}`, method: id },
      ),
    ),
  };
}

describe("drift traffic", () => {
  it("measures the drifting agent's share of the drifted task per window and when it halves", () => {
    // rapo moves retrieval off `retriever` 30 conversations after the drift at 50; the static method never does
    const rapo = method("rapo", (i) => (i < 80 ? "retriever" : "knowledge"));
    const fixed = method("static", () => "retriever");
    const traffic = driftTraffic([rapo, fixed], { agent: "retriever", taskType: "retrieval", at: 50 }, 10);
    const [r, s] = traffic.rows;
    expect(r!.before).toEqual({ from: 40, to: 50, turns: 20, share: 1 });
    expect(r!.after.map((w) => w.share)).toEqual([1, 1, 1, 0, 0]);
    // the first window at or below half the pre-drift share ends 40 conversations past the drift
    expect(r!.halvedAfter).toBe(40);
    expect(s!.halvedAfter).toBeNull();
    const table = driftTrafficTable(traffic, (m) => m);
    expect(table).toContain(
      "| rapo | 1.00 (20) | 1.00 (20) | 1.00 (20) | 1.00 (20) | 0.00 (20) | 0.00 (20) | ≤ 40 |",
    );
    expect(table).toContain("not within the run");
  });

  it("has no halving point when the agent got none of the task before the drift", () => {
    const none = method("rapo", () => "knowledge");
    const [row] = driftTraffic([none], { agent: "retriever", taskType: "retrieval", at: 50 }).rows;
    expect(row!.before.share).toBe(0);
    expect(row!.halvedAfter).toBeNull();
  });
});
