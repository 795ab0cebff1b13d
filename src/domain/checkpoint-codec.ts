/**
 * @module domain/checkpoint-codec
 * Binary encoding of checkpoints (SPEC §7): a JSON tree whose typed arrays are moved out into an
 * aligned binary section, plus a sha256 that `decodeCheckpoint` verifies so a corrupted or
 * truncated checkpoint is refused rather than restored.
 *
 * Layout (little-endian):
 *   "RAPOCKP1" | u32 header length | header JSON (UTF-8) | zero padding to 8 | data section
 * The header is `{"v":1,"size":<data bytes>,"value":<tree>}`; each typed array in the tree is
 * replaced by `{"$ta":<kind>,"o":<offset in data>,"n":<length>}` with offsets aligned to 8.
 * Encoding is deterministic (key order, zeroed padding): encode → decode → encode is
 * byte-identical, so equal states have equal hashes.
 */
import { createHash } from "node:crypto";
import type { CheckpointRecord } from "./records.js";
import { storeError } from "./store-errors.js";

/** Typed arrays a checkpoint may hold. */
export type CheckpointTypedArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array;

/** What a checkpoint holds: JSON values (finite numbers only) and typed arrays, nested. */
export type CheckpointValue =
  | null
  | boolean
  | number
  | string
  | CheckpointTypedArray
  | CheckpointValue[]
  | { [key: string]: CheckpointValue };

const MAGIC = new TextEncoder().encode("RAPOCKP1");
const PREAMBLE_BYTES = MAGIC.length + 4;
const ALIGN = 8;
const FORMAT_VERSION = 1;
/** `$ta` is reserved in plain objects: it marks a typed array in the header. */
const TYPED_ARRAY_KEY = "$ta";

const KINDS = {
  f32: Float32Array,
  f64: Float64Array,
  i8: Int8Array,
  u8: Uint8Array,
  i16: Int16Array,
  u16: Uint16Array,
  i32: Int32Array,
  u32: Uint32Array,
} as const;
type Kind = keyof typeof KINDS;

/** A typed-array placeholder in the header. */
interface ArrayRef {
  $ta: Kind;
  o: number;
  n: number;
}

/** sha256 of `bytes`, lowercase hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Encodes a checkpoint payload. Throws StoreError on values it cannot represent exactly. */
export function encodeCheckpoint(payload: CheckpointValue): Uint8Array {
  const arrays: CheckpointTypedArray[] = [];
  const offsets: number[] = [];
  let size = 0;
  const tree = toHeaderTree(payload, (array) => {
    const offset = size;
    arrays.push(array);
    offsets.push(offset);
    size = alignUp(offset + array.byteLength);
    return offset;
  });
  const header = new TextEncoder().encode(JSON.stringify({ v: FORMAT_VERSION, size, value: tree }));
  const dataStart = alignUp(PREAMBLE_BYTES + header.length);
  const out = new Uint8Array(dataStart + size);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(MAGIC.length, header.length, true);
  out.set(header, PREAMBLE_BYTES);
  for (let i = 0; i < arrays.length; i++) {
    const array = arrays[i]!;
    out.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), dataStart + offsets[i]!);
  }
  return out;
}

/**
 * Decodes a checkpoint after checking its sha256 against `expectedHash`. Throws StoreError
 * (reason `checkpoint_hash_mismatch` or `checkpoint_malformed`). Typed arrays are fresh copies.
 */
export function decodeCheckpoint(bytes: Uint8Array, expectedHash: string): CheckpointValue {
  const actual = sha256Hex(bytes);
  if (actual !== expectedHash.toLowerCase()) {
    throw storeError(
      "decodeCheckpoint",
      "checkpoint_hash_mismatch",
      "checkpoint hash does not match its payload",
      {
        expectedHash,
        actualHash: actual,
      },
    );
  }
  const { header, dataStart } = readHeader(bytes);
  return fromHeaderTree(header.value, bytes.subarray(dataStart));
}

/** A checkpoint record for `payload`: encoded and hashed. */
export function createCheckpointRecord(input: {
  id: string;
  iteration: number;
  payload: CheckpointValue;
  createdAt: number;
}): CheckpointRecord {
  const bytes = encodeCheckpoint(input.payload);
  return {
    id: input.id,
    iteration: input.iteration,
    hash: sha256Hex(bytes),
    payload: bytes,
    createdAt: input.createdAt,
  };
}

