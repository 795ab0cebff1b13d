import { describe, expect, it } from "vitest";
import { resolveConfig } from "../config/resolve.js";
import { InputError } from "../errors.js";
import { attend, ContextWindow, computeContext } from "./context-vector.js";
import { LocalEmbedder } from "./embedding.js";
import { RandomProjection } from "./random-projection.js";
import { cosine, norm } from "./vector-math.js";

const config = resolveConfig();
const embedder = LocalEmbedder.fromConfig(config);
const unit = (dim: number, index: number) => {
  const v = new Float32Array(dim);
  v[index] = 1;
  return v;
};

describe("ContextWindow", () => {
  it("keeps the last k turns, oldest first", () => {
    const window = new ContextWindow(3, 4, config.state.attentionTemperature);
    for (let i = 0; i < 5; i++) window.push(Float32Array.of(i, 0, 0, 0));
    expect(window.size).toBe(3);
    expect([0, 1, 2].map((i) => window.at(i)[0])).toEqual([2, 3, 4]);
    expect(window.latest()?.[0]).toBe(4);
  });

  it("prunes at state.contextWindow = 20 from the configuration", () => {
    const window = ContextWindow.fromConfig(config);
    expect(window.capacity).toBe(20);
    for (let i = 0; i < 25; i++) window.push(embedder.embedSync(`turn number ${i}`));
    expect(window.size).toBe(20);
    expect([...window.at(0)]).toEqual([...embedder.embedSync("turn number 5")]);
  });

  it("copies pushed embeddings and rejects a wrong dimension", () => {
    const window = new ContextWindow(2, 2, config.state.attentionTemperature);
    const v = Float32Array.of(1, 2);
    window.push(v);
    v[0] = 9;
    expect(window.at(0)[0]).toBe(1);
    expect(() => window.push(Float32Array.of(1))).toThrow(InputError);
    expect(() => window.at(1)).toThrow(InputError);
  });

  it("snapshots and restores", () => {
    const window = new ContextWindow(3, 2, config.state.attentionTemperature);
    for (let i = 1; i <= 4; i++) window.push(Float32Array.of(i, -i));
    const copy = new ContextWindow(3, 2, config.state.attentionTemperature);
    copy.restore(window.snapshot());
    expect([...copy.snapshot()]).toEqual([2, -2, 3, -3, 4, -4]);
    const small = new ContextWindow(2, 2, config.state.attentionTemperature);
    small.restore(window.snapshot());
    expect([...small.snapshot()]).toEqual([3, -3, 4, -4]);
  });
});

describe("attention and C_i", () => {
  it("weights turns similar to the latest one more", () => {
    const window = ContextWindow.fromConfig(config);
    const turns = [
      "The Lyon warehouse holds 40 units of steel.",
      "Write a poem about the sea.",
      "Thanks, goodbye!",
      "How many units of steel does the Lyon warehouse hold?",
    ];
    for (const t of turns) window.push(embedder.embedSync(t));
    expect(attend(window)).toBe(4);
    const w = [...window.weights.subarray(0, 4)];
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(w[0]).toBeGreaterThan(w[1]!);
    expect(w[0]).toBeGreaterThan(w[2]!);
    expect(w[3]).toBeGreaterThan(w[0]!); // the query itself is the most similar key
  });

  it("computes softmax(cos/τ) exactly on orthogonal turns", () => {
    const window = new ContextWindow(4, 3, 0.5);
    window.push(unit(3, 0));
    window.push(unit(3, 1));
    window.push(unit(3, 0));
    attend(window);
    const e2 = Math.exp(2);
    expect(window.weights[0]).toBeCloseTo(e2 / (2 * e2 + 1), 6);
    expect(window.weights[1]).toBeCloseTo(1 / (2 * e2 + 1), 6);
    expect(window.pooled[0]).toBeCloseTo((2 * e2) / (2 * e2 + 1), 6);
  });

  it("projects to state.contextDim = 768, deterministically, zero when empty", () => {
    const projection = RandomProjection.fromConfig(config);
    expect(projection.outDim).toBe(768);
    const window = ContextWindow.fromConfig(config);
    const out = new Float32Array(768).fill(1);
    computeContext(window, projection, out);
    expect(norm(out)).toBe(0);
    window.push(embedder.embedSync("first turn about suppliers"));
    window.push(embedder.embedSync("second turn about invoices"));
    computeContext(window, projection, out);
    const again = new Float32Array(768);
    computeContext(window, RandomProjection.fromConfig(config), again);
    expect([...again]).toEqual([...out]);
    // Johnson–Lindenstrauss: norms and angles are roughly preserved.
    expect(norm(out) / norm(window.pooled)).toBeGreaterThan(0.85);
    expect(norm(out) / norm(window.pooled)).toBeLessThan(1.15);
  });

  it("preserves similarity between contexts through the projection", () => {
    const projection = new RandomProjection(256, 768, 3);
    const a = embedder.embedSync("steel stock in the Lyon warehouse");
    const b = embedder.embedSync("stock of steel at the Lyon warehouse");
    const pa = new Float32Array(768);
    const pb = new Float32Array(768);
    projection.project(a, pa);
    projection.project(b, pb);
    expect(Math.abs(cosine(pa, pb) - cosine(a, b))).toBeLessThan(0.1);
  });

  it("rejects a projection that does not fit", () => {
    const window = new ContextWindow(2, 4, config.state.attentionTemperature);
    expect(() => computeContext(window, new RandomProjection(8, 4, 1), new Float32Array(4))).toThrow(
      InputError,
    );
    expect(() => computeContext(window, new RandomProjection(4, 4, 1), new Float32Array(5))).toThrow(
      InputError,
    );
  });
});
