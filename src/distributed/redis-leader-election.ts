/**
 * @module distributed/redis-leader-election
 * {@link RedisLeaderElection}: the {@link LeaderElection} on Redis. The lease is one key
 * `{leader}:lease` = `<holder>|<token>` with a PX expiry; tokens come from INCR on
 * `{leader}:token`; leader-owned values live under `{leader}:owned:<name>`. Every script touches
 * `{leader}` keys only (one slot, so it runs on a cluster too), and `fencedWrite` compares the
 * caller's token with the latest issued inside the same script that writes: a paused old leader's
 * write is refused by Redis itself, whatever the old leader believes.
 */

import { closedStoreError } from "../domain/store-errors.js";
import type { LeaderElection, Lease } from "../ports/leader-election.js";
import { type RedisClient, redisStoreError } from "../store/redis-connection.js";
import { type RedisKeys, redisKeys } from "../store/redis-keys.js";
import { RedisScript } from "../store/redis-script.js";

/** KEYS lease, token · ARGV holder, leaseMs → token (string) or nil. */
const ACQUIRE = new RedisScript(
  `
local cur = redis.call('GET', KEYS[1])
if cur then
  local holder, token = string.match(cur, '^(.*)|(%d+)$')
  if holder ~= ARGV[1] then return false end
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return token
end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. token, 'PX', ARGV[2])
return tostring(token)
`,
  2,
);

/** KEYS lease · ARGV holder|token, leaseMs → 1 renewed, 0 lost. */
const RENEW = new RedisScript(
  `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`,
  1,
);

/** KEYS lease · ARGV holder|token. */
const RESIGN = new RedisScript(
  `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0
`,
  1,
);

/** KEYS token, target · ARGV token, value → 1 written, 0 refused (a newer leader exists). */
const FENCED_SET = new RedisScript(
  `
if tonumber(ARGV[1]) < tonumber(redis.call('GET', KEYS[1]) or '0') then return 0 end
redis.call('SET', KEYS[2], ARGV[2])
return 1
`,
  2,
);

/** {@link LeaderElection} on Redis. */
export class RedisLeaderElection implements LeaderElection {
  readonly keys: RedisKeys;
  private closed = false;

  constructor(
    private readonly client: RedisClient,
    keyPrefix = "rapo:",
  ) {
    this.keys = redisKeys(keyPrefix);
  }

  /** @inheritDoc */
  tryAcquire(holder: string, leaseMs: number): Promise<Lease | null> {
    return this.run("tryAcquire", async () => {
      const started = Date.now();
      const token = (await ACQUIRE.run(
        this.client,
        [this.keys.leaderLease(), this.keys.leaderToken()],
        [holder, Math.ceil(leaseMs)],
      )) as string | null;
      // The lease runs from before the call: the holder never believes it longer than Redis does.
      return token === null ? null : { holder, token: Number(token), expiresAt: started + leaseMs };
    });
  }

  /** @inheritDoc */
  renew(lease: Lease, leaseMs: number): Promise<Lease | null> {
    return this.run("renew", async () => {
      const started = Date.now();
      const ok = await RENEW.run(
        this.client,
        [this.keys.leaderLease()],
        [`${lease.holder}|${lease.token}`, Math.ceil(leaseMs)],
      );
      return ok === 1 ? { ...lease, expiresAt: started + leaseMs } : null;
    });
  }

  /** @inheritDoc */
  resign(lease: Lease): Promise<void> {
    return this.run("resign", async () => {
      await RESIGN.run(this.client, [this.keys.leaderLease()], [`${lease.holder}|${lease.token}`]);
    });
  }

  /** @inheritDoc */
  current(): Promise<{ holder: string; token: number } | null> {
    return this.run("current", async () => {
      const value = await this.client.get(this.keys.leaderLease());
      if (value === null) return null;
      const bar = value.lastIndexOf("|");
      return { holder: value.slice(0, bar), token: Number(value.slice(bar + 1)) };
    });
  }

  /** @inheritDoc */
  fencedWrite(token: number, name: string, value: Uint8Array): Promise<boolean> {
    return this.run("fencedWrite", async () => {
      const written = await FENCED_SET.run(
        this.client,
        [this.keys.leaderToken(), this.keys.leaderOwned(name)],
        [token, Buffer.from(value.buffer, value.byteOffset, value.byteLength)],
      );
      return written === 1;
    });
  }

  /** @inheritDoc */
  read(name: string): Promise<Uint8Array | null> {
    return this.run("read", async () => {
      const value = await this.client.getBuffer(this.keys.leaderOwned(name));
      return value === null ? null : new Uint8Array(value);
    });
  }

  /** @inheritDoc */
  async close(): Promise<void> {
    this.closed = true;
  }

  private async run<T>(operation: string, body: () => Promise<T>): Promise<T> {
    if (this.closed) throw closedStoreError("redis leader election", operation);
    try {
      return await body();
    } catch (error) {
      throw redisStoreError(operation, error);
    }
  }
}
