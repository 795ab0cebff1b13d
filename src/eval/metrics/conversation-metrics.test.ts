import { describe, expect, it } from "vitest";
import { InputError } from "../../errors.js";
import type { MetricThresholds } from "../types.js";
import { measureConversation } from "./conversation-metrics.js";
import { classifyFailure } from "./failure-modes.js";
import { conversation, type turn } from "./run-builders.spec-suite.js";
import { validateConversationRun } from "./validate.js";

const TH: MetricThresholds = { handoffCosine: 0.7, contextBreakCosine: 0.5 };

describe("measureConversation", () => {
  it("scores each handoff by ROUGE-L F between the sender's last and the receiver's first answer", () => {
    const run = conversation([
      { agentId: "a", answer: "hello there" },
      { agentId: "a", answer: "police killed the gunman" },
      { agentId: "b", answer: "police kill the gunman" }, // F = 0.75 vs previous
      { agentId: "b", answer: "a b c d e" },
      { agentId: "c", answer: "a x c y e z w" }, // F = 0.5 vs previous
    ]);
    const m = measureConversation(run, TH);
    expect(m.transitions).toBe(2);
    expect(m.contextScore).toBeCloseTo((0.75 + 0.5) / 2, 12);
    expect(m.turns).toBe(5);
    expect(m.turnLatenciesMs).toEqual([10, 10, 10, 10, 10]);
  });

  it("has no context score or handoff rate without handoffs", () => {
    const m = measureConversation(conversation([{}, {}]), TH);
    expect(m.contextScore).toBeNull();
    expect(m.handoffSuccessRate).toBeNull();
    expect(m.success).toBe(true);
  });

  it("counts a handoff as successful only above the cosine threshold and without clarification", () => {
    const run = conversation([
      { agentId: "a" },
      { agentId: "b", contextCosine: 0.71 }, // success
      { agentId: "c", contextCosine: 0.7 }, // not > 0.7
      { agentId: "d", contextCosine: 0.95, clarification: true, required: false }, // asked to clarify
      { agentId: "e", contextCosine: 0.9 }, // success
    ]);
    const m = measureConversation(run, TH);
    expect(m.handoffSuccesses).toBe(2);
    expect(m.handoffSuccessRate).toBe(0.5);
  });

  it("requires every required turn correct and no context break for end-to-end success", () => {
    const unrequiredWrong = measureConversation(conversation([{}, { required: false, correct: false }]), TH);
    expect(unrequiredWrong.success).toBe(true);
    expect(unrequiredWrong.requiredTurns).toBe(1);

    const wrong = measureConversation(conversation([{}, { correct: false }, { correct: false }]), TH);
    expect(wrong).toMatchObject({
      success: false,
      failingTurn: 1,
      correctRequiredTurns: 1,
      requiredTurns: 3,
    });

    const broken = measureConversation(conversation([{}, { required: false, contextCosine: 0.49 }]), TH);
    expect(broken).toMatchObject({
      success: false,
      contextBreaks: 1,
      failingTurn: 1,
      failureMode: "context_loss",
    });

    const atThreshold = measureConversation(conversation([{ contextCosine: 0.5 }]), TH);
    expect(atThreshold.success).toBe(true);
  });

  it("uses the thresholds it is given, not built-in constants", () => {
    const run = conversation([{ agentId: "a" }, { agentId: "b", contextCosine: 0.6 }]);
    expect(measureConversation(run, TH).handoffSuccesses).toBe(0);
    expect(measureConversation(run, { handoffCosine: 0.55, contextBreakCosine: 0.5 }).handoffSuccesses).toBe(
      1,
    );
    expect(measureConversation(run, { handoffCosine: 0.7, contextBreakCosine: 0.65 }).success).toBe(false);
  });
});

describe("classifyFailure", () => {
  const fail = (t: Parameters<typeof turn>[0], before: Parameters<typeof turn>[0] = {}) =>
    classifyFailure(
      conversation([
        { agentId: "a", ...before },
        { agentId: "a", ...t },
      ]).turns,
      TH,
    );

  it("is null for a successful conversation", () => {
    expect(fail({})).toBeNull();
  });

  it("attributes faults to resources first", () => {
    expect(fail({ correct: false, fault: "overload", contextCosine: 0.1 })).toBe("resources");
  });

  it("attributes context breaks and low-continuity handoffs to context loss", () => {
    expect(fail({ contextCosine: 0.3, required: false })).toBe("context_loss");
    expect(fail({ agentId: "b", correct: false, contextCosine: 0.6 })).toBe("context_loss");
  });

  it("attributes clarification requests and ambiguous queries", () => {
    expect(fail({ correct: false, clarification: true })).toBe("ambiguous_query");
    expect(fail({ correct: false, ambiguous: true })).toBe("ambiguous_query");
  });

  it("attributes wrong answers by a non-specialist to agent selection", () => {
    expect(fail({ correct: false, taskType: "grammar", agentSpecialties: ["retrieval"] })).toBe(
      "agent_selection",
    );
    expect(fail({ correct: false, taskType: "grammar", agentSpecialties: ["grammar"] })).toBe("other");
    expect(fail({ correct: false, taskType: "grammar", agentSpecialties: [] })).toBe("other");
  });

  it("attributes a specialist's miss on a topic shift to topic shift", () => {
    expect(
      fail({ correct: false, topicShift: true, taskType: "grammar", agentSpecialties: ["grammar"] }),
    ).toBe("topic_shift");
  });

  it("decides at the first failing turn", () => {
    expect(fail({ correct: false, fault: "timeout" }, { correct: false, clarification: true })).toBe(
      "ambiguous_query",
    );
  });
});

describe("validateConversationRun", () => {
  it("accepts a well-formed run", () => {
    expect(() => validateConversationRun(conversation([{ agentId: "a" }, { agentId: "b" }]))).not.toThrow();
  });

  it("rejects inconsistent or truncated records with the field named", () => {
    const run = conversation([{ agentId: "a" }, { agentId: "b" }]);
    expect(() => validateConversationRun({ ...run, transitions: 0 })).toThrow(/transitions/);
    expect(() => validateConversationRun({ ...run, turns: [] })).toThrow(InputError);
    const badTurn = { ...run, turns: [run.turns[0]!, { ...run.turns[1]!, handoff: false }] };
    expect(() => validateConversationRun(badTurn)).toThrow(/turns\[1\]\.handoff/);
    const badCos = { ...run, turns: [{ ...run.turns[0]!, contextCosine: Number.NaN }, run.turns[1]!] };
    expect(() => validateConversationRun(badCos)).toThrow(/contextCosine/);
    const truncated = { ...run, turns: [{ index: 0, agentId: "a" }] } as unknown as typeof run;
    expect(() => validateConversationRun(truncated)).toThrow(/turns\[0\]\.answer/);
  });
});
