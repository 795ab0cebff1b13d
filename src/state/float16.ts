/**
 * @module state/float16
 * IEEE 754 binary16 conversion. SPEC §6 stores capability matrices as float16; Node 20 has no
 * `Float16Array` nor `Math.f16round`, so the bits are assembled by hand.
 */

// Scratch views to read a float32's bits without allocating; safe because JS is single-threaded.
const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);

/**
 * Bits of the float16 nearest to `value` (round half to even, like hardware conversions).
 * Overflow gives ±Infinity, underflow gives subnormals then ±0, NaN stays a quiet NaN.
 */
export function float16Bits(value: number): number {
  // Exact for float32 inputs (capability matrices are Float32Array). A float64 that is not a
  // float32 is rounded twice and may land one half-ulp tie off: far below the 1e-3 we promise.
  scratchF32[0] = value;
  const bits = scratchU32[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exponent32 = (bits >>> 23) & 0xff;
  const mantissa32 = bits & 0x7fffff;
  if (exponent32 === 0xff) return sign | 0x7c00 | (mantissa32 === 0 ? 0 : 0x200 | (mantissa32 >>> 13));
  const exponent16 = exponent32 - 127 + 15;
  if (exponent16 >= 0x1f) return sign | 0x7c00;
  if (exponent16 <= 0) return sign | subnormalMantissa(mantissa32, exponent16);
  const half = (exponent16 << 10) | (mantissa32 >>> 13);
  const rest = mantissa32 & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (up to Infinity).
  return sign | (rest > 0x1000 || (rest === 0x1000 && (half & 1) === 1) ? half + 1 : half);
}

/** Mantissa bits of a float16 subnormal for a float32 whose half exponent is ≤ 0. */
function subnormalMantissa(mantissa32: number, exponent16: number): number {
  if (exponent16 < -10) return 0;
  const full = mantissa32 | 0x800000;
  const shift = 14 - exponent16;
  const halfway = 1 << (shift - 1);
  const kept = full >>> shift;
  const rest = full & ((1 << shift) - 1);
  // Rounding 0x3ff up gives 0x400: the smallest normal, which is the right bit pattern.
  return rest > halfway || (rest === halfway && (kept & 1) === 1) ? kept + 1 : kept;
}

/** The number a float16 bit pattern stands for. */
export function float16Value(bits: number): number {
  const negative = (bits & 0x8000) !== 0;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  let magnitude: number;
  if (exponent === 0) magnitude = mantissa * 2 ** -24;
  else if (exponent === 0x1f) magnitude = mantissa === 0 ? Number.POSITIVE_INFINITY : Number.NaN;
  else magnitude = (1024 + mantissa) * 2 ** (exponent - 25);
  return negative ? -magnitude : magnitude;
}

/** Encodes a vector as half-precision bits (a new Uint16Array). */
export function toFloat16Array(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = float16Bits(values[i]!);
  return out;
}

/** Decodes half-precision bits into `out` (a new Float32Array by default). */
export function fromFloat16Array(
  bits: Uint16Array,
  out: Float32Array = new Float32Array(bits.length),
): Float32Array {
  for (let i = 0; i < bits.length; i++) out[i] = float16Value(bits[i]!);
  return out;
}
