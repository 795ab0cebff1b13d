/**
 * @module store/redis-store
 * {@link RedisStore}: the {@link StateStore} on Redis 7 or Redis Cluster (SPEC §8). Passes the
 * same conformance suite as the memory and SQLite stores.
 *
 * Layout (keys from `redis-keys.ts`): a conversation's record, turns, seq index, order and late
 * outcomes share the hash tag `{conv:<id>}`, so `acceptTurn` and `completeTurn` are single Lua
 * scripts — atomic on one slot, also on a cluster. Lookups that cross conversations (a turn by
 * id, pending turns, conversations by recency) go through index keys in their own slots. An index
 * is written *before* the record it points to and readers skip entries whose record says
 * otherwise, so a crash between the two steps leaves a stale index entry, never a lost turn.
 *
 * Several processes may share one Redis store. Each store instance has an owner id, recorded with
 * every pending turn it accepts, and renews a liveness entry every `ownerLeaseMs / 3`;
 * `listPendingTurns` (what startup recovery fails as interrupted) leaves out the pending turns of
 * *other* owners that are still alive, so a process starting up never fails another's live turns.
 */
import { randomUUID } from "node:crypto";
import { closedStoreError, seqConflictError, storeError } from "../domain/store-errors.js";
import type {
  AgentStateRecord,
  CheckpointRecord,
  ConversationRecord,
  StateStore,
  StoreStats,
  TurnRecord,
} from "./contract.js";
import {
  decodeAgentState,
  decodeCheckpointValue,
  decodeConversation,
  decodeTurn,
  encodeAgentState,
  encodeCheckpointValue,
  encodeConversation,
  encodeTurn,
} from "./redis-codec.js";
import {
  connectRedis,
  type RedisClient,
  type RedisConnectionOptions,
  redisStoreError,
} from "./redis-connection.js";
import { type RedisKeys, redisKeys } from "./redis-keys.js";
import {
  ACCEPT_TURN,
  ADD_PENDING,
  COMPLETE_TURN,
  GET_TURNS,
  LATEST_CHECKPOINT,
  LIST_TURNS,
  PUT_CHECKPOINT,
  REMOVE_PENDING,
  REMOVE_TURN,
  SET_OUTCOME,
} from "./redis-store-scripts.js";
import { assertKeep, normalizeLimit } from "./store-arguments.js";

/** Options of {@link RedisStore}. */
export interface RedisStoreOptions extends RedisConnectionOptions {
  /** prefix of every key (default `rapo:`); one prefix is one deployment. */
  keyPrefix?: string;
  /** an owner not renewed for this long is dead, its pending turns interrupted (ms). Default 10000. */
  ownerLeaseMs?: number;
}

/** {@link StateStore} on Redis. Open with {@link RedisStore.open} or `openStore({ redis })`. */
export class RedisStore implements StateStore {
  readonly kind = "redis";
  readonly keys: RedisKeys;
  /** this instance's owner id (recorded with the pending turns it accepts). */
  readonly ownerId = randomUUID();
  private closed = false;
  private readonly ownerTimer: NodeJS.Timeout;

  private constructor(
    readonly client: RedisClient,
    keyPrefix: string,
    private readonly ownsClient: boolean,
    private readonly ownerLeaseMs = 10_000,
  ) {
    this.keys = redisKeys(keyPrefix);
    this.renewOwner();
    this.ownerTimer = setInterval(() => this.renewOwner(), Math.max(10, ownerLeaseMs / 3));
    this.ownerTimer.unref();
  }

  /** Connects to `url` (or cluster seed URLs) and returns the store. Throws StoreError. */
  static async open(url: string | readonly string[], options: RedisStoreOptions = {}): Promise<RedisStore> {
    const client = await connectRedis(url, options);
    return new RedisStore(client, options.keyPrefix ?? "rapo:", true, options.ownerLeaseMs);
  }

  /** A store on a client the caller owns (it stays open on `close()`). */
  static onClient(client: RedisClient, keyPrefix = "rapo:", ownerLeaseMs?: number): RedisStore {
    return new RedisStore(client, keyPrefix, false, ownerLeaseMs);
  }

