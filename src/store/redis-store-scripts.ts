/**
 * @module store/redis-store-scripts
 * The Lua scripts of the Redis store. Each touches keys of one hash tag only (see
 * `redis-keys.ts`), so each is atomic on a single server and on Redis Cluster alike.
 * Return codes: 0 written, 1 already there (idempotent no-op), 2 seq taken by another turn.
 */
import { RedisScript } from "./redis-script.js";

/** KEYS turns, seqs, order, outcomes · ARGV turnId, seq, turn JSON. */
export const ACCEPT_TURN = new RedisScript(
  `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 1 end
if redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 then return 2 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1])
redis.call('HDEL', KEYS[4], ARGV[1])
return 0
`,
  4,
);

/**
 * KEYS turns, seqs, order, outcomes, conversation · ARGV turnId, seq, turn JSON, conversation JSON.
 * Writes the turn (moving it off its old seq) and the conversation together, or nothing.
 */
export const COMPLETE_TURN = new RedisScript(
  `
local holder = redis.call('HGET', KEYS[2], ARGV[2])
if holder and holder ~= ARGV[1] then return 2 end
local old = redis.call('ZSCORE', KEYS[3], ARGV[1])
if old and old ~= ARGV[2] then redis.call('HDEL', KEYS[2], old) end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1])
redis.call('HDEL', KEYS[4], ARGV[1])
redis.call('SET', KEYS[5], ARGV[4])
return 0
`,
  5,
);

/** KEYS turns, seqs, order, outcomes · ARGV turnId. Removes a turn from a conversation. */
export const REMOVE_TURN = new RedisScript(
  `
local old = redis.call('ZSCORE', KEYS[3], ARGV[1])
if old then redis.call('HDEL', KEYS[2], old) end
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[4], ARGV[1])
return 0
`,
  4,
);

/** KEYS order, turns, outcomes · ARGV start index (0 or −limit). Flat [json, outcome|nil]… */
export const LIST_TURNS = new RedisScript(
  `
local ids = redis.call('ZRANGE', KEYS[1], ARGV[1], -1)
local out = {}
for _, id in ipairs(ids) do
  out[#out + 1] = redis.call('HGET', KEYS[2], id)
  out[#out + 1] = redis.call('HGET', KEYS[3], id)
end
return out
`,
  3,
);

/** KEYS turns, outcomes · ARGV turnId… Flat [json|nil, outcome|nil]… */
export const GET_TURNS = new RedisScript(
  `
local out = {}
for i = 1, #ARGV do
  out[#out + 1] = redis.call('HGET', KEYS[1], ARGV[i])
  out[#out + 1] = redis.call('HGET', KEYS[2], ARGV[i])
end
return out
`,
  2,
);

/** KEYS turns, outcomes · ARGV turnId, outcome. 1 when set, 0 for an unknown turn. */
export const SET_OUTCOME = new RedisScript(
  `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return 1
`,
  2,
);

/** KEYS pending zset, members, counter · ARGV turnId, createdAt, member suffix. */
export const ADD_PENDING = new RedisScript(
  `
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then return 1 end
local n = redis.call('INCR', KEYS[3])
local member = string.format('%016d', n) .. '|' .. ARGV[3]
redis.call('ZADD', KEYS[1], ARGV[2], member)
redis.call('HSET', KEYS[2], ARGV[1], member)
return 0
`,
  3,
);

/** KEYS pending zset, members · ARGV turnId. */
export const REMOVE_PENDING = new RedisScript(
  `
local member = redis.call('HGET', KEYS[2], ARGV[1])
if member then
  redis.call('ZREM', KEYS[1], member)
  redis.call('HDEL', KEYS[2], ARGV[1])
end
return 0
`,
  2,
);

/** KEYS order, data, counter · ARGV id, value, keep. Puts a checkpoint and trims to `keep`. */
export const PUT_CHECKPOINT = new RedisScript(
  `
local n = redis.call('INCR', KEYS[3])
redis.call('ZADD', KEYS[1], n, ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
local excess = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[3])
if excess > 0 then
  local old = redis.call('ZRANGE', KEYS[1], 0, excess - 1)
  for _, id in ipairs(old) do redis.call('HDEL', KEYS[2], id) end
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, excess - 1)
end
return 0
`,
  3,
);

/** KEYS order, data. The latest checkpoint value or nil. */
export const LATEST_CHECKPOINT = new RedisScript(
  `
local ids = redis.call('ZRANGE', KEYS[1], -1, -1)
if #ids == 0 then return false end
return redis.call('HGET', KEYS[2], ids[1])
`,
  2,
);
