/**
 * @module distributed/redis-load-tracker
 * {@link RedisLoadTracker}: the {@link LoadTracker} on two Redis hashes in the `{load}` slot —
 * totals per agent, and counts per (holder, agent) so a dead holder's share can be dropped — each
 * operation one Lua script, so totals and per-holder counts never disagree.
 */
import type { LoadTracker } from "../ports/load-tracker.js";
import { type RedisClient, redisStoreError } from "../store/redis-connection.js";
import { type RedisKeys, redisKeys } from "../store/redis-keys.js";
import { RedisScript } from "../store/redis-script.js";

/** Field of (holder, agent): the holder length-prefixed, so no holder id is a prefix of another. */
const FIELD = "local function field(h, a) return string.len(h) .. ':' .. h .. a end\n";

/** KEYS totals, holders · ARGV agentId, holder. */
const ACQUIRE = new RedisScript(
  `${FIELD}
redis.call('HINCRBY', KEYS[2], field(ARGV[2], ARGV[1]), 1)
return redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
`,
  2,
);

/** KEYS totals, holders · ARGV agentId, holder. */
const RELEASE = new RedisScript(
  `${FIELD}
local f = field(ARGV[2], ARGV[1])
local held = tonumber(redis.call('HGET', KEYS[2], f) or '0')
if held <= 0 then return tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0') end
if held == 1 then redis.call('HDEL', KEYS[2], f) else redis.call('HINCRBY', KEYS[2], f, -1) end
local total = redis.call('HINCRBY', KEYS[1], ARGV[1], -1)
if total <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
return total
`,
  2,
);

/** KEYS totals, holders · ARGV holder → turns dropped. */
const DROP = new RedisScript(
  `
local prefix = string.len(ARGV[1]) .. ':' .. ARGV[1]
local all = redis.call('HGETALL', KEYS[2])
local dropped = 0
for i = 1, #all, 2 do
  local f = all[i]
  if string.sub(f, 1, string.len(prefix)) == prefix then
    local agent = string.sub(f, string.len(prefix) + 1)
    local n = tonumber(all[i + 1])
    dropped = dropped + n
    redis.call('HDEL', KEYS[2], f)
    if redis.call('HINCRBY', KEYS[1], agent, -n) <= 0 then redis.call('HDEL', KEYS[1], agent) end
  end
end
return dropped
`,
  2,
);

/** {@link LoadTracker} on Redis. */
export class RedisLoadTracker implements LoadTracker {
  readonly keys: RedisKeys;

  constructor(
    private readonly client: RedisClient,
    keyPrefix = "rapo:",
  ) {
    this.keys = redisKeys(keyPrefix);
  }

  /** @inheritDoc */
  acquire(agentId: string, holder: string): Promise<number> {
    return this.script("acquire", ACQUIRE, [agentId, holder]);
  }

  /** @inheritDoc */
  release(agentId: string, holder: string): Promise<number> {
    return this.script("release", RELEASE, [agentId, holder]);
  }

  /** @inheritDoc */
  async snapshot(): Promise<Map<string, number>> {
    try {
      const all = await this.client.hgetall(this.keys.load());
      return new Map(
        Object.entries(all)
          .map(([id, n]) => [id, Number(n)] as const)
          .filter(([, n]) => n > 0),
      );
    } catch (error) {
      throw redisStoreError("snapshot", error);
    }
  }

  /** @inheritDoc */
  dropHolder(holder: string): Promise<number> {
    return this.script("dropHolder", DROP, [holder]);
  }

  private async script(operation: string, script: RedisScript, args: string[]): Promise<number> {
    try {
      return Number(await script.run(this.client, [this.keys.load(), this.keys.loadHolders()], args));
    } catch (error) {
      throw redisStoreError(operation, error);
    }
  }
}