  /** @inheritDoc */
  getConversation(id: string): Promise<ConversationRecord | null> {
    return this.run("getConversation", async () => {
      const json = await this.client.get(this.keys.conversation(id));
      return json === null ? null : decodeConversation(json);
    });
  }

  /** @inheritDoc */
  putConversation(record: ConversationRecord): Promise<void> {
    return this.run("putConversation", async () => {
      await this.client.zadd(this.keys.conversationIndex(), String(-record.updatedAt), record.id);
      await this.client.set(this.keys.conversation(record.id), encodeConversation(record));
    });
  }

  /** @inheritDoc */
  listConversations(limit: number): Promise<string[]> {
    return this.run("listConversations", async () => {
      const count = normalizeLimit("listConversations", limit);
      if (count === 0) return [];
      const stop = count >= Number.MAX_SAFE_INTEGER ? -1 : count - 1;
      return this.client.zrange(this.keys.conversationIndex(), "0", String(stop));
    });
  }

  /** @inheritDoc */
  acceptTurn(turn: TurnRecord): Promise<void> {
    return this.run("acceptTurn", async () => {
      const k = this.keys;
      if ((await this.locate(turn.id)) !== null) return; // idempotent by id, across conversations
      // The index and the pending entry before the turn (recovery finds a pending turn by them);
      // among themselves independent, so one round trip.
      await Promise.all([
        this.client.set(k.turnIndex(turn.id), turn.conversationId),
        this.client.sadd(k.turnConversations(), turn.conversationId),
        this.addPending(turn),
      ]);
      const code = await ACCEPT_TURN.run(this.client, this.turnKeys(turn.conversationId), [
        turn.id,
        String(turn.seq),
        encodeTurn(turn),
      ]);
      if (code === 2) {
        await this.removePending(turn.id);
        await this.client.del(k.turnIndex(turn.id));
        throw seqConflictError("acceptTurn", turn.id, turn.conversationId, turn.seq);
      }
    });
  }

  /** @inheritDoc */
  completeTurn(turn: TurnRecord, conversation: ConversationRecord): Promise<void> {
    return this.run("completeTurn", async () => {
      if (conversation.id !== turn.conversationId) {
        throw storeError("completeTurn", "invalid_argument", "the conversation must be the turn's own", {
          turnId: turn.id,
          conversationId: turn.conversationId,
          conversation: conversation.id,
        });
      }
      const k = this.keys;
      // Where the turn is indexed now: only an index naming another conversation needs the
      // HEXISTS of `locate` (a move); the usual case, its own conversation, costs one GET.
      const [indexed] = await Promise.all([
        this.client.get(k.turnIndex(turn.id)),
        this.client.sadd(k.turnConversations(), turn.conversationId),
      ]);
      const previous =
        indexed === null || indexed === turn.conversationId ? indexed : await this.locate(turn.id);
      const code = await COMPLETE_TURN.run(
        this.client,
        [...this.turnKeys(turn.conversationId), k.conversation(conversation.id)],
        [turn.id, String(turn.seq), encodeTurn(turn), encodeConversation(conversation)],
      );
      if (code === 2) throw seqConflictError("completeTurn", turn.id, turn.conversationId, turn.seq);
      if (previous !== null && previous !== turn.conversationId) {
        await REMOVE_TURN.run(this.client, this.turnKeys(previous), [turn.id]);
      }
      // after the turn is written; independent of each other, so one round trip
      await Promise.all([
        this.client.set(k.turnIndex(turn.id), turn.conversationId),
        turn.status === "pending" ? this.addPending(turn) : this.removePending(turn.id),
        this.client.zadd(k.conversationIndex(), String(-conversation.updatedAt), conversation.id),
      ]);
    });
  }

  /** @inheritDoc */
  getTurn(id: string): Promise<TurnRecord | null> {
    return this.run("getTurn", async () => {
      const conversationId = await this.client.get(this.keys.turnIndex(id));
      if (conversationId === null) return null;
      const [turn] = await this.readTurns(conversationId, [id]);
      return turn ?? null;
    });
  }

