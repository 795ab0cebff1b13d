/** The `rapo` command line as a user runs it: a real child process through bin/rapo.js. */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { scriptedModel } from "../models/scripted-model.js";
import { startOpenAIServer } from "../models/testing/openai-server.js";
import { Orchestrator } from "../runtime/orchestrator.js";

const run = promisify(execFile);
const bin = join(import.meta.dirname, "..", "..", "bin", "rapo.js");

async function rapo(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  return rapoWith({}, ...args);
}

async function rapoWith(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      env: { ...process.env, RAPO_LOG_LEVEL: "silent", ...env },
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

async function listIds(store: string): Promise<string[]> {
  return (
    JSON.parse((await rapo("inspect", "--store", store, "--json")).stdout) as { conversations: string[] }
  ).conversations;
}

describe("rapo CLI", () => {
  it("explains every command and option in --help", async () => {
    const top = await rapo("--help");
    for (const command of ["demo", "generate", "bench", "inspect"]) expect(top.stdout).toContain(command);
    const demo = await rapo("demo", "--help");
    for (const option of ["--conversations", "--seed", "--store", "--config", "--json"])
      expect(demo.stdout).toContain(option);
  });

  it("runs the demo as JSON, persists to SQLite, and inspects the store", async () => {
    const store = join(mkdtempSync(join(tmpdir(), "rapo-cli-")), "demo.sqlite");
    const demo = await rapo("demo", "--conversations", "4", "--seed", "3", "--store", store, "--json");
    expect(demo.code).toBe(0);
    const summary = JSON.parse(demo.stdout) as {
      conversations: number;
      turns: number;
      agents: { id: string; turns: number }[];
    };
    expect(summary.conversations).toBe(4);
    expect(summary.agents.reduce((n, a) => n + a.turns, 0)).toBe(summary.turns);
    const overview = JSON.parse((await rapo("inspect", "--store", store, "--json")).stdout) as {
      conversations: string[];
    };
    expect(overview.conversations).toHaveLength(4);
    const one = await rapo("inspect", "--store", store, "--conversation", overview.conversations[0]!);
    expect(one.stdout).toContain("#0 answered");
  });

  it("inspects a store while an orchestrator is writing to it", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "rapo-cli-")), "live.sqlite");
    const rapoLive = await Orchestrator.create({
      agents: [{ id: "solo", role: "generalist", model: scriptedModel(() => "fine") }],
      store: { sqlite: path },
      config: { loop: { autoStart: false }, learning: { enabled: false }, consensus: { enabled: false } },
    });
    try {
      const id = await rapoLive.startConversation();
      await rapoLive.send({ conversationId: id, content: "How many units are in Lyon?" });
      await rapoLive.tick();
      await rapoLive.send({ conversationId: id, content: "And in Paris?" });
      const live = JSON.parse((await rapo("inspect", "--store", path, "--json")).stdout) as {
        conversations: string[];
        live: boolean;
        unfoldedWrites: number;
      };
      expect(live).toMatchObject({ conversations: [id], live: true, unfoldedWrites: 1 });
      const text = await rapo("inspect", "--store", path, "--conversation", id);
      expect(text.stdout).toContain("#0 answered solo");
      expect(text.stdout).toContain("live store");
    } finally {
      await rapoLive.close();
    }
    const after = await rapo("inspect", "--store", path, "--conversation", (await listIds(path))[0]!);
    expect(after.stdout).toContain("#1 answered solo");
    expect(after.stdout).not.toContain("live store");
  });

  it("says plainly that a store held with exclusive locking cannot be inspected while it runs", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "rapo-cli-")), "exclusive.sqlite");
    const held = await Orchestrator.create({
      agents: [{ id: "solo", role: "generalist", model: scriptedModel(() => "fine") }],
      store: { sqlite: path, locking: "exclusive" },
      config: { loop: { autoStart: false }, learning: { enabled: false }, consensus: { enabled: false } },
    });
    try {
      await held.send({ content: "How many units are in Lyon?" });
      const refused = await rapo("inspect", "--store", path);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('locking: "exclusive"');
    } finally {
      await held.close();
    }
    expect((await listIds(path)).length).toBe(1);
  });

  it("generates a dataset and rejects bad arguments with one clear line", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "rapo-cli-")), "data.jsonl");
    const generated = await rapo("generate", "--conversations", "5", "--seed", "1", "--out", out);
    expect(generated.stdout).toContain("wrote 5 conversations");
    const bad = await rapo("demo", "--conversations", "0");
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("0 is out of range: must be from 1 to 10,000");
    const unwritable = await rapo("generate", "--conversations", "2", "--out", "/proc/none/data.jsonl");
    expect(unwritable.code).not.toBe(0);
    expect(unwritable.stderr).toContain("output_not_writable");
    const missing = await rapo("inspect", "--store", "/nonexistent/x.sqlite");
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("no store at");
  });
});

describe("rapo demo --config (agents on real providers)", () => {
  it("runs agents, embeddings and the LLM judge from a config file over the OpenAI protocol", async () => {
    const server = await startOpenAIServer({
      apiKey: "sk-cli",
      models: ["alpha-model", "beta-model", "judge-model", "embed-model"],
      fallback: (request) => {
        const body = request.body as { model?: string };
        return {
          kind: "reply",
          text: body.model === "judge-model" ? '{"score": 0.9}' : `${body.model} says fine.`,
        };
      },
    });
    try {
      const dir = mkdtempSync(join(tmpdir(), "rapo-config-"));
      const file = join(dir, "rapo.config.json");
      const provider = { provider: "openai", baseURL: server.baseURL, apiKeyEnv: "CLI_KEY" };
      writeFileSync(
        file,
        JSON.stringify({
          embedding: { ...provider, model: "embed-model" },
          judge: { ...provider, model: "judge-model" },
          agents: [
            { id: "alpha", role: "analyst", model: "alpha-model", ...provider },
            { id: "beta", role: "writer", model: "beta-model", ...provider },
          ],
        }),
      );
      const demo = await rapoWith(
        { CLI_KEY: "sk-cli" },
        "demo",
        "--config",
        file,
        "--conversations",
        "2",
        "--json",
      );
      expect(demo.code, demo.stderr).toBe(0);
      const summary = JSON.parse(demo.stdout) as { turns: number; agents: { id: string; turns: number }[] };
      expect(summary.agents.map((a) => a.id)).toEqual(["alpha", "beta"]);
      const paths = server.requests.map(
        (r) => `${r.path}:${(r.body as { model?: string } | undefined)?.model}`,
      );
      expect(paths).toContain("/v1/embeddings:embed-model");
      expect(paths.filter((p) => p === "/v1/chat/completions:judge-model").length).toBe(summary.turns);
      const missingKey = await rapoWith({ CLI_KEY: "" }, "demo", "--config", file, "--conversations", "1");
      expect(missingKey.code).not.toBe(0);
      expect(missingKey.stderr).toContain("CLI_KEY");
    } finally {
      await server.close();
    }
  });
});
