/**
 * @module config/unknown-keys
 * One formatter for unknown configuration keys (issue 12), used for `config` in code, in config
 * files and in agent declarations: the key's full path, and the nearest known key when one is
 * close enough to be a typo ("did you mean 'learningRate'?").
 */
import type { z } from "zod";

/** The known keys of the strict object at `path` of `schema`, or [] when there is none. */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let node: unknown = schema;
  for (const key of path) {
    node = unwrap(node);
    const def = (node as { def?: { type?: string; shape?: Record<string, unknown>; element?: unknown } }).def;
    if (def?.type === "object" && typeof key === "string") node = def.shape?.[key];
    else if (def?.type === "array" && typeof key === "number") node = def.element;
    else if (def?.type === "record") node = (def as { valueType?: unknown }).valueType;
    else return [];
  }
  const def = (unwrap(node) as { def?: { type?: string; shape?: Record<string, unknown> } } | undefined)?.def;
  return def?.type === "object" && def.shape ? Object.keys(def.shape) : [];
}

/** Peels defaults, optionals and the like off a zod schema. */
function unwrap(node: unknown): unknown {
  let current = node as { def?: { type?: string; innerType?: unknown } } | undefined;
  while (
    current?.def !== undefined &&
    ["default", "optional", "nullable", "prefault", "readonly", "catch"].includes(current.def.type ?? "")
  ) {
    current = current.def.innerType as typeof current;
  }
  return current;
}

/** The known key nearest to `key` when it is close enough to be a typo, else undefined. */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  const lower = key.toLowerCase();
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // a typo: a few edits, and fewer than a third of the key (so 'zzzzzz' suggests nothing)
  const allowed = Math.max(1, Math.min(3, Math.floor(key.length / 3)));
  return best !== undefined && bestDistance <= allowed ? best : undefined;
}

/** "unknown key 'routing.learningRat' (did you mean 'learningRate'?)" */
export function describeUnknownKey(path: string, key: string, known: readonly string[]): string {
  const suggestion = suggestKey(key, known);
  const hint = suggestion === undefined ? "" : ` (did you mean '${suggestion}'?)`;
  return `unknown key '${path}'${hint}`;
}

/** Edit distance with adjacent transpositions (optimal string alignment); keys are short. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        rows[0]!.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]!.push(d);
    }
  }
  return rows[a.length]![b.length]!;
}
