/**
 * @module eval/methods/registry
 * Every method `rapo bench` knows, in report order, and the lookup of a `--methods` list.
 */
import { InputError } from "../../errors.js";
import { BASELINES } from "./baselines.js";
import { RAPO, RAPO_ABLATIONS } from "./rapo-methods.js";
import { REFERENCES } from "./reference-methods.js";
import type { EvalMethod } from "./types.js";

/** rapo, the baselines, the reference rows (oracle ceiling, no-context floor), then rapo's variants and ablations. */
export const ALL_METHODS: readonly EvalMethod[] = [RAPO, ...BASELINES, ...REFERENCES, ...RAPO_ABLATIONS];

/** Ids of {@link ALL_METHODS}. */
export const METHOD_IDS: readonly string[] = ALL_METHODS.map((m) => m.id);

/**
 * The methods named in `ids` (order of {@link ALL_METHODS}, duplicates dropped); all methods when
 * `ids` is undefined.
 * @throws InputError `unknown_method` naming every unknown id and the known ones, or `no_methods`.
 */
export function selectMethods(ids?: readonly string[]): EvalMethod[] {
  if (ids === undefined) return [...ALL_METHODS];
  const wanted = ids.map((s) => s.trim()).filter((s) => s.length > 0);
  if (wanted.length === 0)
    throw new InputError("no_methods", `no method named; known methods: ${METHOD_IDS.join(", ")}`);
  const unknown = wanted.filter((id) => !METHOD_IDS.includes(id));
  if (unknown.length > 0) {
    throw new InputError(
      "unknown_method",
      `unknown method${unknown.length > 1 ? "s" : ""} ${unknown.map((u) => `'${u}'`).join(", ")}; known methods: ${METHOD_IDS.join(", ")}`,
      {
        unknown,
        known: METHOD_IDS,
      },
    );
  }
  return ALL_METHODS.filter((m) => wanted.includes(m.id));
}
