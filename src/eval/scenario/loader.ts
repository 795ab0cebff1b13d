/**
 * @module eval/scenario/loader
 * Reads a scenario: a built-in name (`paper`, `contended`, `misdeclared`, `long`, `cost`; the
 * files ship in the package's top-level `scenarios/` folder, found relative to the package root
 * so they resolve from `src/` and from `dist/`) or a path to a `.yaml`, `.yml` or `.json` file.
 * Every error is a ConfigError naming the file and the field path.
 */
import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { ConfigError } from "../../errors.js";
import { type Scenario, scenarioSchema } from "./schema.js";

/** The preregistered scenarios, in the order `rapo bench` runs them. */
export const BUILTIN_SCENARIOS = ["paper", "contended", "misdeclared", "long", "cost"] as const;

/** A built-in scenario name. */
export type BuiltinScenario = (typeof BUILTIN_SCENARIOS)[number];

/** The package root: the nearest ancestor of this module holding rapo's package.json. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "rapo") return dir;
      } catch {
        // not a readable manifest: keep climbing
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new ConfigError("cannot find rapo's package root (package.json) above the loader");
    dir = parent;
  }
}

/** Path of a built-in scenario's file. */
export function builtinScenarioPath(name: BuiltinScenario): string {
  return path.join(packageRoot(), "scenarios", `${name}.yaml`);
}

/** Whether `ref` names a built-in scenario. */
export function isBuiltinScenario(ref: string): ref is BuiltinScenario {
  return (BUILTIN_SCENARIOS as readonly string[]).includes(ref);
}

/**
 * Loads and validates a scenario from a built-in name or a file path.
 * @throws ConfigError when the file cannot be read or parsed, or a field is invalid (named by path).
 */
export async function loadScenario(ref: string): Promise<Scenario> {
  const file = isBuiltinScenario(ref) ? builtinScenarioPath(ref) : ref;
  if (!/\.(ya?ml|json)$/i.test(file))
    throw new ConfigError(
      `unknown scenario '${ref}': use a built-in name (${BUILTIN_SCENARIOS.join(", ")}) or a .yaml/.yml/.json file`,
      { scenario: ref },
    );
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new ConfigError(
      `cannot read scenario '${file}': ${(error as Error).message}`,
      { scenario: ref },
      error,
    );
  }
  return parseScenario(text, file);
}

/**
 * Parses and validates scenario text (YAML; JSON is YAML too).
 * @throws ConfigError naming `source` and the first invalid field's path.
 */
export function parseScenario(text: string, source = "scenario"): Scenario {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new ConfigError(
      `cannot parse scenario '${source}': ${(error as Error).message}`,
      { source },
      error,
    );
  }
  return validateScenario(raw, source);
}

/**
 * Validates a scenario object.
 * @throws ConfigError naming `source` and every invalid field's path (`agents.2.skills.math`).
 */
export function validateScenario(raw: unknown, source = "scenario"): Scenario {
  const parsed = scenarioSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({
    field: i.path.map(String).join(".") || "(root)",
    message: i.message,
  }));
  const listed = issues
    .slice(0, 5)
    .map((i) => `'${i.field}': ${i.message}`)
    .join("; ");
  throw new ConfigError(`invalid scenario '${source}': ${listed}`, {
    source,
    field: issues[0]!.field,
    issues,
  });
}
