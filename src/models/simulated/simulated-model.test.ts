import type { LanguageModelV3CallOptions, LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { generateText, streamText } from "ai";
import { describe, expect, it } from "vitest";
import { ConfigError, ModelError } from "../../errors.js";
import { DIRECTIVES } from "../../state/prompt-components.js";
import { generate, toPrompt } from "../invoke.js";
import { createSimClock } from "./scheduler.js";
import { simulatedModel, simulatedModelFactory } from "./simulated-model.js";

const FACTS = "The stock of Lyon-Depot is 1207 units. The stock of Paris-Depot is 3407 units.";
const QUESTION = "Plan the merge: work out the combined stock of Lyon-Depot and Paris-Depot.";
const call = (
  question = QUESTION,
  system = `You are an agent. ${DIRECTIVES.answerFormat}`,
): LanguageModelV3CallOptions => ({
  prompt: toPrompt({
    system,
    messages: [
      { role: "user", content: FACTS },
      { role: "assistant", content: "Noted." },
      { role: "user", content: question },
    ],
  }),
});
const textOf = (r: { content: { type: string; text?: string }[] }) =>
  r.content.map((p) => p.text ?? "").join("");
const metadataOf = (r: { providerMetadata?: Record<string, Record<string, unknown>> }) =>
  r.providerMetadata?.["rapo-sim"];

describe("simulatedModel", () => {
  it("implements the AI SDK language model spec v3", async () => {
    const model = simulatedModel({ id: "a", defaultSkill: 1 });
    expect(model).toMatchObject({
      specificationVersion: "v3",
      provider: "rapo-sim",
      modelId: "sim-a",
      supportedUrls: {},
    });
    const result = await model.doGenerate(call());
    expect(textOf(result)).toMatch(/Answer: 4614$/);
    expect(result.finishReason.unified).toBe("stop");
    const { text } = await generateText({
      model,
      system: `x ${DIRECTIVES.answerFormat}`,
      prompt: `${FACTS} ${QUESTION}`,
    });
    expect(text).toMatch(/Answer: 4614$/);
  });

  it("reports usage as about 1.3 tokens per word", async () => {
    const result = await simulatedModel({ id: "a" }).doGenerate(call());
    const words = textOf(result).split(/\s+/).length;
    expect(result.usage.outputTokens.total).toBe(Math.ceil(words * 1.3));
    expect(result.usage.inputTokens.total).toBeGreaterThan(20);
  });

  it("streams exactly the text it generates, then finishes with usage", async () => {
    const model = simulatedModel({ id: "s", seed: 3 });
    const generated = textOf(await model.doGenerate(call()));
    const { stream } = await model.doStream(call());
    const parts: LanguageModelV3StreamPart[] = [];
    for await (const part of stream) parts.push(part);
    const streamed = parts.map((p) => (p.type === "text-delta" ? p.delta : "")).join("");
    expect(streamed).toBe(generated);
    expect(parts.filter((p) => p.type === "text-delta").length).toBeGreaterThan(3);
    const finish = parts.at(-1);
    expect(finish?.type).toBe("finish");
    if (finish?.type === "finish") expect(finish.usage.outputTokens.total).toBeGreaterThan(0);
    const viaSdk = streamText({ model, messages: [{ role: "user", content: `${FACTS} ${QUESTION}` }] });
    expect((await viaSdk.text).length).toBeGreaterThan(0);
  });

  it("truncates at maxOutputTokens and says so", async () => {
    const result = await simulatedModel({ id: "a" }).doGenerate({ ...call(), maxOutputTokens: 5 });
    expect(result.finishReason.unified).toBe("length");
    expect(result.usage.outputTokens.total).toBeLessThanOrEqual(5);
  });

  it("queues calls beyond its capacity, so latency grows under load", async () => {
    const model = simulatedModel({
      id: "q",
      capacity: 2,
      latency: { baseMs: 100, perTokenMs: 0, jitterMs: 0 },
    });
    const burst = await Promise.all(Array.from({ length: 6 }, () => model.doGenerate(call())));
    const latencies = burst.map((r) => metadataOf(r)?.lastLatencyMs);
    expect(latencies).toEqual([100, 100, 200, 200, 300, 300]);
    expect(burst.map((r) => metadataOf(r)?.queueMs)).toEqual([0, 0, 100, 100, 200, 200]);
    // once the burst is over, a lone call no longer waits
    await model.doGenerate(call());
    expect(model.lastLatencyMs).toBe(100);
    const wide = simulatedModel({
      id: "w",
      capacity: 6,
      latency: { baseMs: 100, perTokenMs: 0, jitterMs: 0 },
    });
    const unqueued = await Promise.all(Array.from({ length: 6 }, () => wide.doGenerate(call())));
    expect(unqueued.map((r) => metadataOf(r)?.lastLatencyMs)).toEqual([100, 100, 100, 100, 100, 100]);
  });

  it("really waits latency × timeScale when time is scaled", async () => {
    const model = simulatedModel({
      id: "t",
      timeScale: 1,
      latency: { baseMs: 40, perTokenMs: 0, jitterMs: 0 },
    });
    const started = performance.now();
    await model.doGenerate(call());
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
    expect(model.lastLatencyMs).toBeCloseTo(40, 0);
  });

  it("shares a simulated clock between models", async () => {
    const clock = createSimClock();
    const latency = { baseMs: 50, perTokenMs: 0, jitterMs: 0 };
    await simulatedModel({ id: "a", latency }, { clock }).doGenerate(call());
    await simulatedModel({ id: "b", latency }, { clock }).doGenerate(call());
    expect(clock.now()).toBe(100);
  });

  it("hangs until the abort signal fires", async () => {
    const model = simulatedModel({ id: "h", faults: { hangRate: 1 } });
    const controller = new AbortController();
    let settled = false;
    const pending = model.doGenerate({ ...call(), abortSignal: controller.signal }).finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    const reason = new Error("caller gave up");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it("throws on faults, drawn per call", async () => {
    await expect(
      simulatedModel({ id: "e", faults: { errorRate: 1 } }).doGenerate(call()),
    ).rejects.toBeInstanceOf(ModelError);
    const flaky = simulatedModel({ id: "f", seed: 2, faults: { errorRate: 0.5 } });
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, () =>
        flaky.doGenerate(call()).then(
          () => "ok",
          () => "fault",
        ),
      ),
    );
    expect(outcomes.filter((o) => o === "fault").length).toBeGreaterThan(5);
    expect(outcomes.filter((o) => o === "ok").length).toBeGreaterThan(5);
    const viaInvoke = generate(simulatedModel({ id: "e", faults: { errorRate: 1 } }), {
      system: "x",
      messages: [{ role: "user", content: QUESTION }],
      maxOutputTokens: 100,
      timeoutMs: 1000,
    });
    await expect(viaInvoke).rejects.toBeInstanceOf(ModelError);
  });

  it("gives the same answer to the same prompt across instances", async () => {
    const a = await simulatedModel({ id: "x", seed: 8, defaultSkill: 0.5 }).doGenerate(call());
    const b = await simulatedModel({ id: "x", seed: 8, defaultSkill: 0.5 }).doGenerate(call());
    expect(textOf(a)).toBe(textOf(b));
  });

  it("uses the hidden skill of the task type it detects", async () => {
    const model = simulatedModel({ id: "k", defaultSkill: 1, skills: { problem_solving: 0 } });
    const sum = await model.doGenerate(call());
    expect(metadataOf(sum)?.taskType).toBe("problem_solving");
    expect(textOf(sum)).not.toMatch(/Answer: 4614$/);
    const lookup = await model.doGenerate(call("Find the stock of Lyon-Depot."));
    expect(textOf(lookup)).toMatch(/Answer: 1207$/);
  });

  it("rejects an invalid profile naming the field", () => {
    expect(() => simulatedModel({ id: "a", defaultSkill: 2 })).toThrow(ConfigError);
    expect(() => simulatedModel({ id: "a", defaultSkill: 2 })).toThrow(/profile\.defaultSkill/);
    expect(() => simulatedModelFactory()("a", { skill: 0.7 })).toThrow(ConfigError);
    expect(simulatedModelFactory()("agent-7", { seed: 3 }).modelId).toBe("sim-agent-7");
  });
});
