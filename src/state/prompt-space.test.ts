import { describe, expect, it } from "vitest";
import { configSchema } from "../config/schema.js";
import { InputError } from "../errors.js";
import { hashString } from "../util/hash.js";
import { LocalEmbedder } from "./embedding.js";
import { DEFAULT_PROMPT_COMPONENTS, DIRECTIVES } from "./prompt-components.js";
import { DEFAULT_PROMPT_PATTERNS, PromptSpace } from "./prompt-space.js";
import type { Embedder } from "./types.js";

const config = configSchema.parse({});
const embedder = LocalEmbedder.fromConfig(config);
const space = PromptSpace.createSync({ embedder, dim: config.state.promptDim, seed: config.state.seed });

/** A deterministic embedder without embedSync: hashed words into 64 dims. */
const asyncOnly: Embedder = {
  dim: 64,
  embed: (texts) =>
    Promise.resolve(
      texts.map((text) => {
        const v = new Float32Array(64);
        for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
          const h = hashString(word);
          v[h % 64] = v[h % 64]! + (h & 0x100 ? 1 : -1);
        }
        return v;
      }),
    ),
};

function moveTowards(p: Float32Array, target: Float32Array, t: number): Float32Array {
  return p.map((x, i) => (1 - t) * x + t * target[i]!);
}

describe("PromptSpace", () => {
  it("keeps the principal components of the patterns and pads to promptDim", () => {
    expect(space.dim).toBe(512);
    expect(space.basis.principalComponents).toBeGreaterThan(5);
    expect(space.basis.principalComponents).toBeLessThan(DEFAULT_PROMPT_PATTERNS.length);
    expect(space.basis.principalComponents + space.basis.paddedDimensions).toBe(512);
    const explained = space.basis.explainedVariance;
    for (let i = 1; i < explained.length; i++)
      expect(explained[i]!).toBeLessThanOrEqual(explained[i - 1]! + 1e-12);
  });

  it("maps components to distinct unit vectors, identically for the same seed", () => {
    const again = PromptSpace.createSync({ embedder, dim: 512, seed: config.state.seed });
    for (const c of DEFAULT_PROMPT_COMPONENTS) {
      const v = space.componentVector(c.id);
      expect(Math.hypot(...v)).toBeCloseTo(1, 5);
      expect(again.componentVector(c.id)).toEqual(v);
      expect(space.renderIds(v, 1)).toEqual([c.id]);
    }
  });

  it("starts a role near the components of its best-matching pattern", () => {
    expect(space.defaultComponents("math specialist")).toEqual(["step-by-step", "answer-format"]);
    const p = space.initialVector("math specialist", undefined, 3);
    expect(Math.hypot(...p)).toBeCloseTo(1, 5);
    const ids = space.renderIds(p);
    expect(ids).toContain("step-by-step");
    expect(ids).toContain("answer-format");
    // deterministic per seed, different across seeds
    expect(space.initialVector("math specialist", undefined, 3)).toEqual(p);
    expect(space.initialVector("math specialist", undefined, 4)).not.toEqual(p);
  });

  it("renders the components an explicit start set names", () => {
    const p = space.initialVector("anything", ["glossary", "json-output"], 0);
    const top2 = space.renderIds(p, 2);
    expect(top2).toEqual(["glossary", "json-output"]); // bank order
  });

  it("moving P towards a component makes that component appear, predictably", () => {
    const p = space.initialVector("creative writer", ["friendly-tone", "concise"], 1);
    const target = space.componentVector("step-by-step");
    expect(space.renderIds(p)).not.toContain("step-by-step");
    const scores: number[] = [];
    let firstShown = -1;
    for (let step = 0; step <= 10; step++) {
      const moved = moveTowards(p, target, step / 10);
      scores.push(space.scores(moved)[space.components.findIndex((c) => c.id === "step-by-step")]!);
      if (firstShown < 0 && space.renderIds(moved).includes("step-by-step")) firstShown = step;
    }
    // the cosine grows monotonically along the path and the component shows up before the end
    for (let i = 1; i < scores.length; i++) expect(scores[i]!).toBeGreaterThan(scores[i - 1]!);
    expect(firstShown).toBeGreaterThan(0);
    expect(firstShown).toBeLessThanOrEqual(10);
    // once shown it stays shown
    for (let step = firstShown; step <= 10; step++) {
      expect(space.renderIds(moveTowards(p, target, step / 10))).toContain("step-by-step");
    }
    expect(space.renderIds(target, 1)).toEqual(["step-by-step"]);
  });

  it("renders the system prompt as role, instructions, then component texts", () => {
    const p = space.initialVector("math specialist", ["step-by-step", "answer-format"], 0);
    const text = space.renderSystemPrompt("You are a math specialist.", "Solve carefully.", p);
    const [role, own, components] = text.split("\n\n");
    expect(role).toBe("You are a math specialist.");
    expect(own).toBe("Solve carefully.");
    expect(components).toContain(DIRECTIVES.stepByStep);
    expect(components).toContain(DIRECTIVES.answerFormat);
    expect(space.renderSystemPrompt("r", undefined, new Float32Array(512))).toBe("r");
  });

  it("honours top-k and threshold, and renders nothing for a zero or NaN vector", () => {
    const p = space.initialVector("general assistant", undefined, 0);
    expect(space.render(p, 2).length).toBeLessThanOrEqual(2);
    expect(space.render(p, 12, 0.99)).toEqual([]);
    expect(space.render(new Float32Array(512))).toEqual([]);
    expect(space.render(new Float32Array(512).fill(Number.NaN))).toEqual([]);
  });

  it("rejects unknown components and wrong dimensions", () => {
    expect(() => space.componentVector("nope")).toThrow(InputError);
    expect(() => space.initialVector("r", ["nope"])).toThrow(/unknown prompt component/);
    expect(() => space.render(new Float32Array(3))).toThrow(/dimension/);
  });

  it("accepts user components and async-only embedders", async () => {
    const components = [
      ...DEFAULT_PROMPT_COMPONENTS,
      { id: "metric-units", kind: "glossary" as const, text: "Use metric units." },
    ];
    const custom = await PromptSpace.create({ embedder: asyncOnly, components, dim: 128, seed: 7 });
    expect(custom.basis.principalComponents + custom.basis.paddedDimensions).toBe(128);
    expect(custom.renderIds(custom.componentVector("metric-units"), 1)).toEqual(["metric-units"]);
    // the role is matched by word overlap when the embedder has no embedSync
    expect(custom.defaultComponents("a code assistant")).toEqual(DEFAULT_PROMPT_PATTERNS[14]!.components);
    expect(() => PromptSpace.createSync({ embedder: asyncOnly, dim: 128, seed: 7 })).toThrow(/embedSync/);
  });

  it("rejects a bank with duplicate ids or patterns naming unknown components", () => {
    const dup = [...DEFAULT_PROMPT_COMPONENTS, DEFAULT_PROMPT_COMPONENTS[0]!];
    expect(() => PromptSpace.createSync({ embedder, components: dup, dim: 512, seed: 1 })).toThrow(
      /duplicate/,
    );
    const patterns = [{ role: "x", components: ["missing"] }, DEFAULT_PROMPT_PATTERNS[0]!];
    expect(() => PromptSpace.createSync({ embedder, patterns, dim: 512, seed: 1 })).toThrow(
      /unknown component/,
    );
  });
});
