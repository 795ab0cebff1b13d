/**
 * @module distributed/redis-turn-bus
 * {@link RedisTurnBus}: the {@link TurnBus} on Redis Streams consumer groups.
 *
 * Why Streams and not BullMQ: a turn must reach a worker that hosts one specific agent, the
 * in-flight set must survive a worker's death and be taken over after a visibility timeout, and
 * the answer must stream back token by token. A stream per agent with one consumer group gives
 * exactly that with built-in commands — XREADGROUP (claim), the pending-entries list plus
 * XAUTOCLAIM (visibility-timeout reclaim), XCLAIM JUSTID (extend), XACK (complete) — in ~1 round
 * trip per step, on Redis Cluster too (one stream is one key). BullMQ would add a job hash, its
 * own Lua state machine and lock renewal per job (several round trips per turn) and a dependency,
 * for features rapo does not use (delays, priorities, repeatable jobs).
 *
 * Keys (`store/redis-keys.ts`): `{agent:<id>}:turns` (stream, group `workers`), `{agent:<id>}:dead`
 * (dead letters), `{reply:<turnId>}:result` (the reply, written once with SET NX: that is the
 * de-duplication by turn id). Tokens and completion notices (carrying the reply) travel on pub/sub
 * channel `{reply:<turnId>}:stream`; a waiter also re-reads the result key, so a lost notice only
 * delays it.
 */

import { closedStoreError } from "../domain/store-errors.js";
import { TimeoutError } from "../errors.js";
import {
  type ClaimedTurn,
  type DeadLetter,
  type EnqueueResult,
  parseTurnRequest,
  type ReplyListener,
  type TurnBus,
  type TurnReply,
  type TurnRequest,
} from "../ports/turn-bus.js";
import { duplicateRedis, type RedisClient, redisStoreError } from "../store/redis-connection.js";
import { type RedisKeys, redisKeys } from "../store/redis-keys.js";
import { RedisScript } from "../store/redis-script.js";

/** Options of {@link RedisTurnBus}. */
export interface RedisTurnBusOptions {
  keyPrefix?: string;
  /** consumer group name. Default `workers`. */
  group?: string;
  /** how long a reply is kept for de-duplication (ms). Default one day. */
  resultTtlMs?: number;
  /** how often a waiter re-reads the result key in case a notice was lost (ms). Default 500. */
  pollMs?: number;
}

/**
 * `complete` on one node: the reply written once (SET NX), the delivery acknowledged and deleted,
 * and the notice published only by the first completion, atomically.
 * KEYS: result, stream; ARGV: reply, ttl ms, group, delivery id, channel, notice.
 */
const COMPLETE = new RedisScript(
  `local first = redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX')
redis.call('XACK', KEYS[2], ARGV[3], ARGV[4])
redis.call('XDEL', KEYS[2], ARGV[4])
if first then
  redis.call('PUBLISH', ARGV[5], ARGV[6])
  return 1
end
return 0`,
  2,
);

/** Longest wait for a completion notice after the reply was found by polling (ms). */
const DRAIN_MS = 250;

type StreamEntry = [id: string, fields: string[]];

/** {@link TurnBus} on Redis Streams. */
export class RedisTurnBus implements TurnBus {
  readonly keys: RedisKeys;
  private readonly group: string;
  private readonly resultTtlMs: number;
  private readonly pollMs: number;
  private readonly groupsReady = new Set<string>();
  private blocking: Promise<RedisClient> | null = null;
  private subscriber: Promise<RedisClient> | null = null;
  private readonly listeners = new Map<string, Set<(message: string) => void>>();
  private closed = false;

  constructor(
    private readonly client: RedisClient,
    options: RedisTurnBusOptions = {},
  ) {
    this.keys = redisKeys(options.keyPrefix ?? "rapo:");
    this.group = options.group ?? "workers";
    this.resultTtlMs = options.resultTtlMs ?? 86_400_000;
    this.pollMs = options.pollMs ?? 500;
  }

  /** @inheritDoc */
  enqueue(request: TurnRequest): Promise<EnqueueResult> {
    return this.run("enqueue", async () => {
      await this.ensureGroup(request.agentId);
      // The read and the append are sent together (one round trip, not two in sequence): the
      // entry of a turn answered already is a duplicate that `claim` acknowledges unserved, as it
      // does for an entry of a turn answered after it was queued.
      const [reply] = await Promise.all([
        this.readReply(request.turnId),
        this.client.xadd(this.keys.agentStream(request.agentId), "*", "turn", JSON.stringify(request)),
      ]);
      return reply === null ? { status: "enqueued" } : { status: "answered", reply };
    });
  }

