import { createOpenAI } from "@ai-sdk/openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OpenAITestServer, startOpenAIServer } from "../models/testing/openai-server.js";
import { createLlmJudge, parseJudgeScore } from "./llm-judge.js";

describe("parseJudgeScore", () => {
  it.each([
    ['{"score": 0.8}', 0.8],
    ['Here you go: {"score": 1}', 1],
    ['```json\n{"score": 7}\n```', 0.7],
    ['{"success": true}', 1],
    ["score: 0.35", 0.35],
    ["Score = 9", 0.9],
    ["8/10", 0.8],
    ["4 / 5 overall", 0.8],
    ["75%", 0.75],
    ["0.5", 0.5],
    ["Yes, the answer is correct.", 1],
    ["no", 0],
    ["FAIL: wrong city", 0],
  ])("%s → %d", (text, expected) => {
    expect(parseJudgeScore(text)).toBeCloseTo(expected);
  });

  it.each([
    ["maybe"],
    ['{"score": 3.5e9}'],
    ["score: -1"],
    ["12/10"],
    [""],
    ["The answer mentions 42 apples."],
  ])("%s → null", (text) => {
    expect(parseJudgeScore(text)).toBeNull();
  });
});

describe("createLlmJudge against the OpenAI protocol", () => {
  let server: OpenAITestServer;
  beforeAll(async () => {
    server = await startOpenAIServer({ models: ["judge"] });
  });
  afterAll(async () => {
    await server.close();
  });

  const judge = () =>
    createLlmJudge({
      model: createOpenAI({ apiKey: "k", baseURL: server.baseURL }).chat("judge"),
      timeoutMs: 200,
    });
  const turn = { userMessage: "What is the capital of France?", answer: "Paris.", taskType: "qa" };

  it("asks the model about the turn and parses its score", async () => {
    server.script.behaviours = [
      {
        kind: "reply",
        text: (messages) => (messages.at(-1)!.content.includes("Paris.") ? '{"score": 0.9}' : '{"score": 0}'),
      },
    ];
    await expect(judge()(turn)).resolves.toBeCloseTo(0.9);
    const body = server.requests.at(-1)!.body as {
      messages: { role: string; content: string }[];
      max_tokens: number;
    };
    expect(body.messages[0]!.content).toMatch(/Reply with JSON only/);
    expect(body.messages[1]!.content).toContain("Task type: qa");
    expect(body.max_tokens).toBe(64);
  });

  it("returns null, never throws, on nonsense, errors and hangs", async () => {
    const errors: unknown[] = [];
    const lenient = createLlmJudge({
      model: createOpenAI({ apiKey: "k", baseURL: server.baseURL }).chat("judge"),
      timeoutMs: 100,
      onError: (e) => errors.push(e),
    });
    server.script.behaviours = [
      { kind: "reply", text: "I cannot say." },
      { kind: "error" },
      { kind: "hang" },
    ];
    await expect(lenient(turn)).resolves.toBeNull();
    await expect(lenient(turn)).resolves.toBeNull();
    await expect(lenient(turn)).resolves.toBeNull();
    expect(errors.map((e) => (e as Error).message)).toEqual([
      "unparsable judge answer: I cannot say.",
      expect.stringMatching(/agent 'llm-judge' .* failed \(HTTP 500/),
      expect.stringMatching(/did not answer within 100 ms/),
    ]);
  });

  it("returns null when the caller aborts", async () => {
    server.script.behaviours = [{ kind: "hang" }];
    await expect(judge()(turn, AbortSignal.abort())).resolves.toBeNull();
  });
});
