import { describe, expect, it } from "vitest";
import { deriveSeed, hashString, mixSeeds } from "./hash.js";
import { createPrng, mulberry32 } from "./random.js";

describe("prng", () => {
  it("keeps the exact mulberry32 stream the evaluation's committed results were drawn from", () => {
    const rng = createPrng(42);
    expect([rng.next(), rng.next(), rng.next()]).toEqual([
      0.6011037519201636, 0.44829055899754167, 0.8524657934904099,
    ]);
  });

  it("is the bare mulberry32 step behind the interface (one algorithm)", () => {
    const step = mulberry32(9);
    const rng = createPrng(9);
    for (let i = 0; i < 100; i++) expect(rng.next()).toBe(step());
  });

  it("hashes with FNV-1a (published test vectors) and derives labelled seeds from it", () => {
    expect(hashString("")).toBe(0x811c9dc5);
    expect(hashString("a")).toBe(0xe40c292c);
    expect(hashString("foobar")).toBe(0xbf9cf968);
    expect(deriveSeed(42, "bootstrap")).toBe(hashString("bootstrap", (0x811c9dc5 ^ 42) >>> 0));
  });

  it("draws standard normals", () => {
    const rng = createPrng(7);
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < 20_000; i++) {
      const x = rng.gaussian();
      sum += x;
      squares += x * x;
    }
    expect(Math.abs(sum / 20_000)).toBeLessThan(0.03);
    expect(squares / 20_000).toBeCloseTo(1, 1);
  });

  it("reproduces a stream from its seed and differs across seeds", () => {
    const draw = (seed: number) => Array.from({ length: 5 }, createPrng(seed).next);
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
  });

  it("draws uniform floats and inclusive integers", () => {
    const rng = createPrng(7);
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[rng.int(1, 6) - 1]!++;
    for (const c of counts) expect(c / 60_000).toBeCloseTo(1 / 6, 2);
    for (let i = 0; i < 1000; i++) {
      const u = rng.next();
      expect(u >= 0 && u < 1).toBe(true);
    }
  });

  it("picks in proportion to weights and never picks a zero weight", () => {
    const rng = createPrng(3);
    const hits = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) hits[rng.weighted([1, 0, 3])]!++;
    expect(hits[1]).toBe(0);
    expect(hits[2]! / hits[0]!).toBeCloseTo(3, 0);
    expect(() => rng.weighted([0, 0])).toThrow(RangeError);
  });

  it("shuffles without losing elements and forks independent streams", () => {
    const rng = createPrng(5);
    const items = Array.from({ length: 20 }, (_, i) => i);
    const shuffled = rng.shuffle(items);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
    expect(createPrng(5).fork("a").next()).toBe(createPrng(5).fork("a").next());
    expect(createPrng(5).fork("a").next()).not.toBe(createPrng(5).fork("b").next());
  });

  it("hashes strings and mixes seeds deterministically", () => {
    expect(hashString("rapo")).toBe(hashString("rapo"));
    expect(hashString("rapo")).not.toBe(hashString("rap0"));
    expect(mixSeeds(1, 2)).not.toBe(mixSeeds(2, 1));
  });
});
