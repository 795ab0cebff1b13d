/**
 * Regression tests of issue 12 (hardening): concurrent sends on cold conversations, empty and
 * huge answers, close() with turns in flight, store paths under /proc and /sys. Each failed
 * before its fix.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { ClosedError, NoAgentAvailableError } from "../errors.js";
import { scriptedModel } from "../models/scripted-model.js";
import { SqliteStore } from "../store/sqlite-store.js";
import { Orchestrator } from "./orchestrator.js";

const manual = { loop: { autoStart: false } } as const;

function tempDb(): string {
  return join(mkdtempSync(join(tmpdir(), "rapo-harden-")), "state.sqlite");
}

/** A model that never settles and ignores its abort signal (a badly written provider). */
function deafModel(): LanguageModelV3 {
  return {
    specificationVersion: "v3",
    provider: "deaf",
    modelId: "deaf",
    supportedUrls: {},
    doGenerate: () => new Promise<never>(() => {}),
    doStream: () => new Promise<never>(() => {}),
  };
}

describe("issue 12 #1: concurrent sends on a stored conversation that is not in memory", () => {
  for (const n of [2, 50]) {
    it(`${n} concurrent sends after a reopen all succeed with contiguous seqs, one model call each`, async () => {
      const path = tempDb();
      const first = await Orchestrator.create({
        agents: [{ id: "a", role: "assistant", model: scriptedModel(() => "first") }],
        store: { sqlite: path },
        config: manual,
      });
      await first.startConversation("c");
      await first.close();

      const model = scriptedModel((call) => ({ text: `answer to ${call.lastUserText}`, delayMs: 1 }));
      const rapo = await Orchestrator.create({
        agents: [{ id: "a", role: "assistant", model }],
        store: { sqlite: path },
        config: manual,
      });
      const sends = Array.from({ length: n }, (_, i) =>
        rapo.send({ conversationId: "c", content: `message number ${i}` }),
      );
      const settled = await Promise.allSettled(sends);
      expect(settled.filter((s) => s.status === "rejected")).toEqual([]);
      expect(model.calls).toHaveLength(n);
      const stored = await rapo.conversation("c", 1000);
      expect(stored.turns.map((t) => t.seq)).toEqual(Array.from({ length: n }, (_, i) => i));
      expect(stored.turns.every((t) => t.status === "answered")).toBe(true);
      // the in-memory history is the stored one (its last maxTurns turns)
      const live = rapo.internals.conversations.live("c")!;
      const expected = stored.turns.slice(-20).flatMap((t) => [t.userContent, t.answer]);
      expect(live.history.map((h) => h.content)).toEqual(expected);
      await rapo.close();
    });
  }
});

describe("issue 12 #2: an empty answer is a model failure", () => {
  it("fails over from an agent answering whitespace, counts it and feeds health", async () => {
    const empty = scriptedModel(() => "  \n ");
    const rapo = await Orchestrator.create({
      agents: [
        { id: "empty", role: "r", model: empty, capabilityPrior: { dialogue: 0.99 } },
        {
          id: "ok",
          role: "r",
          model: scriptedModel(() => "a real answer"),
          capabilityPrior: { dialogue: 0.5 },
        },
      ],
      config: { ...manual, routing: { exploration: 0 } },
    });
    const reply = await rapo.send({ content: "hello there" });
    expect(reply).toMatchObject({ agentId: "ok", content: "a real answer", failedOver: ["empty"] });
    expect(rapo.agent("empty").failures).toBe(1);
    // a capability signal: the empty answer's cell moves down at the next tick
    const cell = (id: string) => {
      const t = rapo.internals.taxonomy.taskTypes.findIndex((x) => x.id === reply.taskType);
      const m = rapo.internals.taxonomy.modalities.findIndex((x) => x.id === reply.modality);
      return rapo.agent(id).capability[t]![m]!;
    };
    const before = cell("empty");
    await rapo.tick();
    expect(cell("empty")).toBeLessThan(before);
    await rapo.close();
  });

  it("fails the turn when the only agent answers empty, also when streaming", async () => {
    const rapo = await Orchestrator.create({
      agents: [{ id: "empty", role: "r", model: scriptedModel(() => "") }],
      config: manual,
    });
    await expect(rapo.send({ content: "hello" })).rejects.toBeInstanceOf(NoAgentAvailableError);
    await expect(rapo.sendStream({ content: "hello" })).rejects.toBeInstanceOf(NoAgentAvailableError);
    await rapo.close();
  });

  it("a streamed whitespace answer fails over before anything reaches the caller", async () => {
    const rapo = await Orchestrator.create({
      agents: [
        { id: "blank", role: "r", model: scriptedModel(() => " \n\t "), capabilityPrior: { dialogue: 0.99 } },
        {
          id: "ok",
          role: "r",
          model: scriptedModel(() => "streamed words"),
          capabilityPrior: { dialogue: 0.5 },
        },
      ],
      config: { ...manual, routing: { exploration: 0 } },
    });
    const stream = await rapo.sendStream({ content: "hello there" });
    expect(stream.agentId).toBe("ok");
    let text = "";
    for await (const chunk of stream.textStream) text += chunk;
    expect(text).toBe("streamed words");
    expect((await stream.result).failedOver).toEqual(["blank"]);
    await rapo.close();
  });
});

