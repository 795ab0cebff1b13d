/**
 * @module serve/conversation-resolver
 * Which rapo conversation a request continues: an explicit id (the `X-Rapo-Conversation` header
 * or `metadata.conversation_id`), else the message-prefix digest of a resent history, else a new
 * conversation. Ids are always the tenant's own (see tenants.ts).
 */
import { randomUUID } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { type ConversationMap, type PrefixMessage, prefixDigest } from "./conversation-map.js";
import { internalConversationId, type Tenant } from "./tenants.js";

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

/** Conversation mapping of Chat Completions requests by their resent history. */
export class HistoryResolver {
  constructor(private readonly map: ConversationMap) {}

  /** The conversation continued by a history (every message before the new user message). */
  resolve(tenant: Tenant, history: readonly PrefixMessage[]): string | undefined {
    const hasTurns = history.some((m) => m.role === "user" || m.role === "assistant");
    return hasTurns ? this.map.find(prefixDigest(tenant.id, history)) : undefined;
  }

  /** Remembers that `history + user message + answer` continues `conversationId`. */
  remember(
    tenant: Tenant,
    history: readonly PrefixMessage[],
    user: string,
    answer: string,
    conversationId: string,
  ): void {
    const next = [...history, { role: "user", text: user }, { role: "assistant", text: answer }];
    this.map.remember(prefixDigest(tenant.id, next), conversationId);
  }
}
