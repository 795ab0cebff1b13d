/**
 * Regression tests of issue 12 (hardening) at the API boundary, in both stores: feedback counts
 * once per turn, lone surrogates behave the same, ids are validated before any store call,
 * configuration typos are errors. Each failed before its fix.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, InputError } from "../errors.js";
import { scriptedModel } from "../models/scripted-model.js";
import type { StoreSpec } from "../store/open-store.js";
import { Orchestrator, type OrchestratorOptions } from "./orchestrator.js";

const manual = { loop: { autoStart: false } } as const;

const stores: [string, () => StoreSpec][] = [
  ["memory", () => "memory"],
  ["sqlite", () => ({ sqlite: join(mkdtempSync(join(tmpdir(), "rapo-input-")), "s.sqlite") })],
];

function open(store: StoreSpec, answer: (user: string) => string = (u) => `ok: ${u}`) {
  return Orchestrator.create({
    agents: [{ id: "a", role: "r", model: scriptedModel((call) => answer(call.lastUserText)) }],
    store,
    config: manual,
  });
}

for (const [name, store] of stores) {
  describe(`issue 12 on the ${name} store`, () => {
    it("#4 one turn's feedback counts once: repeats are no-ops, a different outcome is refused", async () => {
      const rapo = await open(store());
      const reply = await rapo.send({ content: "Calculate 15 percent of 240." });
      const t = rapo.internals.taxonomy.taskTypes.findIndex((x) => x.id === reply.taskType);
      const m = rapo.internals.taxonomy.modalities.findIndex((x) => x.id === reply.modality);
      for (let i = 0; i < 1000; i++) await rapo.feedback(reply.turnId, 0);
      await expect(rapo.feedback(reply.turnId, 1)).rejects.toMatchObject({ code: "feedback_conflict" });
      await rapo.tick();
      // 0.5 → 0.9·0.5 + 0.1·0 = 0.45, once
      expect(rapo.agent("a").capability[t]![m]).toBeCloseTo(0.45, 2);
      const stored = await rapo.conversation(reply.conversationId);
      expect(stored.turns[0]!.outcome).toBe(0);
      // concurrent duplicates count once too
      const next = await rapo.send({ conversationId: reply.conversationId, content: "Calculate 2 plus 2." });
      const settled = await Promise.allSettled([0, 1, 2].map(() => rapo.feedback(next.turnId, 1)));
      expect(settled.every((s) => s.status === "fulfilled")).toBe(true);
      expect(rapo.internals.signals.pendingCount("outcome")).toBe(1);
      await rapo.close();
    });

    it("#5 lone surrogates: refused in messages and ids, normalised in answers", async () => {
      const rapo = await open(store(), () => "broken \uD800 answer");
      await expect(rapo.send({ content: "abc\uD800def" })).rejects.toMatchObject({ code: "invalid_message" });
      await expect(rapo.startConversation("c\uDC00")).rejects.toBeInstanceOf(InputError);
      const reply = await rapo.send({ content: "hello" });
      expect(reply.content).toBe("broken \uFFFD answer");
      const stored = await rapo.conversation(reply.conversationId);
      expect(stored.turns[0]!.answer).toBe(reply.content);
      await rapo.close();
    });

    it("#6 non-string ids are InputErrors for every method, before the store", async () => {
      const rapo = await open(store());
      for (const bad of [{}, 42, null, ["x"], ""] as unknown as string[]) {
        await expect(rapo.feedback(bad, 1)).rejects.toMatchObject({ code: "invalid_turn_id" });
        await expect(rapo.endConversation(bad)).rejects.toMatchObject({ code: "invalid_conversation_id" });
        await expect(rapo.conversation(bad)).rejects.toMatchObject({ code: "invalid_conversation_id" });
        await expect(rapo.send({ conversationId: bad, content: "x" })).rejects.toBeInstanceOf(InputError);
        await expect(rapo.startConversation(bad)).rejects.toBeInstanceOf(InputError);
        expect(() => rapo.agent(bad)).toThrow(InputError);
      }
      await expect(rapo.conversation("x", -1)).rejects.toMatchObject({ code: "invalid_limit" });
      await expect(rapo.conversation("x", "7" as unknown as number)).rejects.toBeInstanceOf(InputError);
      await rapo.close();
    });
  });
}

describe("issue 12 #7: configuration typos are errors", () => {
  const agents: OrchestratorOptions["agents"] = [{ id: "a", role: "r", model: scriptedModel(() => "x") }];

  it("names an unknown key with its path and a suggestion", () => {
    const bad = { routing: { learningRat: 0.5 } } as unknown as OrchestratorOptions["config"];
    expect(() => new Orchestrator({ agents, config: bad })).toThrow(ConfigError);
    expect(() => new Orchestrator({ agents, config: bad })).toThrow(
      /routing\.learningRat.*did you mean 'learningRate'/,
    );
    const top = { rooting: {} } as unknown as OrchestratorOptions["config"];
    expect(() => new Orchestrator({ agents, config: top })).toThrow(/'rooting'.*did you mean 'routing'/);
    const deep = { resilience: { retry: { maxRetrys: 1 } } } as unknown as OrchestratorOptions["config"];
    expect(() => new Orchestrator({ agents, config: deep })).toThrow(
      /resilience\.retry\.maxRetrys.*maxRetries/,
    );
    const far = { limits: { zzzzzz: 1 } } as unknown as OrchestratorOptions["config"];
    expect(() => new Orchestrator({ agents, config: far })).toThrow(/limits\.zzzzzz/);
    expect(() => new Orchestrator({ agents, config: far })).not.toThrow(/did you mean/);
  });

  it("refuses missing or non-object options with a ConfigError", async () => {
    await expect(Orchestrator.create(undefined as unknown as OrchestratorOptions)).rejects.toBeInstanceOf(
      ConfigError,
    );
    await expect(Orchestrator.create(null as unknown as OrchestratorOptions)).rejects.toBeInstanceOf(
      ConfigError,
    );
    expect(() => new Orchestrator({ agents, config: 5 as unknown as OrchestratorOptions["config"] })).toThrow(
      ConfigError,
    );
  });
});
