/** Every command's numeric bounds and path checks, through the real `rapo` executable. */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const bin = join(import.meta.dirname, "..", "..", "bin", "rapo.js");
const dir = mkdtempSync(join(tmpdir(), "rapo-limits-"));

/** Runs rapo with a hard timeout: a hang fails the test instead of blocking it. */
async function rapo(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      env: { ...process.env, RAPO_LOG_LEVEL: "silent" },
      timeout: 30_000,
      killSignal: "SIGKILL",
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number; killed?: boolean };
    if (e.killed) throw new Error(`rapo ${args.join(" ")} did not finish within 30 s`);
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

async function refused(args: string[], message: string): Promise<void> {
  const result = await rapo(...args);
  expect(result.code, result.stdout).not.toBe(0);
  expect(result.stderr).toContain(message);
  expect(result.stderr.split("\n").filter((l) => /^\s+at /.test(l)).length, "no stack trace").toBe(0);
}

describe("rapo command limits", () => {
  it("demo: refuses --conversations 1e9 and a store on /proc", async () => {
    await refused(["demo", "--conversations", "1e9"], "1e9 is out of range: must be from 1 to 10,000");
    await refused(["demo", "--seed", "-3"], "must be from 0 to 4,294,967,295");
    await refused(["demo", "--store", "/proc/rapo.sqlite"], "output_not_writable");
  });

  it("generate: refuses too many conversations and an output under /proc or through a file", async () => {
    await refused(["generate", "-n", "20001", "--out", join(dir, "d.jsonl")], "must be from 1 to 20,000");
    await refused(["generate", "--out", "/proc/forbidden/data.jsonl"], "/proc is a virtual filesystem");
    const blocker = join(dir, "blocker");
    writeFileSync(blocker, "");
    await refused(["generate", "-n", "2", "--out", join(blocker, "d.jsonl")], "not a directory");
  });

  it("bench: refuses --conversations 1e9 and --out /proc/forbidden at once, without spinning", async () => {
    await refused(["bench", "--conversations", "1e9"], "must be from 1 to 20,000");
    const started = performance.now();
    await refused(["bench", "--quick", "--out", "/proc/forbidden"], "/proc is a virtual filesystem");
    await refused(["bench", "--quick", "--out", "/sys/forbidden"], "/sys is a virtual filesystem");
    expect(performance.now() - started).toBeLessThan(25_000);
    await refused(["bench", "--quick", "--data", "/dev/zero", "--out", join(dir, "r")], "is not a file");
  });

  it("inspect: refuses --limit out of range, a directory and a device as the store", async () => {
    const store = join(dir, "s.sqlite");
    writeFileSync(store, "");
    await refused(["inspect", "--store", store, "--limit", "1e9"], "must be from 1 to 100,000");
    await refused(["inspect", "--store", dir], "is not a file");
    await refused(["inspect", "--store", "/dev/zero"], "is not a file");
  });
});