/** The payload of a stored checkpoint record, verified against its hash. */
export function readCheckpointRecord(record: CheckpointRecord): CheckpointValue {
  return decodeCheckpoint(record.payload, record.hash);
}

function toHeaderTree(value: CheckpointValue, place: (array: CheckpointTypedArray) => number): unknown {
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw invalidPayload(`non-finite number ${value}`);
    return value;
  }
  if (ArrayBuffer.isView(value)) {
    const kind = kindOf(value);
    return { $ta: kind, o: place(value), n: value.length } satisfies ArrayRef;
  }
  if (Array.isArray(value)) return value.map((item) => toHeaderTree(item, place));
  if (!isPlainObject(value)) throw invalidPayload(`unsupported value of type ${describe(value)}`);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === TYPED_ARRAY_KEY) throw invalidPayload(`the key "${TYPED_ARRAY_KEY}" is reserved`);
    if (item !== undefined) out[key] = toHeaderTree(item, place);
  }
  return out;
}

function kindOf(array: ArrayBufferView): Kind {
  for (const [kind, ArrayType] of Object.entries(KINDS)) {
    if (array.constructor === ArrayType) return kind as Kind;
  }
  // Buffer and other subclasses: store them as plain bytes when they are byte arrays.
  if (array instanceof Uint8Array) return "u8";
  throw invalidPayload(`unsupported typed array ${describe(array)}`);
}

function readHeader(bytes: Uint8Array): { header: { value: unknown }; dataStart: number } {
  if (bytes.length < PREAMBLE_BYTES || MAGIC.some((b, i) => bytes[i] !== b)) throw malformed("bad magic");
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(
    MAGIC.length,
    true,
  );
  if (PREAMBLE_BYTES + headerLength > bytes.length) throw malformed("header runs past the end");
  let header: unknown;
  try {
    header = JSON.parse(
      new TextDecoder("utf-8", { fatal: true }).decode(
        bytes.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + headerLength),
      ),
    );
  } catch (error) {
    throw malformed("header is not valid JSON", error);
  }
  if (!isPlainObject(header) || header["v"] !== FORMAT_VERSION || !isIndex(header["size"])) {
    throw malformed("unknown header format");
  }
  const dataStart = alignUp(PREAMBLE_BYTES + headerLength);
  if (dataStart + header["size"] !== bytes.length) throw malformed("length does not match the header");
  return { header: { value: header["value"] }, dataStart };
}

function fromHeaderTree(node: unknown, data: Uint8Array): CheckpointValue {
  if (node === null || typeof node === "boolean" || typeof node === "string" || typeof node === "number")
    return node;
  if (Array.isArray(node)) return node.map((item) => fromHeaderTree(item, data));
  if (!isPlainObject(node)) throw malformed("unexpected node in header");
  if (TYPED_ARRAY_KEY in node) return readArray(node, data);
  const out: { [key: string]: CheckpointValue } = {};
  for (const [key, item] of Object.entries(node)) out[key] = fromHeaderTree(item, data);
  return out;
}

function readArray(node: Record<string, unknown>, data: Uint8Array): CheckpointTypedArray {
  const { $ta: kind, o: offset, n: length } = node;
  if (typeof kind !== "string" || !Object.hasOwn(KINDS, kind))
    throw malformed(`unknown array kind ${String(kind)}`);
  if (!isIndex(offset) || !isIndex(length) || offset % ALIGN !== 0)
    throw malformed("bad array offset or length");
  const ArrayType = KINDS[kind as Kind];
  const byteLength = length * ArrayType.BYTES_PER_ELEMENT;
  if (offset + byteLength > data.length) throw malformed("array runs past the end");
  const out = new ArrayType(length);
  new Uint8Array(out.buffer).set(data.subarray(offset, offset + byteLength));
  return out;
}

function isIndex(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  return typeof value === "object" && value !== null ? (value.constructor?.name ?? "object") : typeof value;
}

function alignUp(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

function invalidPayload(message: string) {
  return storeError("encodeCheckpoint", "invalid_argument", message);
}

function malformed(message: string, cause?: unknown) {
  return storeError("decodeCheckpoint", "checkpoint_malformed", message, {}, cause);
}
