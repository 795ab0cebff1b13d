/**
 * Issue 14: the root import loads only what it uses. In a fresh process, `import "rapo"` loads
 * neither TensorFlow.js, better-sqlite3 nor wink-nlp; an orchestrator on the memory store with
 * learning off loads wink-nlp (its documented warm-up) but neither of the others; opening a SQLite
 * store loads better-sqlite3. The packages are CommonJS, so Node's CommonJS cache lists them.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const exec = promisify(execFile);
const repo = join(import.meta.dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "rapo-startup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PROBE = `
import { createRequire } from "node:module";
const loaded = () => {
  const paths = Object.keys(createRequire(import.meta.url).cache);
  return ["@tensorflow", "better-sqlite3", "wink-nlp"].filter((p) => paths.some((path) => path.includes("/" + p + "/")));
};
const rapo = await import(${JSON.stringify(join(repo, "src", "index.ts"))});
const steps = { imported: loaded() };
const orchestrator = await rapo.Orchestrator.create({
  agents: [{ id: "a", role: "analyst", model: rapo.scriptedModel([]) }],
  config: { loop: { autoStart: false }, learning: { enabled: false } },
});
steps.memoryOrchestrator = loaded();
await orchestrator.close();
const store = await rapo.openStore({ sqlite: process.argv.at(-1) });
steps.sqliteStore = loaded();
await store.close();
console.log(JSON.stringify(steps));
`;

describe("start-up", () => {
  it("imports TensorFlow.js, better-sqlite3 and wink-nlp only when used", async () => {
    const { stdout } = await exec(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", PROBE, join(dir, "probe.sqlite")],
      { cwd: repo, env: { ...process.env, RAPO_LOG_LEVEL: "silent" } },
    );
    const steps = JSON.parse(stdout.trim().split("\n").at(-1)!) as Record<string, string[]>;
    expect(steps).toEqual({
      imported: [],
      memoryOrchestrator: ["wink-nlp"],
      sqliteStore: ["better-sqlite3", "wink-nlp"],
    });
  });
});
