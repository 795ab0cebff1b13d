import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { ConfigError } from "../errors.js";
import { loadRapoFile, parseRapoFile } from "./file.js";

const env = { OPENAI_API_KEY: "sk-1", MY_KEY: "k-2" };
const valid = {
  config: { routing: { exploration: 0.2 } },
  embedding: { provider: "ollama", model: "nomic-embed-text" },
  agents: [
    {
      id: "writer",
      role: "writer",
      provider: "openai",
      model: "gpt-4o-mini",
      pricing: { inputPerMTok: 0.15, outputPerMTok: 0.6 },
    },
    {
      id: "coder",
      role: "coder",
      provider: "openai-compatible",
      model: "qwen",
      baseURL: "http://localhost:8000/v1",
      apiKeyEnv: "MY_KEY",
      capacity: 2,
      pool: "code",
    },
    { id: "local", role: "generalist", provider: "ollama", model: "llama3", capabilityPrior: { qa: 0.7 } },
    { id: "sim", role: "tester", provider: "simulated", model: "sim-1", simulated: { skill: { qa: 0.9 } } },
  ],
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rapo-config-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

function errorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

function withAgent(patch: Record<string, unknown>, index = 1) {
  return { ...valid, agents: valid.agents.map((a, i) => (i === index ? { ...a, ...patch } : a)) };
}

describe("loadRapoFile", () => {
  it("loads the same agents from JSON, YAML, TypeScript and an async .mjs factory", async () => {
    const json = await loadRapoFile(await write("rapo.config.json", JSON.stringify(valid)), { env });
    const yaml = await loadRapoFile(await write("rapo.config.yaml", stringify(valid)), { env });
    const yml = await loadRapoFile(await write("other.yml", stringify(valid)), { env });
    const ts = await loadRapoFile(
      await write(
        "rapo.config.ts",
        `const file: { agents: unknown[] } = ${JSON.stringify(valid)};\nexport default file;\n`,
      ),
      { env },
    );
    const mjs = await loadRapoFile(
      await write("rapo.config.mjs", `export default async () => (${JSON.stringify(valid)});\n`),
      {
        env,
      },
    );
    for (const file of [json, yaml, yml, ts, mjs]) {
      expect(file.agents.map((a) => a.id)).toEqual(["writer", "coder", "local", "sim"]);
      expect(file.agents[1]).toMatchObject({ capacity: 2, pool: "code", apiKeyEnv: "MY_KEY" });
      expect(file.config).toEqual({ routing: { exploration: 0.2 } });
    }
    expect(json.source).toBe(join(dir, "rapo.config.json"));
  });

  it("resolves a GGUF path relative to the config file and checks it exists", async () => {
    await write("tiny.gguf", "GGUF");
    const agents = [{ id: "gguf", role: "local", provider: "llama-cpp", model: "./tiny.gguf" }];
    const file = await loadRapoFile(await write("gguf.json", JSON.stringify({ agents })), { env });
    expect(file.agents[0]!.model).toBe(join(dir, "tiny.gguf"));
    const missing = [{ ...agents[0], model: "./nope.gguf" }];
    await expect(
      loadRapoFile(await write("gguf-missing.json", JSON.stringify({ agents: missing })), { env }),
    ).rejects.toThrow(/agent 'gguf' \(agents\[0\]\): field 'model': GGUF file .*nope\.gguf does not exist/);
  });

  it("reports unreadable and malformed files with the file name", async () => {
    await expect(loadRapoFile(join(dir, "absent.json"))).rejects.toThrow(
      /cannot read config file .*absent\.json/,
    );
    await expect(
      loadRapoFile(await write("bad.yaml", "agents: [\n  - id: a\n    role: : :")),
    ).rejects.toThrow(/config file .*bad\.yaml is not valid yaml/);
    await expect(loadRapoFile(await write("bad.json", "{ agents: "))).rejects.toThrow(/is not valid json/);
    await expect(loadRapoFile(await write("rapo.toml", "x = 1"))).rejects.toThrow(
      /unsupported extension '\.toml'/,
    );
  });

  it("prefixes validation errors with the file", async () => {
    const path = await write("dup.yaml", stringify(withAgent({ id: "writer" })));
    await expect(loadRapoFile(path, { env })).rejects.toThrow(
      `config file ${path}: agent 'writer' (agents[1]): field 'id'`,
    );
  });
});

describe("parseRapoFile: bad input names the agent and the field", () => {
  it("unknown provider", () => {
    const error = errorOf(() => parseRapoFile(withAgent({ provider: "gemini" }), { env }));
    expect(error.message).toBe(
      `config: agent 'coder' (agents[1]): field 'provider': unknown provider "gemini"; expected one of openai, openai-compatible, ollama, anthropic, simulated, llama-cpp`,
    );
    expect(error.details).toMatchObject({ field: "provider", path: "agents.1.provider" });
  });

  it("an API key written in the file", () => {
    const error = errorOf(() => parseRapoFile(withAgent({ apiKey: "sk-live-secret" }), { env }));
    expect(error.message).toMatch(
      /agent 'coder' \(agents\[1\]\): field 'apiKey': API keys are never read from the config file/,
    );
    expect(error.message).not.toContain("sk-live-secret");
    const embedding = errorOf(() =>
      parseRapoFile({ ...valid, embedding: { ...valid.embedding, apiKey: "x" } }, { env }),
    );
    expect(embedding.message).toMatch(/embedding: field 'apiKey'/);
  });

  it("a missing API key variable, named or the provider's default", () => {
    expect(errorOf(() => parseRapoFile(valid, { env: { OPENAI_API_KEY: "sk" } })).message).toBe(
      "config: agent 'coder' (agents[1]): field 'apiKeyEnv': environment variable MY_KEY is not set; export it with the API key",
    );
    expect(errorOf(() => parseRapoFile(valid, { env: { MY_KEY: "k" } })).message).toMatch(
      /agent 'writer' \(agents\[0\]\): field 'apiKeyEnv': environment variable OPENAI_API_KEY \(the default for provider 'openai'\) is not set/,
    );
    const anthropic = withAgent({
      provider: "anthropic",
      model: "claude",
      baseURL: undefined,
      apiKeyEnv: undefined,
    });
    expect(errorOf(() => parseRapoFile(anthropic, { env })).message).toMatch(/ANTHROPIC_API_KEY/);
    expect(() => parseRapoFile(valid, { env: false })).not.toThrow();
  });

  it("a duplicate agent id", () => {
    const error = errorOf(() => parseRapoFile(withAgent({ id: "local" }, 3), { env }));
    expect(error.message).toBe(
      "config: agent 'local' (agents[3]): field 'id': duplicate agent id, already used by agents[2]",
    );
  });

  it("an OpenAI-compatible endpoint without baseURL", () => {
    expect(errorOf(() => parseRapoFile(withAgent({ baseURL: undefined }), { env })).message).toMatch(
      /agent 'coder' \(agents\[1\]\): field 'baseURL': provider 'openai-compatible' needs the endpoint/,
    );
  });

  it("issue 12: an unknown key in the config section names its path and the nearest key", async () => {
    const file = { ...valid, config: { routing: { maxActiv: 3 } } };
    expect(() => parseRapoFile(file, { env })).toThrow(ConfigError);
    expect(errorOf(() => parseRapoFile(file, { env })).message).toBe(
      "config: field 'config.routing.maxActiv' is unknown (did you mean 'maxActive'?)",
    );
    const path = await write("typo.config.json", JSON.stringify(file));
    await expect(loadRapoFile(path, { env })).rejects.toThrow(
      /typo\.config\.json: field 'config\.routing\.maxActiv' is unknown \(did you mean 'maxActive'\?\)/,
    );
    expect(
      errorOf(() => parseRapoFile({ ...valid, config: { loop: { intervalMs: -1 } } }, { env })).message,
    ).toMatch(/config file|config: .*loop\.intervalMs/);
  });

  it("invalid values, unknown fields, missing fields", () => {
    expect(errorOf(() => parseRapoFile(withAgent({ capacity: -1 }), { env })).message).toMatch(
      /agent 'coder' \(agents\[1\]\): field 'capacity': .*got -1/,
    );
    expect(errorOf(() => parseRapoFile(withAgent({ modle: "x" }), { env })).message).toMatch(
      /^config: agent 'coder' \(agents\[1\]\): field 'modle': unknown field \(did you mean 'model'\?\)$/,
    );
    expect(errorOf(() => parseRapoFile(withAgent({ zzzz: "x" }), { env })).message).toMatch(
      /field 'zzzz': unknown field$/,
    );
    expect(errorOf(() => parseRapoFile(withAgent({ model: undefined }), { env })).message).toMatch(
      /agent 'coder' \(agents\[1\]\): field 'model': is required/,
    );
    expect(errorOf(() => parseRapoFile(withAgent({ baseURL: "not a url" }), { env })).message).toMatch(
      /field 'baseURL'/,
    );
    expect(
      errorOf(() => parseRapoFile(withAgent({ pricing: { inputPerMTok: 1 } }), { env })).message,
    ).toMatch(/field 'pricing\.outputPerMTok': is required/);
    expect(errorOf(() => parseRapoFile({ agents: [] }, { env })).message).toMatch(
      /field 'agents': declare at least one agent/,
    );
    expect(
      errorOf(() => parseRapoFile({ agents: [{ role: "x", provider: "openai", model: "m" }] }, { env }))
        .message,
    ).toMatch(/agents\[0\]: field 'id': is required/);
  });
});
