/**
 * @module cli/inspect
 * `rapo inspect`: reads a SQLite store and prints conversations, turns (with handoff packets) and
 * learned agent states — also while an orchestrator runs on it (readonly, see SqliteStore).
 */
import { existsSync } from "node:fs";
import { InputError, StoreError } from "../errors.js";
import { SqliteStore } from "../store/sqlite-store.js";

/** Options of `rapo inspect`. */
export interface InspectOptions {
  store: string;
  conversation?: string;
  limit: number;
  json: boolean;
}

/** Prints what the store holds. */
export async function inspect(options: InspectOptions, out: (line: string) => void): Promise<void> {
  if (!existsSync(options.store))
    throw new InputError("store_not_found", `no store at '${options.store}'`, { path: options.store });
  const store = openForInspection(options.store);
  try {
    const result = await readView(store, options);
    const live = store.readonly ? { live: true, unfoldedWrites: store.stats().journal } : {};
    if (options.json) out(JSON.stringify({ ...result, ...live }, null, 2));
    else {
      out(renderText(result));
      if (store.readonly)
        out(
          `(live store: an orchestrator is writing to it; ${live.unfoldedWrites} recent writes are not folded into what is shown yet)`,
        );
    }
  } finally {
    await store.close();
  }
}

async function readView(store: SqliteStore, options: InspectOptions) {
  try {
    return options.conversation
      ? await conversationView(store, options.conversation, options.limit)
      : await overview(store, options.limit);
  } catch (error) {
    throw store.readonly ? explainLocked(error, options.store) : error;
  }
}

/** A live writer with `locking: "exclusive"` lets no one read the file: say so plainly. */
function explainLocked(error: unknown, path: string): unknown {
  const code = error instanceof StoreError ? error.details["driverCode"] : undefined;
  if (typeof code !== "string" || !code.startsWith("SQLITE_BUSY")) return error;
  return new InputError(
    "store_locked",
    `'${path}' is in use by an orchestrator with locking: "exclusive"; stop it, or give its store locking: "normal" to inspect it while it runs`,
    { path },
  );
}

/**
 * Opens the store for writing when no one else does (so a journal left by a crash is folded
 * first), else readonly beside the running writer.
 */
function openForInspection(path: string): SqliteStore {
  try {
    return SqliteStore.open(path);
  } catch (error) {
    if (!(error instanceof StoreError) || error.details["reason"] !== "writer_busy") throw error;
  }
  try {
    // a normal-mode writer never blocks readers for long; an exclusive one always does
    return SqliteStore.open(path, { readonly: true, busyTimeoutMs: 500 });
  } catch (error) {
    throw explainLocked(error, path);
  }
}

async function overview(store: SqliteStore, limit: number) {
  const agents = (await store.listAgentStates()).map((a) => ({
    agentId: a.agentId,
    turns: a.turns,
    meanCapability: round(a.capability.reduce((s, v) => s + v, 0) / a.capability.length),
  }));
  return { conversations: await store.listConversations(limit), agents };
}

async function conversationView(store: SqliteStore, id: string, limit: number) {
  const record = await store.getConversation(id);
  if (!record) throw new InputError("unknown_conversation", `unknown conversation '${id}'`, { id });
  const turns = await store.listTurns(id, limit);
  return {
    conversation: record,
    turns: turns.map((t) => ({
      seq: t.seq,
      status: t.status,
      agent: t.agentId,
      task: t.taskType,
      user: t.userContent,
      answer: t.answer,
      handoff: t.handoff
        ? { from: t.handoff.fromAgentId, reason: t.handoff.reason, carried: t.handoff.stats }
        : null,
      outcome: t.outcome,
    })),
  };
}

function renderText(
  view: Awaited<ReturnType<typeof overview>> | Awaited<ReturnType<typeof conversationView>>,
): string {
  if ("agents" in view) {
    const lines = [
      `conversations (most recent first): ${view.conversations.length}`,
      ...view.conversations.map((c) => `  ${c}`),
    ];
    lines.push(
      "agents:",
      ...view.agents.map((a) => `  ${a.agentId}: ${a.turns} turns, mean capability ${a.meanCapability}`),
    );
    return lines.join("\n");
  }
  const lines = [
    `conversation ${view.conversation.id}: ${view.conversation.turnCount} turns, last agent ${view.conversation.lastAgentId}`,
  ];
  for (const t of view.turns) {
    const handoff = t.handoff
      ? ` [handoff from ${t.handoff.from}: ${t.handoff.carried.facts} facts, ${t.handoff.carried.turns} turns]`
      : "";
    lines.push(
      `#${t.seq} ${t.status} ${t.agent ?? "-"} (${t.task})${handoff}`,
      `  user:  ${t.user}`,
      `  agent: ${t.answer ?? "-"}`,
    );
  }
  lines.push(`facts: ${view.conversation.facts.length}`);
  return lines.join("\n");
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
