/**
 * @module eval/runner/merge-config
 * Deep merge of configuration inputs (later wins; arrays and scalars replace), so a method's
 * overrides layer over the run's base configuration without dropping sibling fields.
 */
import type { RapoConfigInput } from "../../config/schema.js";

type Plain = Record<string, unknown>;

function isPlain(value: unknown): value is Plain {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function mergeTwo(a: Plain, b: Plain): Plain {
  const out: Plain = { ...a };
  for (const [key, value] of Object.entries(b)) {
    if (value === undefined) continue;
    const current = out[key];
    out[key] = isPlain(current) && isPlain(value) ? mergeTwo(current, value) : value;
  }
  return out;
}

/** Merges configuration inputs left to right. */
export function mergeConfig(...inputs: (RapoConfigInput | undefined)[]): RapoConfigInput {
  let out: Plain = {};
  for (const input of inputs) if (input) out = mergeTwo(out, input as Plain);
  return out as RapoConfigInput;
}
