/**
 * @module serve/conversation-map
 * Chat Completions is stateless: every request carries the whole history. To keep one rapo
 * conversation per client conversation, the service remembers, after each answered turn, the
 * digest of the history as the client will resend it (earlier messages + this user message +
 * the answer) and maps it to the conversation. The next request's history minus its last user
 * message then hashes to the same digest (whatever model it names). Digests are per tenant.
 *
 * The map lives in a bounded in-memory map (oldest forgotten first) and, on a persistent store
 * (SQLite, Redis), also in the store as one small blob per answered turn
 * (`serve/history/<digest>` → conversation id), so a client resending its history after a restart
 * of the server continues the same conversation. A digest missing from memory is looked up in the
 * store once and cached. The store write is issued before the reply is sent (on SQLite it commits
 * synchronously, as durable as the turn itself) but not awaited by the request: a failed write is
 * logged and only costs the mapping, never the answered turn. `flush()` waits for writes in flight.
 */
import { createHash, type Hash } from "node:crypto";
import type { StateStore } from "../store/contract.js";
import { BoundedMap } from "../util/bounded-map.js";

/** One message as the digest sees it. */
export interface PrefixMessage {
  role: string;
  text: string;
}

/** Store blob key prefix of persisted digests. */
export const HISTORY_BLOB_PREFIX = "serve/history/";

/** A running digest: the tenant, then each message (role and text, length-prefixed). */
export function prefixHash(tenantId: string, messages: readonly PrefixMessage[]): Hash {
  const hash = createHash("sha256");
  hash.update(`${tenantId}\u0000`);
  for (const m of messages) appendMessage(hash, m);
  return hash;
}

/** Adds one message to a running digest. */
export function appendMessage(hash: Hash, m: PrefixMessage): void {
  // "assistant" answers are compared as the client resends them: trailing whitespace may differ
  const text = m.role === "assistant" ? m.text.trimEnd() : m.text;
  hash.update(`${m.role.length}:${m.role}${text.length}:`);
  hash.update(text);
}

/** Digest of a tenant's message sequence. */
export function prefixDigest(tenantId: string, messages: readonly PrefixMessage[]): string {
  return prefixHash(tenantId, messages).digest("base64url");
}

/** Where remembered digests also go (absent: memory only). */
export interface DigestPersistence {
  /**
   * the open store, read when first needed (the orchestrator opens it asynchronously); null when
   * it is not durable (the mapping then stays in memory).
   */
  store: () => StateStore | null;
  /** told of a failed store write or read (the mapping is then memory-only or missed). */
  onError: (error: unknown, operation: "read" | "write") => void;
}

/** Prefix digests → internal conversation ids. */
export class ConversationMap {
  private readonly byDigest: BoundedMap<string, string>;
  private readonly writes = new Set<Promise<void>>();
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();

  constructor(
    capacity: number,
    private readonly persistence?: DigestPersistence,
  ) {
    this.byDigest = new BoundedMap(capacity);
  }

  /** The conversation whose remembered history equals `digest`, in memory only. */
  find(digest: string): string | undefined {
    return this.byDigest.get(digest);
  }

  /** The conversation of `digest`: from memory, else from the store (then cached). */
  async lookup(digest: string): Promise<string | undefined> {
    const known = this.byDigest.get(digest);
    if (known !== undefined || !this.persistence) return known;
    try {
      const bytes = (await this.persistence.store()?.getBlob(HISTORY_BLOB_PREFIX + digest)) ?? null;
      if (bytes === null) return undefined;
      const id = this.decoder.decode(bytes);
      this.byDigest.set(digest, id);
      return id;
    } catch (error) {
      this.persistence.onError(error, "read");
      return undefined;
    }
  }

  /** Remembers that the history with this digest continues `conversationId`. */
  remember(digest: string, conversationId: string): void {
    this.byDigest.set(digest, conversationId);
    const persistence = this.persistence;
    if (!persistence) return;
    let write: Promise<void>;
    try {
      const store = persistence.store();
      if (!store) return;
      write = store.putBlob(HISTORY_BLOB_PREFIX + digest, this.encoder.encode(conversationId));
    } catch (error) {
      write = Promise.reject(error);
    }
    const tracked = write.catch((error) => persistence.onError(error, "write"));
    this.writes.add(tracked);
    tracked.finally(() => this.writes.delete(tracked));
  }

  /** Resolves once every store write issued so far has settled. */
  async flush(): Promise<void> {
    while (this.writes.size > 0) await Promise.all([...this.writes]);
  }

  /** Digests remembered in memory. */
  get size(): number {
    return this.byDigest.size;
  }
}
