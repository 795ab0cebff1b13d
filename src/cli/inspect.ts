/**
 * @module cli/inspect
 * `rapo inspect`: reads a SQLite store and prints conversations, turns (with handoff packets) and
 * learned agent states — also while an orchestrator runs on it (readonly, see SqliteStore).
 */
import { existsSync } from "node:fs";
import { InputError, StoreError } from "../errors.js";
import { readTaxonomyRecord } from "../runtime/taxonomy-record.js";
import { SqliteStore } from "../store/sqlite-store.js";
import { renderHeatmap, toMatrix } from "./capability-heatmap.js";

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
  const taxonomy = await readTaxonomyRecord(store);
  const agents = (await store.listAgentStates()).map((a) => ({
    agentId: a.agentId,
    turns: a.turns,
    capability: toMatrix(a.capability, a.evidence, taxonomy),
  }));
  const { conversations, turns, agentStates, checkpoints } = store.stats();
  return {
    totals: { conversations, turns, agentStates, checkpoints },
    /** the `limit` most recently updated conversation ids. */
    conversations: await store.listConversations(limit),
    agents,
  };
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
      error: t.error,
      /** agents that failed on this turn before `agent` answered (or before it failed). */
      failedOver: t.failedOver,
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
    const { totals } = view;
    const shown =
      view.conversations.length < totals.conversations
        ? `, the ${view.conversations.length} most recent shown (--limit)`
        : "";
    const lines = [
      `store: ${totals.conversations} conversations, ${totals.turns} turns, ${totals.agentStates} agent states, ${totals.checkpoints} checkpoints`,
      `conversations (most recently updated first${shown}):`,
      ...view.conversations.map((c) => `  ${c}`),
      "",
      "agents (turns learned from):",
      ...view.agents.map((a) => `  ${a.agentId}: ${a.turns} turn${a.turns === 1 ? "" : "s"}`),
    ];
    if (view.agents.length > 0) lines.push("", ...renderHeatmap(view.agents));
    return lines.join("\n");
  }
  const { conversation } = view;
  const shown =
    view.turns.length < conversation.turnCount ? ` (the last ${view.turns.length} shown, --limit)` : "";
  const lines = [
    `conversation ${conversation.id}: ${conversation.turnCount} turns${shown}, last agent ${conversation.lastAgentId ?? "-"}`,
  ];
  for (const t of view.turns) {
    lines.push(
      `#${t.seq} ${t.status} ${t.agent ?? "-"} (${t.task})${movement(t)}`,
      `  user:  ${t.user}`,
      `  agent: ${t.answer ?? "-"}`,
    );
    if (t.error) lines.push(`  error: ${t.error}`);
  }
  lines.push(`facts: ${conversation.facts.length}`);
  return lines.join("\n");
}

/** How the turn reached its agent: a routing handoff, a failover (with who failed), or neither. */
function movement(t: Awaited<ReturnType<typeof conversationView>>["turns"][number]): string {
  const failed = t.failedOver.length > 0 ? `${t.failedOver.join(", ")} failed` : "";
  const carried = t.handoff
    ? `${t.handoff.carried.facts} facts, ${t.handoff.carried.turns} turns carried`
    : "";
  if (t.handoff?.reason === "failover" || (failed && !t.handoff))
    return ` [failover${t.handoff ? ` from ${t.handoff.from}` : ""}: ${[failed, carried].filter(Boolean).join("; ")}]`;
  if (t.handoff)
    return ` [handoff from ${t.handoff.from}: ${carried}]${failed ? ` [failover: ${failed}]` : ""}`;
  return "";
}
