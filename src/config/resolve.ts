/**
 * @module config/resolve
 * Turns user input into a {@link RapoConfig}, failing with a {@link ConfigError} that names the
 * field, the value and the allowed range.
 */
import type { z } from "zod";
import { ConfigError } from "../errors.js";
import { configSchema, type RapoConfig, type RapoConfigInput } from "./schema.js";

/** Validates `input` against the schema and fills in the paper's defaults. */
export function resolveConfig(input: RapoConfigInput = {}): RapoConfig {
  const parsed = configSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.join(".");
  const value = valueAt(input, issue.path);
  throw new ConfigError(`invalid config '${path}': got ${JSON.stringify(value)}; ${describe(issue)}`, {
    field: path,
    value,
    issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
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