  /** Appends raw fields to an agent's stream (tests: a hand-written, possibly malformed entry). */
  pushRaw(agentId: string, fields: Record<string, string>): Promise<void> {
    return this.run("pushRaw", async () => {
      await this.ensureGroup(agentId);
      await this.client.xadd(this.keys.agentStream(agentId), "*", ...Object.entries(fields).flat());
    });
  }

  /** @inheritDoc — `max` applies per agent stream. */
  claim(
    consumer: string,
    agentIds: readonly string[],
    options: { max?: number; blockMs?: number } = {},
  ): Promise<ClaimedTurn[]> {
    return this.run("claim", async () => {
      if (agentIds.length === 0) return [];
      for (const agentId of agentIds) await this.ensureGroup(agentId);
      const max = options.max ?? 1;
      const blockMs = options.blockMs ?? 0;
      const deadline = Date.now() + blockMs;
      for (;;) {
        const read = await this.readNew(consumer, agentIds, max, blockMs);
        const claimed = await this.admit(consumer, read, () => 1);
        if (claimed.length > 0 || read.length > 0 || Date.now() >= deadline || this.closed) return claimed;
      }
    });
  }

  /** @inheritDoc */
  reclaim(
    consumer: string,
    agentId: string,
    options: { minIdleMs: number; max?: number },
  ): Promise<ClaimedTurn[]> {
    return this.run("reclaim", async () => {
      await this.ensureGroup(agentId);
      const key = this.keys.agentStream(agentId);
      const [, entries] = (await this.client.xautoclaim(
        key,
        this.group,
        consumer,
        Math.max(0, Math.floor(options.minIdleMs)),
        "0-0",
        "COUNT",
        options.max ?? 100,
      )) as [string, StreamEntry[], string[]];
      if (entries.length === 0) return [];
      const counts = new Map<string, number>();
      const pending = (await this.client.xpending(key, this.group, "-", "+", 1000, consumer)) as [
        string,
        string,
        number,
        number,
      ][];
      for (const [id, , , deliveries] of pending) counts.set(id, deliveries);
      return this.admit(
        consumer,
        entries.map((entry) => ({ agentId, entry })),
        (id) => counts.get(id) ?? 1,
      );
    });
  }

  /** @inheritDoc */
  extend(consumer: string, claimed: ClaimedTurn): Promise<void> {
    return this.run("extend", async () => {
      const key = this.keys.agentStream(claimed.agentId);
      await this.client.call("XCLAIM", key, this.group, consumer, 0, claimed.deliveryId, "JUSTID");
    });
  }

  /** @inheritDoc */
  emitToken(claimed: ClaimedTurn, token: string): Promise<void> {
    return this.run("emitToken", async () => {
      const message = JSON.stringify({ t: "token", d: claimed.deliveryId, v: token });
      await this.publish(this.keys.turnReplies(claimed.request.turnId), message);
    });
  }

  /** @inheritDoc */
  complete(claimed: ClaimedTurn, reply: TurnReply): Promise<boolean> {
    return this.run("complete", async () => {
      const notice = JSON.stringify({ t: "done", r: reply });
      if (!("nodes" in this.client)) {
        // one node: write, ack and notice in one script (one round trip instead of two in sequence)
        const keys = [this.keys.turnResult(reply.turnId), this.keys.agentStream(claimed.agentId)];
        const channel = this.keys.turnReplies(reply.turnId);
        const args = [
          JSON.stringify(reply),
          this.resultTtlMs,
          this.group,
          claimed.deliveryId,
          channel,
          notice,
        ];
        return (await COMPLETE.run(this.client, keys, args)) === 1;
      }
      // A cluster keeps the result and the stream on different slots: no script spans both.
      const first =
        (await this.client.set(
          this.keys.turnResult(reply.turnId),
          JSON.stringify(reply),
          "PX",
          this.resultTtlMs,
          "NX",
        )) === "OK";
      // Ack and notice are independent: sent together, one round trip instead of two.
      await Promise.all([
        this.ack(claimed.agentId, claimed.deliveryId),
        // the notice carries the reply: the waiter needs no GET after it (one round trip less)
        first ? this.publish(this.keys.turnReplies(reply.turnId), notice) : null,
      ]);
      return first;
    });
  }

  /** @inheritDoc */
  release(claimed: ClaimedTurn): Promise<void> {
    return this.run("release", () => this.ack(claimed.agentId, claimed.deliveryId));
  }

