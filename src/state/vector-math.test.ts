import { describe, expect, it } from "vitest";
import { argmax, axpy, cosine, dot, norm, normalize, scale, softmaxInPlace } from "./vector-math.js";

const v = (...xs: number[]) => Float32Array.from(xs);

describe("vector-math", () => {
  it("computes dot, norm and cosine", () => {
    expect(dot(v(1, 2, 3), v(4, 5, 6))).toBe(32);
    expect(norm(v(3, 4))).toBe(5);
    expect(cosine(v(1, 0), v(0, 1))).toBe(0);
    expect(cosine(v(1, 1), v(2, 2))).toBeCloseTo(1, 6);
    expect(cosine(v(1, 0), v(-1, 0))).toBeCloseTo(-1, 6);
  });

  it("gives cosine 0 for a zero vector instead of NaN", () => {
    expect(cosine(v(0, 0), v(1, 2))).toBe(0);
  });

  it("updates in place: axpy, scale, normalize", () => {
    const y = v(1, 1);
    axpy(2, v(1, 2), y);
    expect([...y]).toEqual([3, 5]);
    expect([...scale(v(1, -2), 3)]).toEqual([3, -6]);
    const n = normalize(v(3, 4));
    expect(n[0]).toBeCloseTo(0.6, 6);
    expect(n[1]).toBeCloseTo(0.8, 6);
    expect([...normalize(v(0, 0))]).toEqual([0, 0]);
  });

  it("finds the first maximum and a stable softmax", () => {
    expect(argmax([1, 3, 3, 2])).toBe(1);
    expect(argmax([])).toBe(-1);
    const p = softmaxInPlace(new Float64Array([1000, 1000, 0]));
    expect(p[0]).toBeCloseTo(0.5, 9);
    expect(p[2]).toBeCloseTo(0, 9);
    const q = softmaxInPlace(new Float64Array([0, Math.log(3)]));
    expect(q[1]).toBeCloseTo(0.75, 9);
  });
});
