/**
 * The conversation mapping by resent history survives a restart: a server on a SQLite file
 * answers two turns, is closed (drained) and a new server is started on the same file; the
 * official `openai` client resending the whole history continues the same conversation, whose
 * stored turns then number three. Another tenant resending the same history does not reach it,
 * an edited history starts a new conversation, and a memory store persists nothing.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { afterAll, describe, expect, it } from "vitest";
import { HISTORY_BLOB_PREFIX } from "./conversation-map.js";
import { startTestServer, type TestServer } from "./testing/serve-fixture.js";

const KEY = "sk-restart-a";
const OTHER = "sk-restart-b";
const dir = mkdtempSync(join(tmpdir(), "rapo-history-restart-"));
const file = join(dir, "state.sqlite");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Message = OpenAI.ChatCompletionMessageParam;
const conversationOf = (reply: unknown) =>
  (reply as { rapo: { conversation_id: string } }).rapo.conversation_id;

async function chat(t: TestServer, key: string, messages: Message[]) {
  const client = new OpenAI({ apiKey: key, baseURL: `${t.url}/v1`, maxRetries: 0 });
  return client.chat.completions.create({ model: "rapo", messages });
}

async function turnsOf(t: TestServer, key: string, id: string): Promise<number> {
  const res = await fetch(`${t.url}/v1/conversations/${id}`, { headers: { authorization: `Bearer ${key}` } });
  return res.status === 200 ? ((await res.json()) as { turns: unknown[] }).turns.length : -res.status;
}

describe("conversation mapping by history across a restart", () => {
  it("a client resending its history after a restart on the same SQLite file continues the conversation", async () => {
    const messages: Message[] = [
      { role: "system", content: "You are helpful." },
      { role: "user", content: "The stock of Lyon-Depot is 420 units. The stock of Paris-Hub is 300 units." },
    ];
    const first = await startTestServer({ apiKeys: [KEY, OTHER], store: { sqlite: file } });
    let id: string;
    try {
      const a = await chat(first, KEY, messages);
      id = conversationOf(a);
      messages.push(
        { role: "assistant", content: a.choices[0]!.message.content! },
        { role: "user", content: "What is the combined stock of Lyon-Depot and Paris-Hub?" },
      );
      const b = await chat(first, KEY, messages);
      expect(conversationOf(b)).toBe(id);
      messages.push(
        { role: "assistant", content: b.choices[0]!.message.content! },
        { role: "user", content: "Write a slogan for Lyon-Depot that mentions its stock." },
      );
    } finally {
      await first.close();
    }

    const second = await startTestServer({ apiKeys: [KEY, OTHER], store: { sqlite: file } });
    try {
      // another tenant resending the same history reaches nothing of tenant A
      const stranger = await chat(second, OTHER, messages);
      expect(conversationOf(stranger)).not.toBe(id);
      expect(await turnsOf(second, OTHER, id)).toBe(-404);
      // the history as the client resends it continues the conversation stored before the restart
      const c = await chat(second, KEY, messages);
      expect(conversationOf(c)).toBe(id);
      expect(await turnsOf(second, KEY, id)).toBe(3);
      // an edited history is another conversation
      const edited = [...messages];
      edited[2] = { role: "assistant", content: "something the server never said" };
      expect(conversationOf(await chat(second, KEY, edited))).not.toBe(id);
    } finally {
      await second.close();
    }
  });

  it("writes no digest into a memory store (it does not outlive the process)", async () => {
    const t = await startTestServer({ apiKeys: [KEY] });
    try {
      const reply = await chat(t, KEY, [{ role: "user", content: "Hello there." }]);
      expect(conversationOf(reply)).toBeTruthy();
      const blobs = (t.server.orchestrator.internals.store as unknown as { blobs: Map<string, unknown> })
        .blobs;
      expect([...blobs.keys()].some((k) => k.startsWith(HISTORY_BLOB_PREFIX))).toBe(false);
    } finally {
      await t.close();
    }
  });
});