  /** @inheritDoc */
  reply(turnId: string): Promise<TurnReply | null> {
    return this.run("reply", () => this.readReply(turnId));
  }

  /** @inheritDoc */
  awaitReply(turnId: string, options: { timeoutMs: number } & ReplyListener): Promise<TurnReply> {
    return this.run("awaitReply", async () => {
      const channel = this.keys.turnReplies(turnId);
      let wake: () => void = () => {};
      let doneSeen = false;
      /** the reply the completion notice carried (written once, so it is the stored one). */
      let notified: TurnReply | null = null;
      const listener = (message: string) => {
        const parsed = JSON.parse(message) as { t: string; d?: string; v?: string; r?: TurnReply };
        if (parsed.t === "token") options.onToken?.(parsed.v ?? "", parsed.d ?? "");
        else {
          doneSeen = true;
          notified = parsed.r ?? null;
          wake();
        }
      };
      await this.subscribe(channel, listener);
      options.onListening?.();
      try {
        const deadline = Date.now() + options.timeoutMs;
        for (;;) {
          // the notice may arrive while the read is in flight, when no waker is set: check it again
          const reply = notified ?? (await this.readReply(turnId)) ?? notified;
          // Found by polling before its notice: let tokens still in flight (a cluster relays them
          // between nodes) arrive first, since the notice is published after the last token.
          if (reply !== null && !doneSeen && options.onToken !== undefined)
            await this.sleep(DRAIN_MS, (w) => (wake = w));
          if (reply !== null) return reply;
          const left = deadline - Date.now();
          if (left <= 0 || this.closed) {
            throw new TimeoutError(`no reply to turn '${turnId}' within ${options.timeoutMs} ms`, { turnId });
          }
          if (!doneSeen) await this.sleep(Math.min(left, this.pollMs), (w) => (wake = w));
        }
      } finally {
        // not awaited: the reply is in hand, and the round trip would delay every turn
        void this.unsubscribe(channel, listener).catch(() => undefined);
      }
    });
  }

  /** @inheritDoc */
  inFlight(agentId: string): Promise<number> {
    return this.run("inFlight", async () => {
      await this.ensureGroup(agentId);
      const [count] = (await this.client.xpending(this.keys.agentStream(agentId), this.group)) as [number];
      return count;
    });
  }

  /** @inheritDoc */
  deadLetters(agentId: string): Promise<DeadLetter[]> {
    return this.run("deadLetters", async () => {
      const entries = (await this.client.xrange(this.keys.deadLetters(agentId), "-", "+")) as StreamEntry[];
      return entries.map(([, flat]) => {
        const all = toRecord(flat);
        const fields: Record<string, string> = {};
        for (const [k, v] of Object.entries(all)) if (k.startsWith("f:")) fields[k.slice(2)] = v;
        return { agentId, deliveryId: all["id"] ?? "", reason: all["reason"] ?? "", fields };
      });
    });
  }

