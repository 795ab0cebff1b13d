import { describe, expect, it } from "vitest";
import {
  decodeFloat16,
  encodeFloat16,
  fromFloat16Bits,
  roundFloat16,
  roundFloat16Array,
  toFloat16Bits,
} from "./float16.js";

describe("float16", () => {
  it("encodes well-known values", () => {
    expect(toFloat16Bits(0)).toBe(0x0000);
    expect(toFloat16Bits(-0)).toBe(0x8000);
    expect(toFloat16Bits(1)).toBe(0x3c00);
    expect(toFloat16Bits(-2)).toBe(0xc000);
    expect(toFloat16Bits(0.5)).toBe(0x3800);
    expect(toFloat16Bits(0.1)).toBe(0x2e66);
    expect(toFloat16Bits(1 / 3)).toBe(0x3555);
    expect(toFloat16Bits(65504)).toBe(0x7bff);
    expect(toFloat16Bits(2 ** -14)).toBe(0x0400);
    expect(toFloat16Bits(2 ** -24)).toBe(0x0001);
  });

  it("rounds half to even, including into Infinity and subnormals", () => {
    expect(toFloat16Bits(1 + 2 ** -11)).toBe(0x3c00);
    expect(toFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(toFloat16Bits(65520)).toBe(0x7c00);
    expect(toFloat16Bits(65519)).toBe(0x7bff);
    expect(toFloat16Bits(2 ** -25)).toBe(0x0000);
    expect(toFloat16Bits(1.5 * 2 ** -25)).toBe(0x0001);
    expect(toFloat16Bits(3 * 2 ** -25)).toBe(0x0002);
    expect(toFloat16Bits(2 ** -30)).toBe(0x0000);
    expect(toFloat16Bits(-(2 ** -30))).toBe(0x8000);
    // The largest subnormal plus a bit more than half an ulp rounds up to the smallest normal.
    expect(toFloat16Bits(1023.75 * 2 ** -24)).toBe(0x0400);
  });

  it("maps non-finite values", () => {
    expect(toFloat16Bits(Number.POSITIVE_INFINITY)).toBe(0x7c00);
    expect(toFloat16Bits(Number.NEGATIVE_INFINITY)).toBe(0xfc00);
    expect(toFloat16Bits(1e10)).toBe(0x7c00);
    expect(Number.isNaN(fromFloat16Bits(toFloat16Bits(Number.NaN)))).toBe(true);
    expect(fromFloat16Bits(0x7c00)).toBe(Number.POSITIVE_INFINITY);
    expect(Object.is(fromFloat16Bits(0x8000), -0)).toBe(true);
  });

  it("round-trips every non-NaN bit pattern exactly", () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const value = fromFloat16Bits(bits);
      if (Number.isNaN(value)) continue;
      if (toFloat16Bits(value) !== bits) throw new Error(`bits 0x${bits.toString(16)} did not round-trip`);
    }
  });

  it("keeps relative error within 2^-11 in the normal range", () => {
    let seed = 12345;
    for (let i = 0; i < 10_000; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const value = Math.fround((seed / 2 ** 32) * 2 - 1) * 100;
      if (Math.abs(value) < 2 ** -14) continue;
      expect(Math.abs(roundFloat16(value) - value) / Math.abs(value)).toBeLessThanOrEqual(2 ** -11);
    }
  });

  it("encodes and decodes vectors", () => {
    const values = new Float32Array([0, 0.25, -1.5, 0.3333, 1]);
    const bits = encodeFloat16(values);
    expect(Array.from(bits)).toEqual([0x0000, 0x3400, 0xbe00, toFloat16Bits(0.3333), 0x3c00]);
    const decoded = decodeFloat16(bits);
    expect(decoded).toBeInstanceOf(Float32Array);
    expect(Array.from(decoded)).toEqual(Array.from(roundFloat16Array(values)));
    for (let i = 0; i < values.length; i++) expect(Math.abs(decoded[i]! - values[i]!)).toBeLessThan(1e-3);
  });
});
