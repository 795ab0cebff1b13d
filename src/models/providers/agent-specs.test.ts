import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import { parseRapoFile } from "../../config/file.js";
import { ConfigError } from "../../errors.js";
import { createAgentSpecs, pricingOf } from "./agent-specs.js";
import { createEmbedder } from "./embedder.js";

const env = { OPENAI_API_KEY: "sk", ANTHROPIC_API_KEY: "ak", VLLM_KEY: "vk" };
const file = parseRapoFile(
  {
    agents: [
      {
        id: "a",
        role: "writer",
        provider: "openai",
        model: "gpt-4o-mini",
        systemPrompt: "Write well.",
        pricing: { inputPerMTok: 1, outputPerMTok: 2 },
      },
      {
        id: "b",
        role: "coder",
        provider: "openai-compatible",
        model: "qwen",
        baseURL: "http://127.0.0.1:8000/v1",
        apiKeyEnv: "VLLM_KEY",
        capacity: 3,
      },
      { id: "c", role: "chat", provider: "ollama", model: "llama3", pool: "local", timeoutMs: 90_000 },
      { id: "d", role: "critic", provider: "anthropic", model: "claude-haiku", capabilityPrior: { qa: 0.8 } },
      { id: "e", role: "sim", provider: "simulated", model: "sim", simulated: { skill: 0.7 } },
    ],
  },
  { env },
);

describe("createAgentSpecs", () => {
  it("builds each agent on its AI SDK provider, carrying the declared fields", () => {
    const calls: [string, Record<string, unknown>][] = [];
    const simulated = new MockLanguageModelV3({ provider: "rapo.simulated", modelId: "sim" });
    const specs = createAgentSpecs(file, env, {
      simulatedFactory: (id, profile) => {
        calls.push([id, profile]);
        return simulated;
      },
    });
    expect(specs.map((s) => [s.id, s.model.provider, s.model.modelId])).toEqual([
      ["a", "openai.chat", "gpt-4o-mini"],
      ["b", "openai-compatible.chat", "qwen"],
      ["c", "ollama.responses", "llama3"],
      ["d", "anthropic.messages", "claude-haiku"],
      ["e", "rapo.simulated", "sim"],
    ]);
    expect(specs[0]).toMatchObject({
      role: "writer",
      systemPrompt: "Write well.",
      pricing: { inputPerMTok: 1 },
      provider: "openai",
    });
    expect(specs[1]).toMatchObject({ capacity: 3, modelName: "qwen" });
    expect(specs[2]).toMatchObject({ pool: "local", timeoutMs: 90_000 });
    expect(specs[3]!.capabilityPrior).toEqual({ qa: 0.8 });
    expect(calls).toEqual([["e", { skill: 0.7 }]]);
    expect(pricingOf(file)).toEqual({ a: { inputPerMTok: 1, outputPerMTok: 2 } });
  });

  it("fails naming the agent when the simulated factory or an API key is missing", () => {
    expect(() => createAgentSpecs(file, env)).toThrow(ConfigError);
    expect(() => createAgentSpecs(file, env)).toThrow(
      "agent 'e': field 'provider': 'simulated' needs a simulated-model factory",
    );
    expect(() => createAgentSpecs(file, { ...env, VLLM_KEY: "" })).toThrow(
      "agent 'b': field 'apiKeyEnv': environment variable VLLM_KEY is not set",
    );
  });
});

describe("createEmbedder", () => {
  it("is null without an embedding entry (the local default is used)", () => {
    expect(createEmbedder(undefined)).toBeNull();
  });

  it("builds the provider's embedding model", () => {
    expect(createEmbedder({ provider: "openai", model: "text-embedding-3-small" }, env)?.provider).toBe(
      "openai.embedding",
    );
    expect(createEmbedder({ provider: "ollama", model: "nomic-embed-text" }, {})?.modelId).toBe(
      "nomic-embed-text",
    );
  });
});
