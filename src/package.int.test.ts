/**
 * The npm package as a user gets it: `npm pack` (whose `prepare` script builds dist/), the tarball
 * installed with `npm ci --offline` into a temporary folder outside the checkout, then the library
 * imported, its types checked under `module: nodenext`, and `npx rapo demo` run. No devDependency
 * (tsx, typescript) is installed there, so the package must stand on its own.
 *
 * Offline: npm needs no registry metadata because the folder gets a lockfile whose entries are the
 * checkout's own (production ones only, with their integrity hashes), so every dependency tarball
 * comes from the npm cache that `npm ci` filled. Install scripts are skipped and better-sqlite3's
 * native addon (same pinned version) is copied from the checkout, to avoid compiling SQLite.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const exec = promisify(execFile);
const root = join(import.meta.dirname, "..");
const require = createRequire(import.meta.url);
const work = mkdtempSync(join(tmpdir(), "rapo-pack-"));
const app = join(work, "app");

interface LockEntry {
  dev?: boolean;
  [key: string]: unknown;
}

async function sh(cmd: string, args: string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
  try {
    return await exec(cmd, args, {
      cwd,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...npmFreeEnv(), RAPO_LOG_LEVEL: "silent", npm_config_update_notifier: "false" },
    });
  } catch (error) {
    const e = error as Error & { stdout?: string; stderr?: string };
    throw new Error(`${cmd} ${args.join(" ")} failed in ${cwd}: ${e.message}\n${e.stdout}\n${e.stderr}`);
  }
}

/**
 * The environment without what `npm test` exports to its children (`npm_config_local_prefix`
 * would point a nested `npm ci` at the checkout instead of the consumer folder), keeping the cache
 * and config-file locations.
 */
function npmFreeEnv(): NodeJS.ProcessEnv {
  const keep = new Set(["npm_config_cache", "npm_config_userconfig", "npm_config_globalconfig"]);
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith("npm_") || keep.has(key)),
  );
}

/** A lockfile for `app` that pins rapo to the tarball and its dependencies to the checkout's versions. */
function writeApp(tarball: string): void {
  const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as {
    packages: Record<string, LockEntry>;
  };
  const self = lock.packages[""]!;
  const spec = `file:${tarball}`;
  const integrity = `sha512-${createHash("sha512")
    .update(readFileSync(join(app, tarball)))
    .digest("base64")}`;
  const packages: Record<string, unknown> = {
    "": { name: "rapo-consumer", dependencies: { rapo: spec } },
    "node_modules/rapo": {
      version: self["version"],
      resolved: spec,
      integrity,
      license: self["license"],
      dependencies: self["dependencies"],
      optionalDependencies: self["optionalDependencies"],
      peerDependencies: self["peerDependencies"],
      peerDependenciesMeta: self["peerDependenciesMeta"],
      bin: self["bin"],
      engines: self["engines"],
    },
  };
  for (const [path, entry] of Object.entries(lock.packages)) if (path && !entry.dev) packages[path] = entry;
  const manifest = { name: "rapo-consumer", private: true, type: "module", dependencies: { rapo: spec } };
  writeFileSync(join(app, "package.json"), JSON.stringify(manifest, null, 2));
  writeFileSync(
    join(app, "package-lock.json"),
    JSON.stringify({ name: "rapo-consumer", lockfileVersion: 3, requires: true, packages }, null, 2),
  );
}

// ~400 MB of installed dependencies: removed asynchronously, so the worker stays responsive
afterAll(() => rm(work, { recursive: true, force: true }), 600_000);

