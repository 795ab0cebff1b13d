/**
 * @module distributed/worker-registry
 * {@link WorkerRegistry}: which worker processes are alive and which agents each hosts, from
 * heartbeats. {@link RedisWorkerRegistry} keeps them in one hash (`{workers}:live`,
 * workerId → `{ agents, at }`); {@link MemoryWorkerRegistry} is its twin.
 */
import { type RedisClient, redisStoreError } from "../store/redis-connection.js";
import { redisKeys } from "../store/redis-keys.js";

/** One worker as last heard of. */
export interface WorkerInfo {
  workerId: string;
  agents: string[];
  /** ms epoch of its last heartbeat. */
  at: number;
}

/** Heartbeats of worker processes. */
export interface WorkerRegistry {
  heartbeat(workerId: string, agents: readonly string[]): Promise<void>;
  leave(workerId: string): Promise<void>;
  /** Workers heard of within `withinMs`. */
  live(withinMs: number): Promise<WorkerInfo[]>;
  /** Worker ids not heard of within `withinMs`. */
  expired(withinMs: number): Promise<string[]>;
}

/** In-memory {@link WorkerRegistry}. */
export class MemoryWorkerRegistry implements WorkerRegistry {
  private readonly workers = new Map<string, WorkerInfo>();

  async heartbeat(workerId: string, agents: readonly string[]): Promise<void> {
    this.workers.set(workerId, { workerId, agents: [...agents], at: Date.now() });
  }
  async leave(workerId: string): Promise<void> {
    this.workers.delete(workerId);
  }
  async live(withinMs: number): Promise<WorkerInfo[]> {
    return [...this.workers.values()].filter((w) => Date.now() - w.at <= withinMs);
  }
  async expired(withinMs: number): Promise<string[]> {
    return [...this.workers.values()].filter((w) => Date.now() - w.at > withinMs).map((w) => w.workerId);
  }
}

/** {@link WorkerRegistry} on a Redis hash. Clocks of the processes are assumed roughly in sync. */
export class RedisWorkerRegistry implements WorkerRegistry {
  private readonly key: string;

  constructor(
    private readonly client: RedisClient,
    keyPrefix = "rapo:",
  ) {
    this.key = redisKeys(keyPrefix).workers();
  }

  async heartbeat(workerId: string, agents: readonly string[]): Promise<void> {
    await this.wrap("heartbeat", () =>
      this.client.hset(this.key, workerId, JSON.stringify({ agents, at: Date.now() })),
    );
  }
  async leave(workerId: string): Promise<void> {
    await this.wrap("leave", () => this.client.hdel(this.key, workerId));
  }
  async live(withinMs: number): Promise<WorkerInfo[]> {
    return (await this.all()).filter((w) => Date.now() - w.at <= withinMs);
  }
  async expired(withinMs: number): Promise<string[]> {
    return (await this.all()).filter((w) => Date.now() - w.at > withinMs).map((w) => w.workerId);
  }

  private async all(): Promise<WorkerInfo[]> {
    const raw = await this.wrap("live", () => this.client.hgetall(this.key));
    return Object.entries(raw).map(([workerId, json]) => ({
      workerId,
      ...(JSON.parse(json) as Omit<WorkerInfo, "workerId">),
    }));
  }

  private async wrap<T>(operation: string, body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (error) {
      throw redisStoreError(operation, error);
    }
  }
}
