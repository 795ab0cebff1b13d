/**
 * @module store/float16
 * IEEE 754 binary16 ("half") encode/decode. SPEC §6 stores capability matrices as float16; every
 * store rounds them through these functions so that the memory, SQLite and Redis stores return
 * the same values. Node 20 has no `Float16Array` / `Math.f16round`, hence the bit twiddling.
 */

import { float16Bits, float16Value } from "../state/float16.js";

/**
 * Bits of the float16 nearest to `value` (round half to even, like hardware conversions).
 * Overflow gives ±Infinity, underflow gives subnormals then ±0, NaN stays a quiet NaN.
 * (The one implementation lives in `state/float16`.)
 */
export const toFloat16Bits: (value: number) => number = float16Bits;

/** The number a float16 bit pattern stands for. */
export const fromFloat16Bits: (bits: number) => number = float16Value;

/** `value` rounded to the nearest float16 (returned as a JS number). */
export function roundFloat16(value: number): number {
  return fromFloat16Bits(toFloat16Bits(value));
}

/** Encodes a float32 vector as float16 bits. */
export function encodeFloat16(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = toFloat16Bits(values[i]!);
  return out;
}

/** Decodes float16 bits into a new float32 vector. */
export function decodeFloat16(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = fromFloat16Bits(bits[i]!);
  return out;
}

/** A new float32 vector holding `values` rounded through float16 (what a store gives back). */
export function roundFloat16Array(values: Float32Array): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = roundFloat16(values[i]!);
  return out;
}
