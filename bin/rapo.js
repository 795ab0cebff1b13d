#!/usr/bin/env node
// The `rapo` executable. Which code it runs:
// - an installed package ships dist/ and no src/: the compiled dist/cli/main.js (plain Node, no devDependency);
// - a checkout (src/ present) with tsx installed: the TypeScript source through tsx, so an edit takes effect
//   at once and a dist/ left by `npm ci` (prepare) or `npm run build` is never used by mistake;
// - a checkout without tsx (`npm ci --omit=dev`): dist/, with a warning on stderr when a source file is newer
//   than the build (`npm run build` fixes it), or an error naming the fix when nothing is built.
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = join(root, "src", "cli", "main.ts");
const compiled = join(root, "dist", "cli", "main.js");

if (existsSync(source) && (await registerTsx())) {
  await import(pathToFileURL(source).href);
} else if (existsSync(compiled)) {
  if (existsSync(source)) warnIfStale();
  await import(pathToFileURL(compiled).href);
} else {
  console.error(
    `rapo: no compiled CLI at ${compiled} and tsx is not installed to run the source; run \`npm run build\` (or \`npm ci\`) in ${root}`,
  );
  process.exitCode = 1;
}

/** Registers tsx's ESM loader; false when tsx is not installed (a production install of a checkout). */
async function registerTsx() {
  let api;
  try {
    api = await import("tsx/esm/api");
  } catch (error) {
    if (error && (error.code === "ERR_MODULE_NOT_FOUND" || error.code === "MODULE_NOT_FOUND")) return false;
    throw error;
  }
  api.register();
  return true;
}

/** Warns on stderr when a file under src/ changed after the last build of dist/. */
function warnIfStale() {
  const built = statSync(compiled).mtimeMs;
  const newer = newestTs(join(root, "src"));
  if (newer && newer.mtimeMs > built)
    console.error(
      `rapo: warning: dist/ is older than ${newer.path} (tsx is not installed, so the build runs); run \`npm run build\` to include your changes`,
    );
}

function newestTs(dir) {
  let best = null;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const candidate = entry.isDirectory()
      ? newestTs(path)
      : entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")
        ? { path, mtimeMs: statSync(path).mtimeMs }
        : null;
    if (candidate && (!best || candidate.mtimeMs > best.mtimeMs)) best = candidate;
  }
  return best;
}
