/**
 * @module store/redis-keys
 * Every Redis key rapo uses, built in one place (like BullMQ's `queue-keys.ts`). Keys that a Lua
 * script touches together share one hash tag, so each script stays on one slot and the store and
 * bus run unchanged on Redis Cluster: a conversation's records live under `{conv:<id>}`, the
 * pending-turn index under `{pending}`, agent states under `{agents}`, checkpoints under `{ckpt}`,
 * and each distributed-mode structure under its own tag (see {@link RedisKeys}).
 *
 * Ids are embedded verbatim. An id holding `}` only shortens its hash tag (several conversations
 * may then share a slot); keys stay distinct because every suffix is a fixed word after the last
 * `}:` of the key.
 */

/** The keys of one rapo deployment (one `prefix`). */
export interface RedisKeys {
  readonly prefix: string;
  /** JSON conversation record. */
  conversation(id: string): string;
  /** hash turnId → turn JSON. */
  turns(conversationId: string): string;
  /** hash seq → turnId (the seq uniqueness index). */
  seqs(conversationId: string): string;
  /** sorted set turnId scored by seq (listTurns order). */
  turnOrder(conversationId: string): string;
  /** hash turnId → outcome set by `setOutcome` after the turn was written. */
  outcomes(conversationId: string): string;
  /** `<holder>|<token>` of the front running this conversation's turn (per-conversation lease). */
  conversationLease(conversationId: string): string;
  /** turnId → conversationId, so a turn is found by its id alone. */
  turnIndex(turnId: string): string;
  /** sorted set of conversation ids scored by −updatedAt. */
  conversationIndex(): string;
  /** set of conversation ids that hold turns (stats, inspect). */
  turnConversations(): string;
  /** sorted set of pending turns (score createdAt, member `<ordinal>|<json [conv, turn]>`). */
  pendingTurns(): string;
  /** hash turnId → its member in {@link pendingTurns}. */
  pendingMembers(): string;
  /** hash store-instance id → ms epoch until which it is alive (owners of pending turns). */
  storeOwners(): string;
  /** acceptance counter that orders pending turns with equal createdAt. */
  pendingCounter(): string;
  /** hash agentId → binary agent state. */
  agentStates(): string;
  /** sorted set of checkpoint ids scored by put order. */
  checkpointOrder(): string;
  /** hash checkpoint id → binary checkpoint record. */
  checkpointData(): string;
  /** put counter of checkpoints. */
  checkpointCounter(): string;
  /** one blob. */
  blob(key: string): string;
  /** set of blob keys (for stats and inspect). */
  blobIndex(): string;
  /** Stream of turns for one agent (distributed turn bus). */
  agentStream(agentId: string): string;
  /** turn id → result JSON, for de-duplication of redelivered turns (turn bus). */
  turnResult(turnId: string): string;
  /** Pub/sub channel or stream carrying a turn's tokens and its completion (turn bus). */
  turnReplies(turnId: string): string;
  /** Dead-letter stream of one agent's malformed or undeliverable turn entries. */
  deadLetters(agentId: string): string;
  /** Stream of signals (outcomes, context updates, handoff observations) for the leader. */
  signals(): string;
  /** hash agentId → in-flight count, and its per-holder detail (load tracker). */
  load(): string;
  /** hash `<holder>|<agentId>` → count (load tracker, per process). */
  loadHolders(): string;
  /** routing-table snapshot: hash with version and payload. */
  routingTable(): string;
  /** leader lease: holder id, token, expiry. */
  leaderLease(): string;
  /** monotonically increasing fencing token. */
  leaderToken(): string;
  /** a leader-owned value written through the fencing check (same slot as the lease). */
  leaderOwned(name: string): string;
  /** hash of live workers → heartbeat JSON. */
  workers(): string;
}

/** The key builder for `prefix` (e.g. `rapo:`; tests use a fresh random prefix each). */
export function redisKeys(prefix = "rapo:"): RedisKeys {
  const conv = (id: string, suffix: string) => `${prefix}{conv:${id}}:${suffix}`;
  return {
    prefix,
    conversation: (id) => conv(id, "meta"),
    turns: (id) => conv(id, "turns"),
    seqs: (id) => conv(id, "seqs"),
    turnOrder: (id) => conv(id, "order"),
    outcomes: (id) => conv(id, "outcomes"),
    conversationLease: (id) => conv(id, "lease"),
    turnIndex: (turnId) => `${prefix}{turn:${turnId}}:conv`,
    conversationIndex: () => `${prefix}{convs}:by-update`,
    turnConversations: () => `${prefix}{convs}:with-turns`,
    pendingTurns: () => `${prefix}{pending}:z`,
    pendingMembers: () => `${prefix}{pending}:members`,
    storeOwners: () => `${prefix}{pending}:owners`,
    pendingCounter: () => `${prefix}{pending}:counter`,
    agentStates: () => `${prefix}{agents}:states`,
    checkpointOrder: () => `${prefix}{ckpt}:order`,
    checkpointData: () => `${prefix}{ckpt}:data`,
    checkpointCounter: () => `${prefix}{ckpt}:counter`,
    blob: (key) => `${prefix}{blob:${key}}:value`,
    blobIndex: () => `${prefix}{blobs}:keys`,
    agentStream: (agentId) => `${prefix}{agent:${agentId}}:turns`,
    turnResult: (turnId) => `${prefix}{reply:${turnId}}:result`,
    turnReplies: (turnId) => `${prefix}{reply:${turnId}}:stream`,
    deadLetters: (agentId) => `${prefix}{agent:${agentId}}:dead`,
    signals: () => `${prefix}{signals}:stream`,
    load: () => `${prefix}{load}:agents`,
    loadHolders: () => `${prefix}{load}:holders`,
    routingTable: () => `${prefix}{leader}:routing`,
    leaderLease: () => `${prefix}{leader}:lease`,
    leaderToken: () => `${prefix}{leader}:token`,
    leaderOwned: (name) => `${prefix}{leader}:owned:${name}`,
    workers: () => `${prefix}{workers}:live`,
  };
}
