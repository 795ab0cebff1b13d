/**
 * `rapo scale` end to end as a user runs it: bin/rapo.js in a child process, small sizes, the
 * distributed mode on a redis-server it starts itself with 2 worker processes. Checks the table,
 * `scale.json`, `scale.md` (with the paper's Table 2 as a labelled reference) and `scale.svg`.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import type { ScaleRow } from "./scale-report.js";

const run = promisify(execFile);
const bin = join(import.meta.dirname, "..", "..", "bin", "rapo.js");
const out = mkdtempSync(join(tmpdir(), "rapo-scale-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("rapo scale", () => {
  it("measures each size embedded and distributed and writes the table, Markdown and SVG", async () => {
    const turns = 30;
    const { stdout } = await run(
      process.execPath,
      [bin, "scale", "--sizes", "10,50", "--turns", String(turns), "--out", out],
      { env: { ...process.env, RAPO_LOG_LEVEL: "silent" }, timeout: 280_000 },
    );
    expect(stdout).toMatch(/agents\s+mode\s+RSS MB/);
    const { rows } = JSON.parse(readFileSync(join(out, "scale.json"), "utf8")) as { rows: ScaleRow[] };
    expect(rows.map((r) => `${r.agents}/${r.mode}`)).toEqual([
      "10/embedded",
      "10/distributed",
      "50/embedded",
      "50/distributed",
    ]);
    for (const r of rows) {
      expect(r.turns).toBe(turns);
      expect(r.rssMB).toBeGreaterThan(20);
      expect(r.rssMB).toBeLessThan(r.mode === "embedded" ? 2000 : 6000);
      expect(r.heapMB).toBeGreaterThan(1);
      expect(r.heapMB).toBeLessThan(r.rssMB);
      expect(r.cpuPercent).toBeGreaterThan(0);
      expect(r.turnP50Ms).toBeGreaterThan(0);
      expect(r.turnP95Ms).toBeGreaterThanOrEqual(r.turnP50Ms);
      expect(r.success).toBeGreaterThan(0);
      expect(r.success).toBeLessThanOrEqual(1);
      expect(r.failedTurns).toBeLessThan(turns / 2);
      expect(r.ticks).toBeGreaterThan(0);
      expect(r.tickMaxMs).toBeGreaterThanOrEqual(r.tickP50Ms);
      // models are built on first use: at least one, never more than the agents
      expect(r.agentsUsed).toBeGreaterThan(0);
      expect(r.agentsUsed).toBeLessThanOrEqual(r.agents);
      if (r.mode === "distributed") {
        expect(r.processes).toBe(3);
        expect(r.redisMB).toBeGreaterThan(0);
      } else expect(r.redisMB).toBeNull();
    }
    const markdown = readFileSync(join(out, "scale.md"), "utf8");
    expect(markdown).toContain("Reference: the paper's Table 2 (reported by the paper, not measured here)");
    expect(markdown).toContain("| 1000 | 76.5 | 85 | 0.84 |");
    const svg = readFileSync(join(out, "scale.svg"), "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("paper Table 2 (reference)");
    expect(svg).toContain("rapo distributed (measured)");
  }, 300_000);
});