  /** @inheritDoc */
  listTurns(conversationId: string, limit: number): Promise<TurnRecord[]> {
    return this.run("listTurns", async () => {
      const count = normalizeLimit("listTurns", limit);
      if (count === 0) return [];
      const start = count >= Number.MAX_SAFE_INTEGER ? 0 : -count;
      const k = this.keys;
      const flat = (await LIST_TURNS.run(
        this.client,
        [k.turnOrder(conversationId), k.turns(conversationId), k.outcomes(conversationId)],
        [start],
      )) as (string | null)[];
      return decodePairs(flat);
    });
  }

  /** @inheritDoc */
  listPendingTurns(): Promise<TurnRecord[]> {
    return this.run("listPendingTurns", async () => {
      const [members, owners] = await Promise.all([
        this.client.zrange(this.keys.pendingTurns(), "0", "-1"),
        this.client.hgetall(this.keys.storeOwners()),
      ]);
      const now = Date.now();
      const byConversation = new Map<string, string[]>();
      const order: string[] = [];
      for (const member of members) {
        const [conversationId, turnId, owner] = JSON.parse(member.slice(member.indexOf("|") + 1)) as [
          string,
          string,
          string | undefined,
        ];
        // Another live process is serving it: not interrupted.
        if (owner !== undefined && owner !== this.ownerId && Number(owners[owner] ?? 0) > now) continue;
        order.push(turnId);
        const ids = byConversation.get(conversationId) ?? [];
        ids.push(turnId);
        byConversation.set(conversationId, ids);
      }
      const found = new Map<string, TurnRecord>();
      await Promise.all(
        [...byConversation].map(async ([conversationId, ids]) => {
          for (const turn of await this.readTurns(conversationId, ids)) found.set(turn.id, turn);
        }),
      );
      const pending: TurnRecord[] = [];
      for (const id of order) {
        const turn = found.get(id);
        if (turn?.status === "pending") pending.push(turn);
        else if (turn !== undefined) await this.removePending(id); // completed after indexing
      }
      return pending;
    });
  }

  /** @inheritDoc */
  setOutcome(turnId: string, outcome: number): Promise<boolean> {
    return this.run("setOutcome", async () => {
      const conversationId = await this.client.get(this.keys.turnIndex(turnId));
      if (conversationId === null) return false;
      const k = this.keys;
      const code = await SET_OUTCOME.run(
        this.client,
        [k.turns(conversationId), k.outcomes(conversationId)],
        [turnId, String(outcome)],
      );
      return code === 1;
    });
  }

  /** @inheritDoc */
  putAgentStates(states: AgentStateRecord[]): Promise<void> {
    return this.run("putAgentStates", async () => {
      if (states.length === 0) return;
      const fields: (string | Buffer)[] = [];
      for (const state of states) fields.push(state.agentId, encodeAgentState(state));
      await this.client.hset(this.keys.agentStates(), ...fields); // one HSET: all or nothing
    });
  }

  /** @inheritDoc */
  listAgentStates(): Promise<AgentStateRecord[]> {
    return this.run("listAgentStates", async () => {
      const all = await this.client.hgetallBuffer(this.keys.agentStates());
      return Object.keys(all)
        .sort(compareIds)
        .map((id) => decodeAgentState(id, all[id]!));
    });
  }

  /** @inheritDoc */
  putCheckpoint(checkpoint: CheckpointRecord, keep: number): Promise<void> {
    return this.run("putCheckpoint", async () => {
      assertKeep("putCheckpoint", keep);
      const k = this.keys;
      await PUT_CHECKPOINT.run(
        this.client,
        [k.checkpointOrder(), k.checkpointData(), k.checkpointCounter()],
        [checkpoint.id, encodeCheckpointValue(checkpoint), keep],
      );
    });
  }

  /** @inheritDoc */
  latestCheckpoint(): Promise<CheckpointRecord | null> {
    return this.run("latestCheckpoint", async () => {
      const k = this.keys;
      const value = (await LATEST_CHECKPOINT.runBuffer(
        this.client,
        [k.checkpointOrder(), k.checkpointData()],
        [],
      )) as Buffer | null;
      return value === null ? null : decodeCheckpointValue(value);
    });
  }

  /** @inheritDoc */
  getBlob(key: string): Promise<Uint8Array | null> {
    return this.run("getBlob", async () => {
      const value = await this.client.getBuffer(this.keys.blob(key));
      return value === null ? null : new Uint8Array(value);
    });
  }

