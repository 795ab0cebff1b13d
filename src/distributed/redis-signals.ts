/**
 * @module distributed/redis-signals
 * {@link RedisSignalBus}: the {@link SignalSink} and {@link SignalSource} on one Redis stream
 * (`{signals}:stream`, consumer group `leader`). Each entry holds the signal as JSON in field `s`
 * and, for context updates, the vector as binary float32 (little-endian) in field `v`; an
 * outcome's features carry the turn's context similarity x_a(t) when routing saw one. The stream
 * is capped (approximately) at `maxLength` entries.
 */
import type { ReceivedSignal, Signal, SignalSink, SignalSource } from "../ports/signal-sink.js";
import { duplicateRedis, type RedisClient, redisStoreError } from "../store/redis-connection.js";
import { type RedisKeys, redisKeys } from "../store/redis-keys.js";

type BufferEntry = [Buffer, Buffer[]];

/** {@link SignalSink} + {@link SignalSource} on a Redis stream. */
export class RedisSignalBus implements SignalSink, SignalSource {
  readonly keys: RedisKeys;
  private groupReady = false;
  private blocking: Promise<RedisClient> | null = null;

  constructor(
    private readonly client: RedisClient,
    keyPrefix = "rapo:",
    private readonly maxLength = 1_000_000,
    private readonly group = "leader",
  ) {
    this.keys = redisKeys(keyPrefix);
  }

  /** @inheritDoc */
  async emit(signals: readonly Signal[]): Promise<void> {
    if (signals.length === 0) return;
    try {
      await this.ensureGroup();
      const pipeline = this.client.pipeline();
      for (const signal of signals) {
        const fields: (string | Buffer)[] = ["s", encodeSignal(signal)];
        if (signal.kind === "context") fields.push("v", encodeVector(signal.vector));
        pipeline.xadd(this.keys.signals(), "MAXLEN", "~", this.maxLength, "*", ...fields);
      }
      for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
    } catch (error) {
      throw redisStoreError("emit", error);
    }
  }

  /** @inheritDoc */
  async read(consumer: string, options: { max?: number; blockMs?: number } = {}): Promise<ReceivedSignal[]> {
    try {
      await this.ensureGroup();
      const block = (options.blockMs ?? 0) > 0 ? ["BLOCK", options.blockMs!] : [];
      if (block.length > 0) this.blocking ??= duplicateRedis(this.client);
      const connection = block.length > 0 && this.blocking !== null ? await this.blocking : this.client;
      const reply = (await connection.callBuffer(
        "XREADGROUP",
        "GROUP",
        this.group,
        consumer,
        "COUNT",
        options.max ?? 100,
        ...block,
        "STREAMS",
        this.keys.signals(),
        ">",
      )) as [Buffer, BufferEntry[]][] | null;
      return (reply?.[0]?.[1] ?? []).map(decodeEntry);
    } catch (error) {
      throw redisStoreError("read", error);
    }
  }

  /** @inheritDoc */
  async reclaim(consumer: string, options: { minIdleMs: number; max?: number }): Promise<ReceivedSignal[]> {
    try {
      await this.ensureGroup();
      const [, entries] = (await this.client.callBuffer(
        "XAUTOCLAIM",
        this.keys.signals(),
        this.group,
        consumer,
        Math.floor(options.minIdleMs),
        "0-0",
        "COUNT",
        options.max ?? 100,
      )) as [Buffer, BufferEntry[]];
      return entries.filter(([, fields]) => fields !== null).map(decodeEntry);
    } catch (error) {
      throw redisStoreError("reclaim", error);
    }
  }

  /** @inheritDoc */
  async ack(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    try {
      await this.client.xack(this.keys.signals(), this.group, ...ids);
    } catch (error) {
      throw redisStoreError("ack", error);
    }
  }

  /** Closes the extra blocking connection, if one was opened. */
  async close(): Promise<void> {
    if (this.blocking !== null) (await this.blocking.catch(() => null))?.disconnect();
  }

  private async ensureGroup(): Promise<void> {
    if (this.groupReady) return;
    try {
      await this.client.xgroup("CREATE", this.keys.signals(), this.group, "0", "MKSTREAM");
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith("BUSYGROUP"))) throw error;
    }
    this.groupReady = true;
  }
}

/** A signal's JSON (field `s`): a context vector goes in field `v` instead, as binary. */
function encodeSignal(signal: Signal): string {
  return JSON.stringify(signal.kind === "context" ? { ...signal, vector: null } : signal);
}

function encodeVector(vector: Float32Array): Buffer {
  const out = Buffer.alloc(vector.length * 4);
  for (let i = 0; i < vector.length; i++) out.writeFloatLE(vector[i]!, i * 4);
  return out;
}

function decodeEntry([id, flat]: BufferEntry): ReceivedSignal {
  const fields = new Map<string, Buffer>();
  for (let i = 0; i + 1 < flat.length; i += 2) fields.set(flat[i]!.toString("utf8"), flat[i + 1]!);
  const signal = JSON.parse(fields.get("s")?.toString("utf8") ?? "null") as Signal;
  const bytes = fields.get("v");
  if (signal.kind === "context" && bytes !== undefined) {
    const vector = new Float32Array(bytes.length / 4);
    for (let i = 0; i < vector.length; i++) vector[i] = bytes.readFloatLE(i * 4);
    signal.vector = vector;
  }
  // a NaN similarity (against the contract) was written as null: read back as "not seen"
  if (signal.kind === "outcome" && signal.features?.contextSimilarity === null)
    delete signal.features.contextSimilarity;
  return { id: id.toString("utf8"), signal };
}