describe("the npm package", () => {
  it("packs the built library, installs offline, imports, type-checks and runs the CLI", async () => {
    // 1. pack: `prepare` builds dist/ with tsc
    const packed = await sh("npm", ["pack", "--json", "--pack-destination", work], root);
    const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("["))) as {
      filename: string;
      files: { path: string }[];
    }[];
    const files = info!.files.map((f) => f.path);
    for (const needed of ["LICENSE", "README.md", "package.json", "bin/rapo.js", "dist/index.js"])
      expect(files).toContain(needed);
    expect(files).toContain("dist/index.d.ts");
    expect(files).toContain("dist/cli/main.js");
    // test helpers stay out, except the published store conformance suite (rapo/testing)
    const published = (f: string) => f.startsWith("dist/testing/") || f.startsWith("dist/store/testing/");
    expect(
      files.filter((f) => f.startsWith("src/") || (/\.test\.|\/testing\//.test(f) && !published(f))),
    ).toEqual([]);
    expect(files).toContain("dist/testing/index.js");
    expect(files).not.toContain("dist/store/testing/crash-writer.js");
    if (existsSync(join(root, "scenarios"))) expect(files.some((f) => f.startsWith("scenarios/"))).toBe(true);

    // 2. install the tarball offline into a folder outside the checkout
    mkdirSync(app);
    copyFileSync(join(work, info!.filename), join(app, info!.filename));
    writeApp(info!.filename);
    await sh("npm", ["ci", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"], app);
    const addon = join(dirname(require.resolve("better-sqlite3/package.json")), "build", "Release");
    mkdirSync(join(app, "node_modules", "better-sqlite3", "build", "Release"), { recursive: true });
    copyFileSync(
      join(addon, "better_sqlite3.node"),
      join(app, "node_modules", "better-sqlite3", "build", "Release", "better_sqlite3.node"),
    );
    for (const dev of ["tsx", "typescript", "vitest"])
      expect(existsSync(join(app, "node_modules", dev))).toBe(false);
    expect(existsSync(join(app, "node_modules", "rapo", "src"))).toBe(false);

    // 3. the library: one real turn on a simulated model, a SQLite store included
    writeFileSync(
      join(app, "use.mjs"),
      [
        'import { Orchestrator, simulatedModel } from "rapo";',
        'import { SqliteStore } from "rapo/store";',
        'import { runStoreSpec } from "rapo/testing";',
        "const rapo = await Orchestrator.create({",
        '  agents: [{ id: "a", role: "analyst", model: simulatedModel({ id: "a" }) }],',
        '  store: { sqlite: "state.sqlite" },',
        "});",
        'const reply = await rapo.send({ content: "What is 12 times 3?" });',
        "await rapo.close();",
        "console.log(JSON.stringify({ agent: reply.agentId, store: typeof SqliteStore, spec: typeof runStoreSpec }));",
      ].join("\n"),
    );
    expect(JSON.parse((await sh(process.execPath, ["use.mjs"], app)).stdout)).toEqual({
      agent: "a",
      store: "function",
      spec: "function", // rapo/testing loads without vitest (not installed here)
    });

    // 4. the installed types under module/moduleResolution nodenext (a consumer's @types/node)
    writeFileSync(
      join(app, "check.ts"),
      [
        'import { Orchestrator, simulatedModel, type TurnResult } from "rapo";',
        'import type { StateStore } from "rapo/store";',
        "const rapo = await Orchestrator.create({",
        '  agents: [{ id: "a", role: "analyst", model: simulatedModel({ id: "a" }) }],',
        "});",
        'const reply: TurnResult = await rapo.send({ content: "hello" });',
        "const latency: number = reply.latencyMs;",
        "// @ts-expect-error content must be a string: the types are real, not any",
        "await rapo.send({ content: 42 });",
        "export const store: StateStore | undefined = undefined;",
        "export { latency };",
      ].join("\n"),
    );
    const typeRoots = join(dirname(require.resolve("@types/node/package.json")), "..");
    writeFileSync(
      join(app, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "nodenext",
          moduleResolution: "nodenext",
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ["node"],
          typeRoots: [typeRoots],
        },
        files: ["check.ts"],
      }),
    );
    await sh(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.json"], app);

    // 5. the CLI through npx, from the consumer's folder
    const demo = await sh("npx", ["--no", "rapo", "demo", "--conversations", "3", "--json"], app);
    const summary = JSON.parse(demo.stdout) as { conversations: number; turns: number };
    expect(summary.conversations).toBe(3);
    expect(summary.turns).toBeGreaterThan(3);
    expect(demo.stderr).not.toContain("warning");
  }, 600_000);
});
