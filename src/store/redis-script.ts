/**
 * @module store/redis-script
 * {@link RedisScript}: a Lua script run by EVALSHA, falling back to EVAL once when the server (or
 * a cluster node) has not cached it yet, so the script body crosses the wire only once per node.
 */
import { createHash } from "node:crypto";
import type { RedisClient } from "./redis-connection.js";

type Arg = string | number | Buffer;

/** A Lua script with a fixed number of keys. */
export class RedisScript {
  readonly sha: string;

  constructor(
    readonly lua: string,
    readonly numberOfKeys: number,
  ) {
    this.sha = createHash("sha1").update(lua).digest("hex");
  }

  /** Runs the script; replies decode as strings. */
  async run(client: RedisClient, keys: string[], args: Arg[]): Promise<unknown> {
    this.check(keys);
    try {
      return await client.evalsha(this.sha, this.numberOfKeys, ...keys, ...args);
    } catch (error) {
      if (!isNoScript(error)) throw error;
      return client.eval(this.lua, this.numberOfKeys, ...keys, ...args);
    }
  }

  /** Runs the script; bulk replies come back as Buffers (for binary values). */
  async runBuffer(client: RedisClient, keys: string[], args: Arg[]): Promise<unknown> {
    this.check(keys);
    try {
      return await client.callBuffer("EVALSHA", this.sha, this.numberOfKeys, ...keys, ...args);
    } catch (error) {
      if (!isNoScript(error)) throw error;
      return client.callBuffer("EVAL", this.lua, this.numberOfKeys, ...keys, ...args);
    }
  }

  private check(keys: string[]): void {
    if (keys.length !== this.numberOfKeys) {
      throw new Error(`script expects ${this.numberOfKeys} keys, got ${keys.length}`);
    }
  }
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith("NOSCRIPT");
}
