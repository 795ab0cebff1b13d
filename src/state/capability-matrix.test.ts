import { describe, expect, it } from "vitest";
import { resolveConfig } from "../config/resolve.js";
import { ConfigError, InputError } from "../errors.js";
import { CapabilityMatrix } from "./capability-matrix.js";
import { float16Bits, float16Value } from "./float16.js";
import { resolveTaxonomy } from "./taxonomy.js";

const config = resolveConfig();
const taxonomy = resolveTaxonomy();
const fresh = () => CapabilityMatrix.fromPrior(taxonomy, undefined, config);

describe("CapabilityMatrix", () => {
  it("starts at routing.capabilityPrior with no evidence, 10×5", () => {
    const m = fresh();
    expect([m.rows, m.cols]).toEqual([10, 5]);
    expect(m.score(3, 2)).toBe(0.5);
    expect(m.totalEvidence()).toBe(0);
  });

  it("moves the (task, modality) cell with η: 0.5 → 0.55 → 0.595 for o = 1", () => {
    const m = fresh();
    m.update(2, 1, 1);
    expect(m.score(2, 1)).toBeCloseTo(0.55, 6);
    m.update(2, 1, 1);
    expect(m.score(2, 1)).toBeCloseTo(0.595, 6);
  });

  it("moves the rest of the row with η·capabilitySpill and the column with η·modalitySpill, nothing else", () => {
    const m = fresh();
    m.update(2, 1, 1);
    // η·spill = 0.1·0.25 = 0.025: 0.975·0.5 + 0.025 = 0.5125
    expect(m.score(2, 4)).toBeCloseTo(0.5125, 6);
    // η·modalitySpill = 0.1·0.05 = 0.005: 0.995·0.5 + 0.005 = 0.5025
    expect(m.score(7, 1)).toBeCloseTo(0.5025, 6);
    expect(m.score(7, 4)).toBe(0.5);
    m.update(2, 1, 0);
    expect(m.score(2, 1)).toBeCloseTo(0.9 * 0.55, 6);
    expect(m.score(2, 4)).toBeCloseTo(0.975 * 0.5125, 6);
  });

  it("decays the task row's evidence by routing.decay; the touched cell gains 1, its row siblings the spill", () => {
    const m = fresh();
    m.update(0, 0, 1);
    m.update(1, 1, 1);
    m.update(1, 1, 0.5);
    // row 0 untouched by the updates of row 1
    expect(m.evidence(0, 0)).toBe(1);
    expect(m.evidence(0, 3)).toBeCloseTo(0.25, 6);
    expect(m.evidence(1, 1)).toBeCloseTo(0.95 + 1, 6);
    expect(m.evidence(1, 2)).toBeCloseTo(0.25 * 0.95 + 0.25, 6);
    expect(m.evidence(2, 1)).toBe(0);
  });

  it("rejects NaN, out-of-range outcomes and cells with InputError", () => {
    const m = fresh();
    for (const bad of [Number.NaN, -0.1, 1.01, Number.POSITIVE_INFINITY]) {
      expect(() => m.update(0, 0, bad)).toThrow(InputError);
    }
    expect(() => m.update(10, 0, 1)).toThrow(InputError);
    expect(() => m.score(0, 5)).toThrow(InputError);
    expect(() => m.update(0.5, 0, 1)).toThrow(InputError);
    expect(m.totalEvidence()).toBe(0);
  });

  it("takes a per-task or full-matrix prior and validates it", () => {
    const byTask = CapabilityMatrix.fromPrior(taxonomy, { math: 0.9, code: 0.2 }, config);
    expect(byTask.score(6, 0)).toBeCloseTo(0.9, 6);
    expect(byTask.score(6, 4)).toBeCloseTo(0.9, 6);
    expect(byTask.score(7, 3)).toBeCloseTo(0.2, 6);
    expect(byTask.score(0, 0)).toBe(0.5);
    const grid = Array.from({ length: 10 }, (_, i) => Array.from({ length: 5 }, (_, j) => (i + j) / 20));
    expect(CapabilityMatrix.fromPrior(taxonomy, grid, config).score(9, 4)).toBeCloseTo(0.65, 6);
    expect(() => CapabilityMatrix.fromPrior(taxonomy, { astrology: 1 }, config)).toThrow(ConfigError);
    expect(() => CapabilityMatrix.fromPrior(taxonomy, { math: 2 }, config)).toThrow(ConfigError);
    expect(() => CapabilityMatrix.fromPrior(taxonomy, [[0.5]], config)).toThrow(ConfigError);
  });

  it("uses the configured learning rate, spill and prior", () => {
    const custom = resolveConfig({
      routing: { learningRate: 0.5, capabilitySpill: 0, modalitySpill: 0, capabilityPrior: 0.2 },
    });
    const m = CapabilityMatrix.fromPrior(taxonomy, undefined, custom);
    m.update(0, 0, 1);
    expect(m.score(0, 0)).toBeCloseTo(0.6, 6);
    expect(m.score(0, 1)).toBeCloseTo(0.2, 6);
  });

  it("measures similarity by cosine and clones independently", () => {
    const a = fresh();
    const b = a.clone();
    expect(a.similarity(b)).toBeCloseTo(1, 6);
    b.update(0, 0, 0);
    expect(a.score(0, 0)).toBe(0.5);
    const specialist = CapabilityMatrix.fromPrior(taxonomy, { math: 1, code: 0, reasoning: 0 }, config);
    const other = CapabilityMatrix.fromPrior(taxonomy, { math: 0, code: 1, reasoning: 1 }, config);
    expect(specialist.similarity(a)).toBeGreaterThan(specialist.similarity(other));
    a.copyFrom(b);
    expect(a.score(0, 0)).toBeCloseTo(b.score(0, 0), 6);
    expect(a.evidence(0, 0)).toBe(1);
    expect(() => a.similarity(new CapabilityMatrix(2, 2, config.routing))).toThrow(InputError);
  });

  it("round-trips through float16 within 1e-3, evidence included", () => {
    const m = fresh();
    for (let i = 0; i < 200; i++) m.update(i % 10, (i * 3) % 5, (i % 7) / 6);
    const bits = m.toFloat16();
    expect(bits).toBeInstanceOf(Uint16Array);
    expect(bits.length).toBe(100);
    const back = CapabilityMatrix.fromFloat16(bits, taxonomy, config.routing);
    for (let i = 0; i < m.size; i++) {
      expect(Math.abs(back.values[i]! - m.values[i]!)).toBeLessThan(1e-3);
      expect(Math.abs(back.evidenceValues[i]! - m.evidenceValues[i]!)).toBeLessThan(
        1e-2 * Math.max(1, m.evidenceValues[i]!),
      );
    }
    const valuesOnly = CapabilityMatrix.fromFloat16(
      bits.subarray(0, 50),
      { rows: 10, cols: 5 },
      config.routing,
    );
    expect(valuesOnly.totalEvidence()).toBe(0);
    expect(() => CapabilityMatrix.fromFloat16(new Uint16Array(7), taxonomy, config.routing)).toThrow(
      InputError,
    );
  });
});

