/**
 * `rapo demo --pools` (issue 17): two-level scheduling from the command line — the built-in
 * cast's two pools, or the pools a config file declares — reported per pool.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const bin = join(import.meta.dirname, "..", "..", "bin", "rapo.js");

async function rapo(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      env: { ...process.env, RAPO_LOG_LEVEL: "silent" },
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

interface Summary {
  conversations: number;
  turns: number;
  agents: { id: string; turns: number }[];
  pools: { id: string; agents: string[]; conversations: number; turns: number }[] | null;
}

describe("rapo demo --pools", () => {
  it("runs the built-in cast in two pools and accounts every conversation and turn to one", async () => {
    const demo = await rapo("demo", "--pools", "--conversations", "6", "--seed", "3", "--json");
    expect(demo.code, demo.stderr).toBe(0);
    const summary = JSON.parse(demo.stdout) as Summary;
    const pools = summary.pools!;
    expect(pools.map((p) => p.id)).toEqual(["simple", "complex"]);
    expect(pools.reduce((n, p) => n + p.conversations, 0)).toBe(6);
    expect(pools.reduce((n, p) => n + p.turns, 0)).toBe(summary.turns);
    // a pool's turns are exactly its agents' turns: routing stayed inside the pools
    for (const pool of pools) {
      const agentTurns = summary.agents
        .filter((a) => pool.agents.includes(a.id))
        .reduce((n, a) => n + a.turns, 0);
      expect(pool.turns).toBe(agentTurns);
    }
  }, 300_000);

  it("uses the pools a config file declares, and says when it declares none", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rapo-pools-"));
    const file = join(dir, "rapo.config.yaml");
    writeFileSync(
      file,
      [
        "config:",
        "  pools:",
        "    - { id: front, maxComplexity: 0.3 }",
        "    - { id: back, maxComplexity: 1 }",
        "agents:",
        "  - { id: greeter, role: concierge, provider: simulated, model: sim, pool: front }",
        "  - { id: thinker, role: reasoning specialist, provider: simulated, model: sim, pool: back }",
      ].join("\n"),
    );
    const demo = await rapo("demo", "--pools", "--config", file, "--conversations", "3", "--json");
    expect(demo.code, demo.stderr).toBe(0);
    const summary = JSON.parse(demo.stdout) as Summary;
    expect(summary.pools!.map((p) => [p.id, p.agents])).toEqual([
      ["front", ["greeter"]],
      ["back", ["thinker"]],
    ]);
    const bare = join(dir, "bare.yaml");
    writeFileSync(bare, "agents:\n  - { id: solo, role: assistant, provider: simulated, model: sim }\n");
    const refused = await rapo("demo", "--pools", "--config", bare, "--conversations", "1");
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("config.pools");
  }, 300_000);
});
