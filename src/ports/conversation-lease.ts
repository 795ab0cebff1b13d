/**
 * @module ports/conversation-lease
 * The {@link ConversationLeases} port: per-conversation ordering across processes (issue 15).
 * A front holds a conversation's lease while one of its turns runs (accept → answer → record),
 * so two fronts never run turns of one conversation at once and never assign the same seq. The
 * lease expires on its own (a front that died frees the conversation after `ttlMs`); the store's
 * seq check (`acceptTurn` refuses a taken seq) still guards a front that outlived its lease.
 * {@link MemoryConversationLeases} is the in-memory twin; `distributed/redis-conversation-lease.ts`
 * implements it on Redis.
 */

/** Per-conversation leases. */
export interface ConversationLeases {
  /** Takes the lease of `conversationId` for `ttlMs`; its token, or null while another holds it. */
  tryAcquire(conversationId: string, holder: string, ttlMs: number): Promise<string | null>;
  /** Extends a held lease; false when it was lost (expired and taken by another). */
  renew(conversationId: string, token: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up (only when still held with `token`). */
  release(conversationId: string, token: string): Promise<void>;
}

/** In-memory {@link ConversationLeases} (one process). */
export class MemoryConversationLeases implements ConversationLeases {
  private readonly held = new Map<string, { token: string; until: number }>();
  private counter = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async tryAcquire(conversationId: string, holder: string, ttlMs: number): Promise<string | null> {
    const current = this.held.get(conversationId);
    if (current !== undefined && current.until > this.now()) return null;
    const token = `${holder}|${++this.counter}`;
    this.held.set(conversationId, { token, until: this.now() + ttlMs });
    return token;
  }

  async renew(conversationId: string, token: string, ttlMs: number): Promise<boolean> {
    const current = this.held.get(conversationId);
    if (current === undefined || current.token !== token || current.until <= this.now()) return false;
    current.until = this.now() + ttlMs;
    return true;
  }

  async release(conversationId: string, token: string): Promise<void> {
    if (this.held.get(conversationId)?.token === token) this.held.delete(conversationId);
  }
}
