/**
 * bin/rapo.js chooses what to run: the build in an installed package, the source through tsx in
 * a checkout (never a stale dist/), the build with a warning when a checkout has no tsx and its
 * build is older than its source, and a clear error when there is nothing to run.
 */
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const exec = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");

/** A package folder with bin/rapo.js and the given files. */
function layout(files: Record<string, string>, withNodeModules = false): string {
  const dir = mkdtempSync(join(tmpdir(), "rapo-launcher-"));
  mkdirSync(join(dir, "bin"));
  copyFileSync(join(root, "bin", "rapo.js"), join(dir, "bin", "rapo.js"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  if (withNodeModules) symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
  return dir;
}

async function launch(dir: string): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [join(dir, "bin", "rapo.js")]);
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { ...e };
  }
}

const dist = { "dist/cli/main.js": 'console.log("dist");' };
const src = { "src/cli/main.ts": 'const where: string = "src";\nconsole.log(where);' };

describe("bin/rapo.js", () => {
  it("runs dist/ in an installed package (no src/, no tsx) without a word on stderr", async () => {
    const run = await launch(layout(dist));
    expect(run).toMatchObject({ stdout: "dist\n", stderr: "", code: 0 });
  });

  it("runs src/ through tsx in a checkout even when a dist/ exists", async () => {
    const run = await launch(layout({ ...dist, ...src }, true));
    expect(run).toMatchObject({ stdout: "src\n", code: 0 });
  });

  it("warns when a checkout without tsx has a build older than its source", async () => {
    const dir = layout({ ...dist, ...src });
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(dir, "dist", "cli", "main.js"), old, old);
    const run = await launch(dir);
    expect(run.stdout).toBe("dist\n");
    expect(run.stderr).toContain("dist/ is older than");
    expect(run.stderr).toContain("npm run build");
    const fresh = new Date(Date.now() + 60_000);
    utimesSync(join(dir, "dist", "cli", "main.js"), fresh, fresh);
    expect((await launch(dir)).stderr).toBe("");
  });

  it("says how to build when there is nothing to run", async () => {
    const run = await launch(layout(src));
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("run `npm run build`");
  });
});
