/**
 * @module serve/conversation-map
 * Chat Completions is stateless: every request carries the whole history. To keep one rapo
 * conversation per client conversation, the service remembers, after each answered turn, the
 * digest of the history as the client will resend it (earlier messages + this user message +
 * the answer) and maps it to the conversation. The next request's history minus its last user
 * message then hashes to the same digest (whatever model it names). Digests are per tenant, in a bounded map
 * (oldest forgotten first); an unknown prefix starts a new conversation.
 */
import { createHash } from "node:crypto";
import { BoundedMap } from "../util/bounded-map.js";

/** One message as the digest sees it. */
export interface PrefixMessage {
  role: string;
  text: string;
}

/** Digest of a tenant's message sequence: role and text of each message, length-prefixed. */
export function prefixDigest(tenantId: string, messages: readonly PrefixMessage[]): string {
  const hash = createHash("sha256");
  hash.update(`${tenantId}\u0000`);
  for (const m of messages) {
    // "assistant" answers are compared as the client resends them: trailing whitespace may differ
    const text = m.role === "assistant" ? m.text.trimEnd() : m.text;
    hash.update(`${m.role.length}:${m.role}${text.length}:`);
    hash.update(text);
  }
  return hash.digest("base64url");
}

/** Prefix digests → internal conversation ids. */
export class ConversationMap {
  private readonly byDigest: BoundedMap<string, string>;

  constructor(capacity: number) {
    this.byDigest = new BoundedMap(capacity);
  }

  /** The conversation whose remembered history equals `digest`, if any. */
  find(digest: string): string | undefined {
    return this.byDigest.get(digest);
  }

  /** Remembers that the history with this digest continues `conversationId`. */
  remember(digest: string, conversationId: string): void {
    this.byDigest.set(digest, conversationId);
  }

  /** Digests remembered. */
  get size(): number {
    return this.byDigest.size;
  }
}
