/**
 * @module distributed/redis-routing-snapshots
 * {@link RedisRoutingSnapshots}: the {@link RoutingSnapshots} on one Redis hash in the `{leader}`
 * slot (version, token, publishedAt, payload). Publication is fenced by the same token key as the
 * leader election, in the same Lua script that writes.
 */
import type { RoutingSnapshot, RoutingSnapshots } from "../ports/routing-snapshots.js";
import { type RedisClient, redisStoreError } from "../store/redis-connection.js";
import { type RedisKeys, redisKeys } from "../store/redis-keys.js";
import { RedisScript } from "../store/redis-script.js";

/** KEYS token, routing · ARGV token, payload, now → version, or 0 when fenced off. */
const PUBLISH = new RedisScript(
  `
if tonumber(ARGV[1]) < tonumber(redis.call('GET', KEYS[1]) or '0') then return 0 end
local version = redis.call('HINCRBY', KEYS[2], 'version', 1)
redis.call('HSET', KEYS[2], 'token', ARGV[1], 'publishedAt', ARGV[3], 'payload', ARGV[2])
return version
`,
  2,
);

/** KEYS routing · ARGV version → the hash as a flat list when newer, else nil. */
const NEWER = new RedisScript(
  `
if tonumber(redis.call('HGET', KEYS[1], 'version') or '0') <= tonumber(ARGV[1]) then return false end
return redis.call('HGETALL', KEYS[1])
`,
  1,
);

/** {@link RoutingSnapshots} on Redis. */
export class RedisRoutingSnapshots implements RoutingSnapshots {
  readonly keys: RedisKeys;

  constructor(
    private readonly client: RedisClient,
    keyPrefix = "rapo:",
  ) {
    this.keys = redisKeys(keyPrefix);
  }

  /** @inheritDoc */
  async publish(token: number, payload: Uint8Array): Promise<number | null> {
    try {
      const version = Number(
        await PUBLISH.run(
          this.client,
          [this.keys.leaderToken(), this.keys.routingTable()],
          [token, Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength), Date.now()],
        ),
      );
      return version === 0 ? null : version;
    } catch (error) {
      throw redisStoreError("publish", error);
    }
  }

  /** @inheritDoc */
  latest(): Promise<RoutingSnapshot | null> {
    return this.newerThan(0);
  }

  /** @inheritDoc */
  async newerThan(version: number): Promise<RoutingSnapshot | null> {
    try {
      const flat = (await NEWER.runBuffer(this.client, [this.keys.routingTable()], [version])) as
        | Buffer[]
        | null;
      if (flat === null) return null;
      const fields = new Map<string, Buffer>();
      for (let i = 0; i + 1 < flat.length; i += 2) fields.set(flat[i]!.toString("utf8"), flat[i + 1]!);
      const number = (name: string) => Number(fields.get(name)?.toString("utf8") ?? "0");
      return {
        version: number("version"),
        token: number("token"),
        publishedAt: number("publishedAt"),
        payload: new Uint8Array(fields.get("payload") ?? new Uint8Array(0)),
      };
    } catch (error) {
      throw redisStoreError("newerThan", error);
    }
  }
}
