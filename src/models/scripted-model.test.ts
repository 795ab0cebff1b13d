import type { LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { generateText } from "ai";
import { describe, expect, it } from "vitest";
import { generate, toPrompt } from "./invoke.js";
import { scriptedModel, UnexpectedCallError } from "./scripted-model.js";

const request = (content: string) => ({
  system: "You are terse.",
  messages: [{ role: "user" as const, content }],
  maxOutputTokens: 50,
  timeoutMs: 1000,
});

describe("scriptedModel", () => {
  it("answers from its script in order and records every call", async () => {
    const model = scriptedModel(["first", { text: "second", usage: { inputTokens: 7, outputTokens: 1 } }]);
    expect(await generate(model, request("one"))).toMatchObject({
      text: "first",
      inputTokens: 0,
      outputTokens: 1,
    });
    expect(await generate(model, request("two"))).toMatchObject({
      text: "second",
      inputTokens: 7,
      outputTokens: 1,
    });
    expect(model.calls.map((c) => [c.method, c.system, c.lastUserText])).toEqual([
      ["generate", "You are terse.", "one"],
      ["generate", "You are terse.", "two"],
    ]);
    expect(model.calls[0]!.options.maxOutputTokens).toBe(50);
    expect(model.calls[1]!.prompt).toEqual(toPrompt(request("two")));
    expect(model.remaining).toBe(0);
  });

  it("fails clearly on a call beyond its script", async () => {
    const model = scriptedModel(["only"], { modelId: "judge" });
    await model.doGenerate({ prompt: toPrompt(request("a")) });
    const extra = model.doGenerate({ prompt: toPrompt(request("surprise")) });
    await expect(extra).rejects.toBeInstanceOf(UnexpectedCallError);
    await expect(model.doGenerate({ prompt: toPrompt(request("again")) })).rejects.toThrow(
      /scripted model 'judge' got unexpected call #3 \(script has 1 replies\); last user message: "again"/,
    );
    expect(model.calls).toHaveLength(3);
  });

  it("answers from a function of the call", async () => {
    const model = scriptedModel((call, index) => `${index}:${call.lastUserText.toUpperCase()}`);
    expect((await generate(model, request("hi"))).text).toBe("0:HI");
    expect((await generate(model, request("yo"))).text).toBe("1:YO");
    expect(model.remaining).toBe(Number.POSITIVE_INFINITY);
  });

  it("scripts errors, delays and hangs", async () => {
    const boom = new Error("provider down");
    const model = scriptedModel([{ error: boom }, { text: "late", delayMs: 5 }, { hang: true }]);
    await expect(model.doGenerate({ prompt: toPrompt(request("a")) })).rejects.toBe(boom);
    expect((await generate(model, request("b"))).text).toBe("late");
    const controller = new AbortController();
    const hung = model.doGenerate({ prompt: toPrompt(request("c")), abortSignal: controller.signal });
    controller.abort(new Error("stop"));
    await expect(hung).rejects.toThrow("stop");
  });

  it("streams its reply and works through the AI SDK", async () => {
    const model = scriptedModel(["hello there friend", "via sdk"]);
    const { stream } = await model.doStream({ prompt: toPrompt(request("a")) });
    const parts: LanguageModelV3StreamPart[] = [];
    for await (const part of stream) parts.push(part);
    expect(parts.map((p) => (p.type === "text-delta" ? p.delta : "")).join("")).toBe("hello there friend");
    expect(parts.at(-1)?.type).toBe("finish");
    expect(model.calls[0]!.method).toBe("stream");
    expect((await generateText({ model, prompt: "x" })).text).toBe("via sdk");
  });
});
