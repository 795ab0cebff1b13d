import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors.js";
import { resolveConfig } from "./resolve.js";
import { configSchema } from "./schema.js";
import { suggestKey } from "./unknown-keys.js";

interface Node {
  def?: { type?: string; shape?: Record<string, Node>; innerType?: Node; element?: Node; catchall?: Node };
}

/** Paths of every object in the schema that accepts unknown keys. */
function looseObjects(node: Node | undefined, path: string, out: string[]): string[] {
  const def = node?.def;
  if (def === undefined) return out;
  if (def.innerType) return looseObjects(def.innerType, path, out);
  if (def.type === "array") return looseObjects(def.element, `${path}[]`, out);
  if (def.type !== "object") return out;
  if (def.catchall?.def?.type !== "never") out.push(path || "(root)");
  for (const [key, child] of Object.entries(def.shape ?? {}))
    looseObjects(child, path ? `${path}.${key}` : key, out);
  return out;
}

describe("strict configuration (issue 12)", () => {
  it("every object of the schema refuses unknown keys (use z.strictObject for new sections)", () => {
    expect(looseObjects(configSchema as unknown as Node, "", [])).toEqual([]);
  });

  it("every section and field: a one-letter typo is refused with the right suggestion", () => {
    const defaults = resolveConfig({}) as unknown as Record<string, Record<string, unknown>>;
    for (const [section, fields] of Object.entries(defaults)) {
      for (const field of Object.keys(fields)) {
        const typo = field.slice(0, -1);
        if (Object.keys(fields).includes(typo)) continue;
        let error: unknown;
        try {
          resolveConfig({ [section]: { [typo]: fields[field] } } as never);
        } catch (caught) {
          error = caught;
        }
        expect(error, `${section}.${typo}`).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).message).toContain(`'${section}.${typo}'`);
        if (typo.length >= 3) expect((error as ConfigError).message).toContain(`did you mean '${field}'?`);
      }
    }
  });

  it("suggests only close keys", () => {
    expect(suggestKey("learningRat", ["learningRate", "decay"])).toBe("learningRate");
    expect(suggestKey("modle", ["model", "role"])).toBe("model");
    expect(suggestKey("zzzzzz", ["maxMessageChars"])).toBeUndefined();
  });
});
