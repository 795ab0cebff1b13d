import { existsSync } from "node:fs";
import type { LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { ModelError } from "../../errors.js";
import { generate, type ModelRequest, stream } from "../invoke.js";
import { createLlamaCppModel, LLAMA_CPP_INSTALL_HINT, toLlamaHistory } from "./llama-cpp.js";

const request: ModelRequest = {
  agentId: "gguf",
  system: "Be brief.",
  messages: [
    { role: "user", content: "hi" },
    { role: "assistant", content: "hello" },
    { role: "user", content: "say three words" },
  ],
  maxOutputTokens: 16,
  timeoutMs: 60_000,
};

/**
 * A stand-in for the node-llama-cpp module (the native package is optional and may be absent):
 * it records what the wrapper passes and emits the last user message back word by word.
 */
function fakeNodeLlamaCpp() {
  const meter = { usedInputTokens: 0, usedOutputTokens: 0 };
  const seen: { history: unknown[]; maxTokens?: number; loads: string[] } = { history: [], loads: [] };
  const sequence = { tokenMeter: { getState: () => ({ ...meter }) }, nextTokenIndex: 0 };
  const module = {
    getLlama: async () => ({
      loadModel: async ({ modelPath }: { modelPath: string }) => {
        seen.loads.push(modelPath);
        return { createContext: async () => ({ getSequence: () => sequence }) };
      },
    }),
    LlamaChat: class {
      async generateResponse(
        history: { type: string; text?: string }[],
        options: { maxTokens?: number; onTextChunk?: (t: string) => void },
      ) {
        seen.history = history;
        seen.maxTokens = options.maxTokens;
        const last = history.filter((h) => h.type === "user").at(-1)?.text ?? "";
        const words = last.split(" ").map((w, i, all) => (i < all.length - 1 ? `${w} ` : w));
        for (const w of words) options.onTextChunk?.(w);
        // a 10-token prompt; after the first call its first 6 tokens are reused from the context
        meter.usedInputTokens += meter.usedInputTokens === 0 ? 10 : 4;
        meter.usedOutputTokens += words.length;
        sequence.nextTokenIndex = 10 + words.length;
        return { response: words.join(""), metadata: { stopReason: "eogToken" } };
      }
      dispose() {}
    },
  };
  return { module, seen };
}

describe("llama-cpp wrapper", () => {
  it("converts the prompt to node-llama-cpp history with an open model turn", () => {
    expect(
      toLlamaHistory([
        { role: "system", content: "s" },
        { role: "user", content: [{ type: "text", text: "u" }] },
        { role: "assistant", content: [{ type: "text", text: "a" }] },
      ]),
    ).toEqual([
      { type: "system", text: "s" },
      { type: "user", text: "u" },
      { type: "model", response: ["a"] },
      { type: "model", response: [] },
    ]);
  });

  it("generates and streams through the module, loading the GGUF once, counting reused prompt tokens as input", async () => {
    const { module, seen } = fakeNodeLlamaCpp();
    const model = createLlamaCppModel({ modelPath: "/models/tiny.gguf", importModule: async () => module });
    const reply = await generate(model, request);
    expect(reply).toMatchObject({
      text: "say three words",
      inputTokens: 10,
      outputTokens: 3,
      usageEstimated: false,
    });
    expect(seen.maxTokens).toBe(16);
    expect(seen.history[0]).toEqual({ type: "system", text: "Be brief." });
    const events = [];
    for await (const e of stream(model, request)) events.push(e);
    expect(events).toEqual([
      { type: "text", text: "say " },
      { type: "text", text: "three " },
      { type: "text", text: "words" },
      { type: "finish", usage: { inputTokens: 10, outputTokens: 3, estimated: false } },
    ]);
    expect(seen.loads).toEqual(["/models/tiny.gguf"]);
  });

  it("fails with the install hint when node-llama-cpp is missing, and retries the import next time", async () => {
    let imports = 0;
    const model = createLlamaCppModel({
      modelPath: "/models/tiny.gguf",
      importModule: async () => {
        imports++;
        throw Object.assign(new Error("Cannot find package 'node-llama-cpp'"), {
          code: "ERR_MODULE_NOT_FOUND",
        });
      },
    });
    const error = await generate(model, request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as Error).message).toBe(
      `agent 'gguf' (llama-cpp model '/models/tiny.gguf') failed: ${LLAMA_CPP_INSTALL_HINT}`,
    );
    const parts: LanguageModelV3StreamPart[] = [];
    const { stream: raw } = await model.doStream({ prompt: [{ role: "system", content: "s" }] });
    for await (const p of raw) parts.push(p);
    expect(parts.at(-1)).toMatchObject({ type: "error", error: { message: LLAMA_CPP_INSTALL_HINT } });
    expect(imports).toBe(2);
  });

  it.skipIf(existsSync("node_modules/node-llama-cpp"))(
    "uses the real dynamic import, which reports the package missing",
    async () => {
      const model = createLlamaCppModel({ modelPath: "/models/tiny.gguf" });
      await expect(generate(model, request)).rejects.toThrow(LLAMA_CPP_INSTALL_HINT);
    },
  );
});

const gguf = process.env.RAPO_TEST_GGUF;
describe.skipIf(gguf === undefined || !existsSync(gguf))(
  "llama-cpp on the GGUF file named by RAPO_TEST_GGUF (skipped without it; needs npm i -E node-llama-cpp@3.21.1; fixtures/make-tiny-gguf.py makes a tiny one)",
  () => {
    it("generates and streams tokens", async () => {
      const model = createLlamaCppModel({ modelPath: gguf!, contextSize: 512, gpuLayers: 0 });
      const reply = await generate(model, { ...request, maxOutputTokens: 8 });
      expect(reply.outputTokens).toBeGreaterThan(0);
      expect(reply.outputTokens).toBeLessThanOrEqual(8);
      expect(reply.inputTokens).toBeGreaterThan(0);
      const events = [];
      for await (const e of stream(model, { ...request, maxOutputTokens: 8 })) events.push(e);
      expect(events.at(-1)).toMatchObject({ type: "finish" });
      expect(events.filter((e) => e.type === "text").length).toBeGreaterThan(0);
    });
  },
);
