import { describe, expect, it } from "vitest";
import type { AgentGradientRequest } from "./gradient-cache.js";
import { GradientInputMemo } from "./gradient-inputs.js";

function request(id: string, fill = 0.5): AgentGradientRequest {
  return {
    id,
    prompt: new Float32Array(8).fill(fill),
    state: {
      context: new Float32Array(4),
      capability: new Float32Array(6).fill(0.5),
      taskIndex: 1,
      modalityIndex: 0,
    },
    action: "answer",
  };
}

describe("GradientInputMemo", () => {
  it("finds a remembered batch unchanged at the same revision", () => {
    const memo = new GradientInputMemo();
    const batch = [request("a"), request("b")];
    expect(memo.unchanged(batch, 3)).toBe(false);
    memo.remember(batch, 3);
    expect(memo.unchanged([request("a"), request("b")], 3)).toBe(true);
  });

  it("sees a new revision, a changed input, another position or batch length, and forget()", () => {
    const memo = new GradientInputMemo();
    const batch = [request("a"), request("b")];
    memo.remember(batch, 3);
    expect(memo.unchanged(batch, 4)).toBe(false);
    const moved = [request("a"), request("b")];
    moved[1]!.state.context[2] = 1e-7;
    expect(memo.unchanged(moved, 3)).toBe(false);
    expect(memo.unchanged([request("b"), request("a")], 3)).toBe(false);
    expect(memo.unchanged([request("a")], 3)).toBe(false);
    const cell = [request("a"), request("b")];
    cell[0]!.state.taskIndex = 2;
    expect(memo.unchanged(cell, 3)).toBe(false);
    memo.forget();
    expect(memo.unchanged(batch, 3)).toBe(false);
  });
});
