/**
 * @module config/resolve
 * Turns user input into a {@link RapoConfig}, failing with a {@link ConfigError} that names the
 * field, the value and the allowed range — or, for an unknown key, its path and the nearest
 * known key.
 */
import type { z } from "zod";
import { ConfigError } from "../errors.js";
import { configSchema, type RapoConfig, type RapoConfigInput } from "./schema.js";
import { describeUnknownKey, knownKeysAt, suggestKey } from "./unknown-keys.js";

/** Validates `input` against the schema and fills in the paper's defaults. */
export function resolveConfig(input: RapoConfigInput = {}): RapoConfig {
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw new ConfigError(`config must be an object, got ${input === null ? "null" : typeof input}`, {
      field: "(root)",
      value: input,
    });
  }
  const parsed = configSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw configErrorOf(parsed.error, input, "config");
}

/**
 * The ConfigError of a failed parse of `input` (the `config` object, or a part of a file whose
 * keys start with `prefix`): names the first issue's field; an unknown key gets its full path and
 * a "did you mean" when a known key is close.
 */
export function configErrorOf(error: z.ZodError, input: unknown, prefix: string): ConfigError {
  const issue = error.issues[0]!;
  const issues = error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0]!;
    const field = [...issue.path, key].join(".");
    const known = knownKeysAt(configSchema, issue.path);
    const others = issue.keys.length > 1 ? `; also unknown: ${issue.keys.slice(1).join(", ")}` : "";
    const full = prefix === "config" ? field : `${prefix}.${field}`;
    return new ConfigError(`invalid config: ${describeUnknownKey(full, key, known)}${others}`, {
      field,
      unknownKeys: issue.keys,
      suggestion: suggestKey(key, known),
      issues,
    });
  }
  const path = issue.path.join(".");
  const value = valueAt(input, issue.path);
  return new ConfigError(`invalid config '${path}': got ${JSON.stringify(value)}; ${describe(issue)}`, {
    field: path,
    value,
    issues,
  });
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let node: unknown = input;
  for (const key of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === "too_small") return `must be ${issue.inclusive ? ">=" : ">"} ${String(issue.minimum)}`;
  if (issue.code === "too_big") return `must be ${issue.inclusive ? "<=" : "<"} ${String(issue.maximum)}`;
  return issue.message;
}
