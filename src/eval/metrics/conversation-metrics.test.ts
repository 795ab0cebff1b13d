import { describe, expect, it } from "vitest";
import { InputError } from "../../errors.js";
import { measureConversation } from "./conversation-metrics.js";
import { causeOfTurn, classifyCause } from "./failure-causes.js";
import { classifyFailure } from "./failure-modes.js";
import { conversation, type turn } from "./run-builders.spec-suite.js";
import { validateConversationRun } from "./validate.js";

describe("measureConversation", () => {
  it("scores each handoff by ROUGE-L F between the sender's last and the receiver's first answer (paper-literal)", () => {
    const run = conversation([
      { agentId: "a", answer: "hello there" },
      { agentId: "a", answer: "police killed the gunman" },
      { agentId: "b", answer: "police kill the gunman" }, // F = 0.75 vs previous
      { agentId: "b", answer: "a b c d e" },
      { agentId: "c", answer: "a x c y e z w" }, // F = 0.5 vs previous
    ]);
    const m = measureConversation(run);
    expect(m.transitions).toBe(2);
    expect(m.contextScore).toBeCloseTo((0.75 + 0.5) / 2, 12);
    expect(m.turns).toBe(5);
    expect(m.turnLatenciesMs).toEqual([10, 10, 10, 10, 10]);
  });

  it("has no handoff metrics without handoffs", () => {
    const m = measureConversation(conversation([{}, {}]));
    expect(m.contextScore).toBeNull();
    expect(m.handoffSuccessRate).toBeNull();
    expect(m.factPreservation).toBeNull();
    expect(m.referenceRouge).toBeNull();
    expect(m.success).toBe(true);
  });

  it("counts a handoff as successful when the receiver's first answer is verified correct, or needs no clarification on a non-required turn", () => {
    const run = conversation([
      { agentId: "a" },
      { agentId: "b", contextCosine: 0.1 }, // correct required turn: success whatever the cosine
      { agentId: "c", correct: false, contextCosine: 0.99 }, // wrong: failure whatever the cosine
      { agentId: "d", required: false, correct: false, clarification: true }, // asked to clarify
      { agentId: "e", required: false, correct: false }, // a plain non-required answer
      { agentId: "f", required: false, correct: false, answer: "" }, // no answer at all
    ]);
    const m = measureConversation(run);
    expect(m.handoffSuccesses).toBe(2);
    expect(m.handoffSuccessRate).toBeCloseTo(2 / 5, 12);
  });

  it("requires every required turn correct for end-to-end success, with no cosine rule", () => {
    const unrequiredWrong = measureConversation(conversation([{}, { required: false, correct: false }]));
    expect(unrequiredWrong.success).toBe(true);
    expect(unrequiredWrong.requiredTurns).toBe(1);

    const wrong = measureConversation(conversation([{}, { correct: false }, { correct: false }]));
    expect(wrong).toMatchObject({
      success: false,
      failingTurn: 1,
      correctRequiredTurns: 1,
      requiredTurns: 3,
    });

    // a one-word acknowledgement with a cosine of 0.05 is not a failure any more
    const ack = measureConversation(
      conversation([{}, { required: false, answer: "Noted.", contextCosine: 0.05 }]),
    );
    expect(ack.success).toBe(true);
    expect(ack.failureCause).toBeNull();
  });

  it("fails success within the deadline on a late turn, even a correct or non-required one", () => {
    const late = measureConversation(
      conversation([{ deadlineMet: true }, { required: false, deadlineMet: false }]),
    );
    expect(late).toMatchObject({
      success: true,
      successInDeadline: false,
      lateTurns: 1,
      deadlineRecorded: true,
    });
    expect(late.failureCause).toBe("timeout");
    const none = measureConversation(conversation([{}, {}]));
    expect(none).toMatchObject({ successInDeadline: true, deadlineRecorded: false });
  });

  it("measures fact preservation over handoff turns needing earlier facts only", () => {
    const run = conversation([
      { agentId: "a", needsEarlierFacts: true, factsReached: false }, // not a handoff: ignored
      { agentId: "b", needsEarlierFacts: true, factsReached: true },
      { agentId: "c", needsEarlierFacts: true, factsReached: false },
      { agentId: "d", needsEarlierFacts: false, factsReached: false }, // needs none: ignored
      { agentId: "e", needsEarlierFacts: true }, // reach not recorded: ignored
    ]);
    const m = measureConversation(run);
    expect(m).toMatchObject({ factHandoffs: 2, factHandoffsPreserved: 1, factPreservation: 0.5 });
  });

  it("scores reference ROUGE-L of receivers' answers against the full-context oracle's, and sums cost", () => {
    const run = conversation([
      { agentId: "a", answer: "x", costUsd: 0.001 },
      { agentId: "b", answer: "the lyon site holds 40 units", costUsd: 0.002 },
    ]);
    const refs = [
      { user: "u0", answer: "whatever" },
      { user: "u1", answer: "the lyon site holds 40 units" },
    ];
    const m = measureConversation(run, refs);
    expect(m.referenceRouge).toBe(1);
    expect(m.costUsd).toBeCloseTo(0.003, 12);
    expect(measureConversation(run).referenceRouge).toBeNull();
    expect(measureConversation(conversation([{}])).costUsd).toBeNull();
  });
});

