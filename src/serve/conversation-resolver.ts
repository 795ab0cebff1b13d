/**
 * @module serve/conversation-resolver
 * Which rapo conversation a request continues: an explicit id (the `X-Rapo-Conversation` header
 * or `metadata.conversation_id`), else the message-prefix digest of a resent history, else a new
 * conversation. Ids are always the tenant's own (see tenants.ts).
 */
import { randomUUID } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { appendMessage, type ConversationMap, type PrefixMessage, prefixHash } from "./conversation-map.js";
import { clientConversationId, internalConversationId, type Tenant } from "./tenants.js";

/** The header naming a conversation explicitly. */
export const CONVERSATION_HEADER = "x-rapo-conversation";

/** An explicit conversation id of the request (header first, then `metadata.conversation_id`). */
export function explicitConversation(
  request: FastifyRequest,
  tenant: Tenant,
  metadata: Record<string, string> | null | undefined,
): string | undefined {
  const header = request.headers[CONVERSATION_HEADER];
  if (typeof header === "string" && header !== "")
    return internalConversationId(tenant, header, CONVERSATION_HEADER);
  const id = metadata?.["conversation_id"];
  if (id !== undefined) return internalConversationId(tenant, id, "metadata.conversation_id");
  return undefined;
}

/** A fresh conversation id of the tenant. */
export function newConversation(tenant: Tenant): string {
  return internalConversationId(tenant, randomUUID());
}

/** A request's history, hashed once: what it continues, and how to remember its next turn. */
export interface ResolvedHistory {
  /** the conversation the history continues, when it is a remembered one. */
  conversationId: string | undefined;
  /** remembers that `history + user message + answer` continues `conversationId`. */
  remember(user: string, answer: string, conversationId: string): void;
}

/** Conversation mapping of Chat Completions requests by their resent history. */
export class HistoryResolver {
  constructor(private readonly map: ConversationMap) {}

  /**
   * The conversation continued by a history (every message before the new user message), and
   * the remembering of its next turn. The history is hashed once for both: the running digest
   * is copied before the new turn's messages are added. `lookup` false (an explicit id names
   * the conversation) skips the lookup.
   */
  async resolve(tenant: Tenant, history: readonly PrefixMessage[], lookup = true): Promise<ResolvedHistory> {
    const hash = prefixHash(tenant.id, history);
    const hasTurns = lookup && history.some((m) => m.role === "user" || m.role === "assistant");
    const found = hasTurns ? await this.map.lookup(hash.copy().digest("base64url")) : undefined;
    // an id of another tenant cannot come out of this tenant's digest; checked all the same
    const conversationId =
      found !== undefined && clientConversationId(tenant, found) !== null ? found : undefined;
    return {
      conversationId,
      remember: (user, answer, id) => {
        appendMessage(hash, { role: "user", text: user });
        appendMessage(hash, { role: "assistant", text: answer });
        this.map.remember(hash.digest("base64url"), id);
      },
    };
  }

  /** Resolves once the mappings written so far are in the store. */
  flush(): Promise<void> {
    return this.map.flush();
  }
}