  /** @inheritDoc */
  putBlob(key: string, value: Uint8Array): Promise<void> {
    return this.run("putBlob", async () => {
      await this.client.sadd(this.keys.blobIndex(), key);
      await this.client.set(
        this.keys.blob(key),
        Buffer.from(value.buffer, value.byteOffset, value.byteLength),
      );
    });
  }

  /** Row counts (diagnostics, `rapo inspect`, tests); counting turns visits every conversation. */
  stats(): Promise<StoreStats> {
    return this.run("stats", async () => {
      const k = this.keys;
      const [conversations, withTurns] = await Promise.all([
        this.client.zcard(k.conversationIndex()),
        this.client.smembers(k.turnConversations()),
      ]);
      const turnCounts = await Promise.all(withTurns.map((id) => this.client.hlen(k.turns(id))));
      const [agentStates, checkpoints, blobs] = await Promise.all([
        this.client.hlen(k.agentStates()),
        this.client.zcard(k.checkpointOrder()),
        this.client.scard(k.blobIndex()),
      ]);
      return {
        conversations,
        turns: turnCounts.reduce((a, b) => a + b, 0),
        agentStates,
        checkpoints,
        blobs,
      };
    });
  }

  /** @inheritDoc */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.ownerTimer);
    await this.client.hdel(this.keys.storeOwners(), this.ownerId).catch(() => 0);
    if (!this.ownsClient) return;
    try {
      await this.client.quit();
    } catch {
      this.client.disconnect(); // unreachable Redis: drop the socket instead
    }
  }

  /** Marks this instance alive until now + ownerLeaseMs (best effort: Redis may be down). */
  private renewOwner(): void {
    const until = Date.now() + this.ownerLeaseMs;
    this.client.hset(this.keys.storeOwners(), this.ownerId, String(until)).catch(() => 0);
  }

  /** Guards, runs and wraps every driver error as a StoreError naming Redis. */
  private async run<T>(operation: string, body: () => Promise<T>): Promise<T> {
    if (this.closed) throw closedStoreError(this.kind, operation);
    try {
      return await body();
    } catch (error) {
      throw redisStoreError(operation, error);
    }
  }

  /** The conversation holding turn `id`, or null (an index entry without its turn counts as none). */
  private async locate(id: string): Promise<string | null> {
    const conversationId = await this.client.get(this.keys.turnIndex(id));
    if (conversationId === null) return null;
    return (await this.client.hexists(this.keys.turns(conversationId), id)) === 1 ? conversationId : null;
  }

  private turnKeys(conversationId: string): string[] {
    const k = this.keys;
    return [
      k.turns(conversationId),
      k.seqs(conversationId),
      k.turnOrder(conversationId),
      k.outcomes(conversationId),
    ];
  }

  private async readTurns(conversationId: string, ids: string[]): Promise<TurnRecord[]> {
    const k = this.keys;
    const flat = (await GET_TURNS.run(
      this.client,
      [k.turns(conversationId), k.outcomes(conversationId)],
      ids,
    )) as (string | null)[];
    return decodePairs(flat);
  }

  private async addPending(turn: TurnRecord): Promise<void> {
    const k = this.keys;
    await ADD_PENDING.run(
      this.client,
      [k.pendingTurns(), k.pendingMembers(), k.pendingCounter()],
      [turn.id, String(turn.createdAt), JSON.stringify([turn.conversationId, turn.id, this.ownerId])],
    );
  }

  private async removePending(turnId: string): Promise<void> {
    await REMOVE_PENDING.run(this.client, [this.keys.pendingTurns(), this.keys.pendingMembers()], [turnId]);
  }
}

/** Decodes a flat [json|nil, outcome|nil]… reply, skipping missing turns. */
function decodePairs(flat: (string | null)[]): TurnRecord[] {
  const out: TurnRecord[] = [];
  for (let i = 0; i < flat.length; i += 2) {
    const json = flat[i];
    if (json !== null && json !== undefined) out.push(decodeTurn(json, flat[i + 1] ?? null));
  }
  return out;
}

/** Plain code-unit order, like the other stores. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