describe("failure causes", () => {
  const cause = (t: Parameters<typeof turn>[0], before: Parameters<typeof turn>[0] = {}) =>
    classifyCause(
      conversation([
        { agentId: "a", ...before },
        { agentId: "a", ...t },
      ]).turns,
    );

  it("is null for a successful conversation", () => {
    expect(cause({})).toBeNull();
  });

  it("attributes unanswered turns to their fault, late turns to timeout", () => {
    expect(cause({ correct: false, answer: "", fault: "overload" })).toBe("fault");
    expect(cause({ correct: false, answer: "", fault: "error" })).toBe("fault");
    expect(cause({ correct: false, answer: "", fault: "timeout" })).toBe("timeout");
    expect(cause({ deadlineMet: false })).toBe("timeout");
  });

  it("attributes a wrong answer without its facts to the missing fact before the agent", () => {
    expect(
      cause({
        correct: false,
        needsEarlierFacts: true,
        factsReached: false,
        agentSkill: 0.4,
        bestSkill: 0.95,
      }),
    ).toBe("missing_fact");
  });

  it("attributes wrong agents by hidden skill, falling back to declared specialties", () => {
    expect(
      cause({
        correct: false,
        agentSkill: 0.55,
        bestSkill: 0.95,
        agentSpecialties: ["grammar"],
        taskType: "grammar",
      }),
    ).toBe("wrong_agent");
    expect(
      cause({
        correct: false,
        agentSkill: 0.9,
        bestSkill: 0.95,
        agentSpecialties: ["retrieval"],
        taskType: "grammar",
      }),
    ).toBe("model");
    expect(cause({ correct: false, taskType: "grammar", agentSpecialties: ["retrieval"] })).toBe(
      "wrong_agent",
    );
    expect(cause({ correct: false, taskType: "grammar", agentSpecialties: [] })).toBe("model");
  });

  it("attributes clarification, format and the rest", () => {
    expect(cause({ correct: false, clarification: true })).toBe("clarification");
    expect(cause({ correct: false, formatError: true })).toBe("format");
    expect(cause({ correct: false })).toBe("model");
  });

  it("decides at the first failing turn, and never by a cosine", () => {
    expect(
      cause({ correct: false, fault: "timeout", answer: "" }, { correct: false, clarification: true }),
    ).toBe("clarification");
    expect(causeOfTurn({ ...conversation([{ correct: false, contextCosine: 0.01 }]).turns[0]! })).toBe(
      "model",
    );
  });

  it("maps causes to the paper's Figure 1 categories", () => {
    const mode = (t: Parameters<typeof turn>[0]) =>
      classifyFailure(conversation([{ agentId: "a", ...t }]).turns);
    expect(mode({ correct: false, needsEarlierFacts: true, factsReached: false })).toBe("context_loss");
    expect(mode({ correct: false, answer: "", fault: "error" })).toBe("resources");
    expect(mode({ correct: false, clarification: true })).toBe("ambiguous_query");
    expect(mode({ correct: false, agentSkill: 0.5, bestSkill: 0.99 })).toBe("agent_selection");
    expect(mode({ correct: false, topicShift: true })).toBe("topic_shift");
    expect(mode({ correct: false })).toBe("other");
    expect(mode({})).toBeNull();
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