describe("issue 12 #3: answer size is capped, fact extraction and prompts stay bounded", () => {
  it("truncates a 5 MB answer, records it, and keeps ticks, prompts and close() fast", async () => {
    const huge = "The depot in Lyon holds many units of stock today. ".repeat(100_000); // ≈ 5 MB
    const model = scriptedModel(() => huge);
    const rapo = await Orchestrator.create({
      agents: [{ id: "a", role: "r", model }],
      store: { sqlite: tempDb() },
      config: { ...manual, limits: { maxAnswerChars: 10_000 } },
    });
    const id = await rapo.startConversation("big");
    const replies = [];
    for (let i = 0; i < 5; i++)
      replies.push(await rapo.send({ conversationId: id, content: `question ${i}` }));
    expect(replies[0]!.content).toHaveLength(10_000);
    expect(replies[0]!.truncated).toEqual({ originalChars: huge.length, keptChars: 10_000 });
    const stored = await rapo.conversation(id);
    expect(stored.turns[0]!.answer).toHaveLength(10_000);
    expect(stored.turns[0]!.error).toMatch(/truncated/);
    const started = performance.now();
    await rapo.tick();
    expect(performance.now() - started).toBeLessThan(1_000);
    // the last prompt carries 4 earlier answers of at most 10,000 characters each
    const last = model.calls.at(-1)!;
    const promptChars = last.prompt.reduce(
      (n, m) => n + (typeof m.content === "string" ? m.content.length : JSON.stringify(m.content).length),
      0,
    );
    expect(promptChars).toBeLessThan(60_000);
    const closing = performance.now();
    await rapo.close();
    expect(performance.now() - closing).toBeLessThan(1_000);
  });
});

describe("issue 12 #8: close() settles in-flight turns", () => {
  for (const kind of ["hanging", "abort-ignoring"] as const) {
    it(`aborts a ${kind} model call: the caller gets ClosedError, nothing stays pending`, async () => {
      const path = tempDb();
      const model = kind === "hanging" ? scriptedModel(() => ({ hang: true })) : deafModel();
      const rapo = await Orchestrator.create({
        agents: [{ id: "a", role: "r", model }],
        store: { sqlite: path },
        config: { ...manual, limits: { modelTimeoutMs: 20_000 } },
      });
      const id = await rapo.startConversation("c");
      const pending = rapo.send({ conversationId: id, content: "hello" });
      const queued = rapo.send({ conversationId: id, content: "and then" });
      pending.catch(() => undefined);
      queued.catch(() => undefined);
      await new Promise((r) => setTimeout(r, 30));
      const started = performance.now();
      await rapo.close();
      expect(performance.now() - started).toBeLessThan(2_000);
      await expect(pending).rejects.toBeInstanceOf(ClosedError);
      await expect(queued).rejects.toBeInstanceOf(ClosedError);
      const store = SqliteStore.open(path);
      expect(await store.listPendingTurns()).toEqual([]);
      const turns = await store.listTurns("c", 10);
      expect(turns.map((t) => t.status)).toEqual(["failed"]);
      await store.close();
    });
  }

  it("drains in-flight turns within closeGraceMs", async () => {
    const rapo = await Orchestrator.create({
      agents: [{ id: "a", role: "r", model: scriptedModel(() => ({ text: "done", delayMs: 50 })) }],
      config: { ...manual, limits: { closeGraceMs: 2_000 } },
    });
    const pending = rapo.send({ content: "hello" });
    await new Promise((r) => setTimeout(r, 10));
    await rapo.close();
    await expect(pending).resolves.toMatchObject({ content: "done" });
  });
});

describe("issue 12 #9: store paths under /proc and /sys", () => {
  for (const path of ["/proc/rapo/state.sqlite", "/sys/rapo.sqlite", "/proc/self/../rapo.db"]) {
    it(`refuses ${path} up front`, async () => {
      const started = performance.now();
      await expect(
        Orchestrator.create({
          agents: [{ id: "a", role: "r", model: scriptedModel(() => "x") }],
          store: { sqlite: path },
        }),
      ).rejects.toThrow(/\/proc|\/sys/);
      expect(performance.now() - started).toBeLessThan(2_000);
    });
  }
});

describe("found by the fuzz suite: an abort before the stream opens", () => {
  it("leaves no unhandled rejection behind", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const rapo = await Orchestrator.create({
        agents: [{ id: "a", role: "r", model: scriptedModel(() => ({ hang: true })) }],
        config: manual,
      });
      const controller = new AbortController();
      controller.abort();
      await expect(rapo.sendStream({ content: "hello", signal: controller.signal })).rejects.toMatchObject({
        code: "cancelled",
      });
      await new Promise((r) => setTimeout(r, 50));
      await rapo.close();
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});
