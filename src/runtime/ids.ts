/**
 * @module runtime/ids
 * Time-ordered identifiers in the UUIDv7 layout (RFC 9562): 48 bits of Unix milliseconds, then
 * a counter and random bits. Turn ids sort by creation, so a store's primary-key index grows at
 * its end instead of splitting random pages — a random UUID per turn doubled the SQLite write
 * cost per turn here.
 */
import { randomFillSync } from "node:crypto";

const random = new Uint8Array(8);
let lastMs = 0;
let sequence = 0;

/** A new UUIDv7 string; strictly increasing within this process. */
export function timeOrderedId(now = Date.now()): string {
  if (now <= lastMs) {
    // same (or earlier) millisecond: keep order with the 12-bit sequence, borrowing time if full
    sequence++;
    if (sequence > 0xfff) {
      lastMs++;
      sequence = 0;
    }
  } else {
    lastMs = now;
    sequence = 0;
  }
  randomFillSync(random);
  const ms = lastMs.toString(16).padStart(12, "0");
  const seq = (0x7000 | sequence).toString(16);
  const variant = (0x8000 | (((random[0]! << 8) | random[1]!) & 0x3fff)).toString(16);
  let tail = "";
  for (let i = 2; i < 8; i++) tail += random[i]!.toString(16).padStart(2, "0");
  return `${ms.slice(0, 8)}-${ms.slice(8)}-${seq}-${variant}-${tail}`;
}
