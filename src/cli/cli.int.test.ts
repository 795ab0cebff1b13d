/** The `rapo` command line as a user runs it: a real child process through bin/rapo.js. */
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const bin = join(import.meta.dirname, "..", "..", "bin", "rapo.js");

async function rapo(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...process.env, RAPO_LOG_LEVEL: "silent" } });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe("rapo CLI", () => {
  it("explains every command and option in --help", async () => {
    const top = await rapo("--help");
    for (const command of ["demo", "generate", "bench", "inspect"]) expect(top.stdout).toContain(command);
    const demo = await rapo("demo", "--help");
    for (const option of ["--conversations", "--seed", "--store", "--config", "--json"]) expect(demo.stdout).toContain(option);
  });

  it("runs the demo as JSON, persists to SQLite, and inspects the store", async () => {
    const store = join(mkdtempSync(join(tmpdir(), "rapo-cli-")), "demo.sqlite");
    const demo = await rapo("demo", "--conversations", "4", "--seed", "3", "--store", store, "--json");
    expect(demo.code).toBe(0);
    const summary = JSON.parse(demo.stdout) as { conversations: number; turns: number; agents: { id: string; turns: number }[] };
    expect(summary.conversations).toBe(4);
    expect(summary.agents.reduce((n, a) => n + a.turns, 0)).toBe(summary.turns);
    const overview = JSON.parse((await rapo("inspect", "--store", store, "--json")).stdout) as { conversations: string[] };
    expect(overview.conversations).toHaveLength(4);
    const one = await rapo("inspect", "--store", store, "--conversation", overview.conversations[0]!);
    expect(one.stdout).toContain("#0 answered");
  });

  it("generates a dataset and rejects bad arguments with one clear line", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "rapo-cli-")), "data.jsonl");
    const generated = await rapo("generate", "--conversations", "5", "--seed", "1", "--out", out);
    expect(generated.stdout).toContain("wrote 5 conversations");
    const bad = await rapo("demo", "--conversations", "0");
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("must be a positive integer");
    const missing = await rapo("inspect", "--store", "/nonexistent/x.sqlite");
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("no store at");
  });
});
