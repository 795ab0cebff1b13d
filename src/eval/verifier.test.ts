import { describe, expect, it } from "vitest";
import { toPrompt } from "../models/invoke.js";
import { simulatedModel } from "../models/simulated/simulated-model.js";
import { DIRECTIVES } from "../state/prompt-components.js";
import { generateDataset } from "./generator/generate.js";
import type { SyntheticConversation, SyntheticTurn } from "./generator/types.js";
import { createRuleVerifier, isClarificationRequest, verifyTurn } from "./verifier.js";

const turn = (result: string | null, mustInclude: string[] = []): Pick<SyntheticTurn, "expected"> => ({
  expected: { result, mustInclude, neededFacts: [] },
});

describe("verifyTurn", () => {
  it("accepts an answer that states the result and every required string", () => {
    expect(verifyTurn(turn("4614"), "Together they hold 4614 units.")).toEqual({
      correct: true,
      clarification: false,
      missing: [],
      formatError: false,
    });
    expect(verifyTurn(turn("4614", ["Lyon-Depot"]), "Lyon-Depot's stock comes to 4,614 items.").correct).toBe(
      true,
    );
    expect(
      verifyTurn(
        turn("Nice-Store is supplied by Lyon-Depot"),
        "Rewritten: nice-store is supplied by Lyon-Depot.",
      ).correct,
    ).toBe(true);
  });

  it("names what is missing", () => {
    expect(verifyTurn(turn("4614", ["Lyon-Depot"]), "It has 4600 units.")).toMatchObject({
      correct: false,
      missing: ["4614", "Lyon-Depot"],
    });
  });

  it("matches whole tokens only, so a name does not hide a number", () => {
    expect(verifyTurn(turn("7"), "Widget-7 weighs a lot.").correct).toBe(false);
    expect(verifyTurn(turn("Lyon-Depot"), "Lyon-Depots are many.").correct).toBe(false);
  });

  it("reads the result from the answer line, and ignores restated facts", () => {
    const restatedOnly =
      "Facts so far: The stock of Lyon-Depot is 1207 units.\nLyon-Depot has a stock of 3407 units.";
    expect(verifyTurn(turn("1207"), restatedOnly).correct).toBe(false);
    expect(verifyTurn(turn("1207"), "Step 1: 1207 is what I read.\nAnswer: 3407").correct).toBe(false);
    expect(verifyTurn(turn("3407", ["Lyon-Depot"]), "Lyon-Depot, as stated.\nAnswer: 3407").correct).toBe(
      true,
    );
  });

  it("flags a format-only rejection: an empty answer line after a body that has the result", () => {
    expect(verifyTurn(turn("3407", ["Lyon-Depot"]), "Lyon-Depot holds 3407 units.\nAnswer:")).toMatchObject({
      correct: false,
      formatError: true,
    });
    // a wrong claim is not a format error, nor is a missing result
    expect(verifyTurn(turn("1207"), "Step 1: 1207 is what I read.\nAnswer: 3407").formatError).toBe(false);
    expect(verifyTurn(turn("1207"), "It is 3407.\nAnswer:").formatError).toBe(false);
    expect(verifyTurn(turn("3407"), "Answer: 3407").formatError).toBe(false);
  });

  it("never counts a clarification request as a completed task", () => {
    const asked = "Could you clarify the stock of Paris-Depot? The total would be 4614.";
    expect(verifyTurn(turn("4614"), asked)).toMatchObject({ correct: false, clarification: true });
    expect(verifyTurn(turn(null), "Hello! How can I help you today?")).toMatchObject({
      correct: true,
      clarification: false,
    });
    expect(verifyTurn(turn(null), "   ").correct).toBe(false);
    for (const q of [
      "Please specify the site.",
      "Which one do you mean?",
      "Before I answer, could you clarify who supplies X?",
    ]) {
      expect(isClarificationRequest(q), q).toBe(true);
    }
  });
});

describe("createRuleVerifier", () => {
  const dataset = generateDataset({ conversations: 20, seed: 3 });

  it("maps a user message back to its turn and scores answers as outcomes", () => {
    const verifier = createRuleVerifier(dataset);
    const conversation = dataset[4]!;
    const question = conversation.turns.find((t) => t.expected.result !== null)!;
    expect(verifier.turnFor(question.user, conversation.id)).toBe(question);
    expect(verifier.turnFor(` ${question.user}  `)).toBe(question);
    const right = `Answer: ${question.expected.result} ${question.expected.mustInclude.join(" ")}`;
    expect(
      verifier.outcome({ conversationId: conversation.id, userContent: question.user, answer: right }),
    ).toBe(1);
    expect(verifier.outcome({ userContent: question.user, answer: "No idea." })).toBe(0);
    expect(verifier.outcome({ userContent: "not from the dataset", answer: "x" })).toBeNull();
  });

  it("refuses to guess when a message matches turns with different answer keys", () => {
    const [a, b] = dataset as [SyntheticConversation, SyntheticConversation];
    const clash: SyntheticConversation[] = [
      { ...a, turns: [{ ...a.turns[1]!, user: "Same words." }] },
      { ...b, turns: [{ ...b.turns[1]!, user: "Same words." }] },
    ];
    const verifier = createRuleVerifier(clash);
    expect(verifier.turnFor("Same words.")).toBeUndefined();
    expect(verifier.turnFor("Same words.", b.id)?.expected).toEqual(b.turns[1]!.expected);
    expect(createRuleVerifier(dataset).turnFor(dataset[0]!.turns[0]!.user)?.state).toBe("greeting");
  });

  it("judges the simulated model right at skill 1 and wrong at skill 0 when it sees the whole conversation", async () => {
    const system = `You are an agent. ${Object.values(DIRECTIVES).join(" ")}`;
    const score = async (skill: number) => {
      const model = simulatedModel({ id: "v", seed: 1, defaultSkill: skill });
      let correct = 0;
      let asked = 0;
      for (const c of dataset) {
        const messages: { role: "user" | "assistant"; content: string }[] = [];
        for (const t of c.turns) {
          messages.push({ role: "user", content: t.user });
          const r = await model.doGenerate({ prompt: toPrompt({ system, messages }) });
          const answer = r.content.map((p) => (p.type === "text" ? p.text : "")).join("");
          messages.push({ role: "assistant", content: answer });
          if (t.expected.result === null) continue;
          asked++;
          if (verifyTurn(t, answer).correct) correct++;
        }
      }
      return correct / asked;
    };
    expect(await score(1)).toBe(1);
    expect(await score(0)).toBe(0);
  });
});
