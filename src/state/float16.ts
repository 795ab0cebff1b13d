/**
 * @module state/float16
 * IEEE 754 binary16 conversion. SPEC §6 stores capability matrices as float16; Node 20 has no
 * `Float16Array` nor `Math.f16round`, so the bits are assembled by hand.
 */

// Scratch views to read a float32's bits without allocating (JS is single-threaded).
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * Half-precision bits of the value nearest to `value`, rounding half to even. Overflow gives
 * ±Infinity, tiny values become subnormals then ±0, NaN stays NaN.
 */
export function float16Bits(value: number): number {
  f32[0] = value;
  const bits = u32[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
  const mantissa = bits & 0x7fffff;
  if (((bits >>> 23) & 0xff) === 0xff) return sign | 0x7c00 | (mantissa === 0 ? 0 : 0x200);
  if (exponent >= 0x1f) return sign | 0x7c00;
  if (exponent <= 0) return sign | roundShift(mantissa | 0x800000, 14 - exponent);
  // Rounding may carry into the exponent, which is the correct next binade (or Infinity).
  return sign | roundShift((exponent << 23) | mantissa, 13);
}

/** value >> shift, rounded half to even; shifts beyond 24 bits flush to zero. */
function roundShift(value: number, shift: number): number {
  if (shift > 24) return 0;
  const kept = value >>> shift;
  const rest = value & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  return rest > half || (rest === half && (kept & 1) === 1) ? kept + 1 : kept;
}

/** The number that half-precision `bits` encode. */
export function float16Value(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1024 + mantissa) * 2 ** (exponent - 25);
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
