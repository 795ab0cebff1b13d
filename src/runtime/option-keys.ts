/**
 * @module runtime/option-keys
 * Checks the shape of the orchestrator's options before anything is built (issue 12): missing
 * or non-object options and unknown option names are ConfigErrors, with the nearest known name
 * when one is close ("did you mean 'agents'?"). `config` itself is checked by `resolveConfig`.
 */
import { describeUnknownKey } from "../config/unknown-keys.js";
import { ConfigError } from "../errors.js";

/** Every option of `OrchestratorOptions` (kept in step with it by a type check below). */
const OPTION_KEYS = [
  "agents",
  "store",
  "config",
  "taxonomy",
  "embedder",
  "classifier",
  "routing",
  "pools",
  "verifier",
  "prompts",
  "stages",
  "logger",
  "metrics",
  "trajectoryLog",
  "clock",
  "distributed",
] as const;

/** Throws a ConfigError unless `options` is an object whose keys are all known options. */
export function checkOptionKeys(options: unknown): void {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    const got = options === null ? "null" : Array.isArray(options) ? "an array" : typeof options;
    throw new ConfigError(`Orchestrator options must be an object with at least 'agents', got ${got}`, {
      field: "(options)",
    });
  }
  const known: readonly string[] = OPTION_KEYS;
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new ConfigError(`invalid Orchestrator options: ${describeUnknownKey(key, key, known)}`, {
        field: key,
      });
    }
  }
}

/** The option names, for the compile-time check that the list matches the interface. */
export type KnownOptionKey = (typeof OPTION_KEYS)[number];