  /** @inheritDoc */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const extra of [this.blocking, this.subscriber]) {
      if (extra !== null) (await extra.catch(() => null))?.disconnect();
    }
  }

  private async run<T>(operation: string, body: () => Promise<T>): Promise<T> {
    if (this.closed) throw closedStoreError("redis turn bus", operation);
    try {
      return await body();
    } catch (error) {
      if (error instanceof TimeoutError) throw error;
      throw redisStoreError(operation, error);
    }
  }

  private async ensureGroup(agentId: string): Promise<void> {
    if (this.groupsReady.has(agentId)) return;
    try {
      await this.client.xgroup("CREATE", this.keys.agentStream(agentId), this.group, "0", "MKSTREAM");
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith("BUSYGROUP"))) throw error;
    }
    this.groupsReady.add(agentId);
  }

  /** New entries for the consumer; on a cluster one stream at a time (streams live on different slots). */
  private async readNew(
    consumer: string,
    agentIds: readonly string[],
    max: number,
    blockMs: number,
  ): Promise<{ agentId: string; entry: StreamEntry }[]> {
    const out: { agentId: string; entry: StreamEntry }[] = [];
    const single = !("nodes" in this.client) || agentIds.length === 1;
    const groups = single ? [agentIds] : agentIds.map((a) => [a]);
    for (const ids of groups) {
      const keys = ids.map((a) => this.keys.agentStream(a));
      const block = single && blockMs > 0 ? ["BLOCK", blockMs] : [];
      const connection = block.length > 0 ? await this.blockingClient() : this.client;
      const reply = (await connection.xreadgroup(
        "GROUP",
        this.group,
        consumer,
        "COUNT",
        max,
        ...(block as ["BLOCK", number]),
        "STREAMS",
        ...keys,
        ...keys.map(() => ">"),
      )) as [string, StreamEntry[]][] | null;
      for (const [key, entries] of reply ?? []) {
        const agentId = ids[keys.indexOf(key)]!;
        for (const entry of entries) out.push({ agentId, entry });
      }
    }
    if (out.length === 0 && !single && blockMs > 0)
      await new Promise((r) => setTimeout(r, Math.min(blockMs, 25)));
    return out;
  }

  /** Turns read entries into deliveries: malformed ones to the dead letters, answered ones acked. */
  private async admit(
    consumer: string,
    read: { agentId: string; entry: StreamEntry }[],
    deliveries: (id: string) => number,
  ): Promise<ClaimedTurn[]> {
    // One batch of concurrent checks per read, not one round trip per entry.
    const admitted = await Promise.all(
      read.map(async ({ agentId, entry }): Promise<ClaimedTurn | null> => {
        const [id, flat] = entry;
        const fields = toRecord(flat ?? []);
        const parsed = parseTurnRequest(fields["turn"]);
        if (typeof parsed === "string") {
          await this.deadLetter(agentId, id, parsed, fields);
          return null;
        }
        if ((await this.client.exists(this.keys.turnResult(parsed.turnId))) === 1) {
          await this.ack(agentId, id);
          return null;
        }
        return { request: parsed, agentId, deliveryId: id, deliveries: deliveries(id) };
      }),
    );
    void consumer;
    return admitted.filter((turn): turn is ClaimedTurn => turn !== null);
  }

  private async deadLetter(
    agentId: string,
    id: string,
    reason: string,
    fields: Record<string, string>,
  ): Promise<void> {
    const raw = Object.entries(fields).flatMap(([k, v]) => [`f:${k}`, v]);
    await this.client.xadd(this.keys.deadLetters(agentId), "*", "id", id, "reason", reason, ...raw);
    await this.ack(agentId, id);
  }

  private async ack(agentId: string, id: string): Promise<void> {
    const key = this.keys.agentStream(agentId);
    // One key, so one pipeline (one write, one round trip) on a cluster too.
    const results = await this.client.pipeline().xack(key, this.group, id).xdel(key, id).exec();
    for (const [error] of results ?? []) if (error !== null) throw error;
  }

  /** Waits `ms`, or less when the waker handed to `setWaker` is called. */
  private sleep(ms: number, setWaker: (wake: () => void) => void): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      setWaker(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /**
   * PUBLISH through one fixed node per channel: a cluster forwards each node's messages in order,
   * but a keyless command would otherwise go to any node, and a token could overtake another.
   */
  private async publish(channel: string, message: string): Promise<void> {
    if (!("nodes" in this.client)) {
      await this.client.publish(channel, message);
      return;
    }
    const masters = this.client
      .nodes("master")
      .slice()
      .sort((a, b) => nodeName(a).localeCompare(nodeName(b)));
    const node = masters[hashString(channel) % masters.length];
    await (node ?? this.client).publish(channel, message);
  }

  private async readReply(turnId: string): Promise<TurnReply | null> {
    const json = await this.client.get(this.keys.turnResult(turnId));
    return json === null ? null : (JSON.parse(json) as TurnReply);
  }

  private async blockingClient(): Promise<RedisClient> {
    this.blocking ??= duplicateRedis(this.client);
    return this.blocking;
  }

  private async subscribe(channel: string, listener: (message: string) => void): Promise<void> {
    this.subscriber ??= duplicateRedis(this.client).then((subscriber) => {
      subscriber.on("message", (ch: string, message: string) => {
        for (const l of this.listeners.get(ch) ?? []) l(message);
      });
      return subscriber;
    });
    const subscriber = await this.subscriber;
    let set = this.listeners.get(channel);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(channel, set);
      await subscriber.subscribe(channel);
    }
    set.add(listener);
  }

  private async unsubscribe(channel: string, listener: (message: string) => void): Promise<void> {
    const set = this.listeners.get(channel);
    if (set === undefined) return;
    set.delete(listener);
    if (set.size > 0) return;
    this.listeners.delete(channel);
    if (!this.closed && this.subscriber !== null) await (await this.subscriber).unsubscribe(channel);
  }
}

function nodeName(node: { options: { host?: string | undefined; port?: number | undefined } }): string {
  return `${node.options.host}:${node.options.port}`;
}

function hashString(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

function toRecord(flat: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]!] = flat[i + 1]!;
  return out;
}
