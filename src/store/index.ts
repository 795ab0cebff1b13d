/**
 * @module store
 * State persistence (SPEC §7–§8): the {@link StateStore} contract, its in-memory twin, the
 * SQLite store, {@link openStore}, the checkpoint codec and float16 helpers. The conformance
 * suite (`store-spec.ts`) and test fixtures (`testing/`) are for tests and not exported here.
 */
export {
  type CheckpointTypedArray,
  type CheckpointValue,
  createCheckpointRecord,
  decodeCheckpoint,
  encodeCheckpoint,
  readCheckpointRecord,
  sha256Hex,
} from "../domain/checkpoint-codec.js";
export type { StoreErrorReason } from "../domain/store-errors.js";
export type {
  AgentStateRecord,
  CheckpointRecord,
  ConversationRecord,
  StateStore,
  StoreStats,
  TurnRecord,
  TurnStatus,
} from "./contract.js";
export {
  decodeFloat16,
  encodeFloat16,
  fromFloat16Bits,
  roundFloat16,
  roundFloat16Array,
  toFloat16Bits,
} from "./float16.js";
export { MemoryStore } from "./memory-store.js";
export { isStateStore, openStore, type StoreSpec } from "./open-store.js";
// Type only: the Redis store is loaded on demand by `openStore({ redis })`.
export type { RedisStoreOptions } from "./redis-store.js";
export { SqliteStore, type SqliteStoreOptions } from "./sqlite-store.js";
