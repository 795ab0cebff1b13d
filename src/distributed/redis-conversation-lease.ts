/**
 * @module distributed/redis-conversation-lease
 * {@link RedisConversationLeases}: the {@link ConversationLeases} on Redis. A lease is one key in
 * the conversation's slot (`{conv:ID}:lease` = `<holder>|<random>`, PX expiry), so it sits beside
 * the conversation's records on a cluster; renew and release compare the value in a Lua script.
 */
import { randomUUID } from "node:crypto";
import type { ConversationLeases } from "../ports/conversation-lease.js";
import { type RedisClient, redisStoreError } from "../store/redis-connection.js";
import { type RedisKeys, redisKeys } from "../store/redis-keys.js";
import { RedisScript } from "../store/redis-script.js";

/** KEYS lease · ARGV token, ttl → 1 renewed, 0 lost. */
const RENEW = new RedisScript(
  `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`,
  1,
);

/** KEYS lease · ARGV token. */
const RELEASE = new RedisScript(
  `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0
`,
  1,
);

/** {@link ConversationLeases} on Redis. */
export class RedisConversationLeases implements ConversationLeases {
  readonly keys: RedisKeys;

  constructor(
    private readonly client: RedisClient,
    keyPrefix = "rapo:",
  ) {
    this.keys = redisKeys(keyPrefix);
  }

  /** @inheritDoc */
  async tryAcquire(conversationId: string, holder: string, ttlMs: number): Promise<string | null> {
    const token = `${holder}|${randomUUID()}`;
    try {
      const ok = await this.client.set(
        this.keys.conversationLease(conversationId),
        token,
        "PX",
        Math.ceil(ttlMs),
        "NX",
      );
      return ok === "OK" ? token : null;
    } catch (error) {
      throw redisStoreError("conversationLease", error);
    }
  }

  /** @inheritDoc */
  async renew(conversationId: string, token: string, ttlMs: number): Promise<boolean> {
    try {
      const ok = await RENEW.run(
        this.client,
        [this.keys.conversationLease(conversationId)],
        [token, Math.ceil(ttlMs)],
      );
      return ok === 1;
    } catch (error) {
      throw redisStoreError("conversationLease", error);
    }
  }

  /** @inheritDoc */
  async release(conversationId: string, token: string): Promise<void> {
    try {
      await RELEASE.run(this.client, [this.keys.conversationLease(conversationId)], [token]);
    } catch (error) {
      throw redisStoreError("conversationLease", error);
    }
  }
}
