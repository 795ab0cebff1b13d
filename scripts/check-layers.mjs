#!/usr/bin/env node
/**
 * Runs the layer rules of `.dependency-cruiser.cjs` on `src/` through dependency-cruiser's API
 * (its CLI refuses Node 20, the API runs on it) and exits 1 on any violation, printing each.
 *
 * Usage: node scripts/check-layers.mjs [project dir, default: the repository] — the rules'
 * paths are relative to that directory (the layer test points it at a fixture).
 */
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { cruise, format } from "dependency-cruiser";

const repo = resolve(import.meta.dirname, "..");
const project = resolve(process.argv[2] ?? repo);
const { forbidden, options } = createRequire(import.meta.url)(join(repo, ".dependency-cruiser.cjs"));
const { enhancedResolveOptions, tsConfig, ...cruiseOptions } = options;

process.chdir(project);
const result = await cruise(
  ["src"],
  { ...cruiseOptions, validate: true, ruleSet: { forbidden } },
  enhancedResolveOptions,
  { tsConfig: { fileName: join(project, tsConfig.fileName) } },
);
const { violations, totalCruised, totalDependenciesCruised } = result.output.summary;
if (violations.length > 0) {
  process.stdout.write((await format(result.output, { outputType: "err" })).output);
  process.exit(1);
}
console.log(`layers: ${totalCruised} modules, ${totalDependenciesCruised} imports, no violation`);