describe("float16", () => {
  it("encodes IEEE half-precision bit patterns", () => {
    expect(float16Bits(1)).toBe(0x3c00);
    expect(float16Bits(-2)).toBe(0xc000);
    expect(float16Bits(0.5)).toBe(0x3800);
    expect(float16Bits(65504)).toBe(0x7bff);
    expect(float16Bits(70000)).toBe(0x7c00);
    expect(float16Bits(2 ** -24)).toBe(0x0001);
    expect(float16Bits(2 ** -26)).toBe(0);
    expect(float16Bits(Number.NaN) & 0x7c00).toBe(0x7c00);
    // 1 + 2^-11 is halfway between 1 and the next half: ties to even (1).
    expect(float16Bits(1 + 2 ** -11)).toBe(0x3c00);
    expect(float16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
  });

  it("decodes what it encodes within half an ulp", () => {
    for (const x of [0, 1, 0.1, 0.333, 0.595, 0.9999, 12.5, 1e-5, -3.75]) {
      expect(Math.abs(float16Value(float16Bits(x)) - x)).toBeLessThanOrEqual(
        Math.max(Math.abs(x) * 2 ** -11, 2 ** -25),
      );
    }
    expect(float16Value(0x7c00)).toBe(Number.POSITIVE_INFINITY);
    expect(float16Value(0x7e00)).toBeNaN();
  });
});
