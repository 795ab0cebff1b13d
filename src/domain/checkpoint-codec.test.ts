import { describe, expect, it } from "vitest";
import { StoreError } from "../errors.js";
import {
  type CheckpointValue,
  createCheckpointRecord,
  decodeCheckpoint,
  encodeCheckpoint,
  readCheckpointRecord,
  sha256Hex,
} from "./checkpoint-codec.js";

function samplePayload(): CheckpointValue {
  return {
    iteration: 3000,
    note: "après consensus ✓",
    flags: [true, false, null],
    agents: [
      {
        id: "a1",
        prompt: new Float32Array([0.1, -2.5, 3.4e38, -0, 1e-40]),
        capability: new Uint16Array([0x3c00, 0x2e66, 0]),
        counts: new Int32Array([-1, 2, 2 ** 31 - 1]),
      },
      { id: "a2", prompt: new Float32Array(0), weights: new Float64Array([Math.PI, -Math.E]) },
    ],
    bytes: new Uint8Array([1, 2, 3]),
    signed: new Int8Array([-128, 127]),
    shorts: new Int16Array([-32768]),
    words: new Uint32Array([2 ** 32 - 1]),
  };
}

function expectStoreError(fn: () => unknown, reason: string): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).details["reason"]).toBe(reason);
    return;
  }
  throw new Error(`expected a StoreError with reason ${reason}`);
}

describe("checkpoint codec", () => {
  it("computes sha256 as lowercase hex", () => {
    expect(sha256Hex(new TextEncoder().encode("abc"))).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });

  it("round-trips values and typed arrays exactly", () => {
    const payload = samplePayload();
    const bytes = encodeCheckpoint(payload);
    const decoded = decodeCheckpoint(bytes, sha256Hex(bytes));
    expect(decoded).toEqual(payload);
    const agents = (decoded as { agents: { prompt: Float32Array }[] }).agents;
    expect(agents[0]!.prompt).toBeInstanceOf(Float32Array);
    expect(Object.is(agents[0]!.prompt[3], -0)).toBe(true);
  });

  it("is byte-identical on encode → decode → encode", () => {
    const first = encodeCheckpoint(samplePayload());
    const second = encodeCheckpoint(decodeCheckpoint(first, sha256Hex(first)));
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    expect(sha256Hex(second)).toBe(sha256Hex(first));
  });

  it("aligns every array so it could be viewed in place", () => {
    const bytes = encodeCheckpoint({ a: new Uint8Array([1]), b: new Float64Array([2]) });
    expect(bytes.length % 8).toBe(0);
    const value = decodeCheckpoint(bytes, sha256Hex(bytes)) as { b: Float64Array };
    expect(value.b[0]).toBe(2);
  });

  it("copies decoded arrays out of the input bytes", () => {
    const bytes = encodeCheckpoint({ v: new Float32Array([1, 2]) });
    const value = decodeCheckpoint(bytes, sha256Hex(bytes)) as { v: Float32Array };
    bytes.fill(0);
    expect(Array.from(value.v)).toEqual([1, 2]);
  });

  it("accepts arrays at an unaligned byte offset and Buffers", () => {
    const backing = new Float32Array([9, 1.5, -3]);
    const view = new Float32Array(backing.buffer, 4, 2);
    const bytes = encodeCheckpoint({ view, buffer: Buffer.from([7, 8]) });
    const value = decodeCheckpoint(bytes, sha256Hex(bytes)) as { view: Float32Array; buffer: Uint8Array };
    expect(Array.from(value.view)).toEqual([1.5, -3]);
    expect(Array.from(value.buffer)).toEqual([7, 8]);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(decodeCheckpoint(shifted.subarray(1), sha256Hex(bytes))).toEqual(value);
  });

  it("rejects a flipped bit with a hash mismatch", () => {
    const bytes = encodeCheckpoint(samplePayload());
    const hash = sha256Hex(bytes);
    const corrupted = bytes.slice();
    corrupted[corrupted.length - 3]! ^= 0x01;
    expectStoreError(() => decodeCheckpoint(corrupted, hash), "checkpoint_hash_mismatch");
  });

  it("rejects malformed payloads even when the hash matches them", () => {
    const good = encodeCheckpoint({ v: new Float32Array([1, 2, 3]) });
    const truncated = good.slice(0, good.length - 8);
    const badMagic = good.slice();
    badMagic[0] = 0x41;
    const hugeHeader = good.slice();
    new DataView(hugeHeader.buffer).setUint32(8, 1e9, true);
    for (const bytes of [truncated, badMagic, hugeHeader, new Uint8Array(3)]) {
      expectStoreError(() => decodeCheckpoint(bytes, sha256Hex(bytes)), "checkpoint_malformed");
    }
  });

  it("rejects a header pointing outside the data", () => {
    const good = encodeCheckpoint({ v: new Float32Array([1, 2]) });
    const text = Buffer.from(good).toString("latin1").replace('"n":2', '"n":9');
    const bytes = new Uint8Array(Buffer.from(text, "latin1"));
    expectStoreError(() => decodeCheckpoint(bytes, sha256Hex(bytes)), "checkpoint_malformed");
  });

  it("refuses values it cannot represent exactly", () => {
    expectStoreError(() => encodeCheckpoint({ x: Number.NaN }), "invalid_argument");
    expectStoreError(() => encodeCheckpoint([Number.POSITIVE_INFINITY]), "invalid_argument");
    expectStoreError(() => encodeCheckpoint({ $ta: "f32" }), "invalid_argument");
    expectStoreError(
      () => encodeCheckpoint({ d: new Date() } as unknown as CheckpointValue),
      "invalid_argument",
    );
  });

  it("builds and reads checkpoint records", () => {
    const record = createCheckpointRecord({
      id: "c1",
      iteration: 1000,
      payload: samplePayload(),
      createdAt: 5,
    });
    expect(record.hash).toBe(sha256Hex(record.payload));
    expect(readCheckpointRecord(record)).toEqual(samplePayload());
    expectStoreError(
      () => readCheckpointRecord({ ...record, hash: "0".repeat(64) }),
      "checkpoint_hash_mismatch",
    );
  });
});
