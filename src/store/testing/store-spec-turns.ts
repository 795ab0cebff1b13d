/**
 * @module store/testing/store-spec-turns
 * Conformance clauses for conversations and turns (see `store-spec.ts`).
 */
import { answered, makeConversation, makeHandoff, makeTurn } from "./fixtures.js";
import { expectStoreError, type StoreSpecContext } from "./store-spec-support.js";

/** Registers the conversation clauses. */
export function conversationClauses(ctx: StoreSpecContext): void {
  const { describe, it, expect } = ctx.test;
  describe("conversations", () => {
    it("returns null for an unknown conversation", async () => {
      expect(await ctx.store.getConversation("nope")).toBeNull();
    });

    it("round-trips and replaces a conversation", async () => {
      const first = makeConversation({ pool: "analysts", lastAgentId: "agent-a", turnCount: 3 });
      await ctx.store.putConversation(first);
      expect(await ctx.store.getConversation("conv-1")).toEqual(first);
      const second = makeConversation({ facts: [], entities: ["Paris"], updatedAt: first.updatedAt + 5 });
      await ctx.store.putConversation(second);
      expect(await ctx.store.getConversation("conv-1")).toEqual(second);
    });

    it("lists ids most recently updated first, ties by id, at most limit", async () => {
      for (const [id, updatedAt] of [
        ["c", 10],
        ["a", 30],
        ["b", 20],
        ["d", 30],
      ] as const) {
        await ctx.store.putConversation(makeConversation({ id, updatedAt }));
      }
      expect(await ctx.store.listConversations(10)).toEqual(["a", "d", "b", "c"]);
      expect(await ctx.store.listConversations(2)).toEqual(["a", "d"]);
      expect(await ctx.store.listConversations(0)).toEqual([]);
      await ctx.store.putConversation(makeConversation({ id: "c", updatedAt: 40 }));
      expect(await ctx.store.listConversations(1)).toEqual(["c"]);
      await expectStoreError(
        expect,
        ctx.store.listConversations(Number.NaN),
        "listConversations",
        "invalid_argument",
      );
    });

    it("keeps copies: mutating records in or out does not change stored state", async () => {
      const record = makeConversation();
      await ctx.store.putConversation(record);
      record.facts.push("injected");
      record.turnCount = 99;
      const out = await ctx.store.getConversation("conv-1");
      out!.entities.length = 0;
      expect(await ctx.store.getConversation("conv-1")).toEqual(makeConversation());
    });
  });
}

/** Registers the acceptTurn clauses. */
export function acceptTurnClauses(ctx: StoreSpecContext): void {
  const { describe, it, expect } = ctx.test;
  describe("acceptTurn", () => {
    it("records a pending turn", async () => {
      const turn = makeTurn();
      await ctx.store.acceptTurn(turn);
      expect(await ctx.store.getTurn("turn-1")).toEqual(turn);
    });

    it("is idempotent by id: a second call leaves the first record", async () => {
      await ctx.store.acceptTurn(makeTurn());
      await ctx.store.acceptTurn(makeTurn());
      await ctx.store.acceptTurn(makeTurn({ userContent: "changed", seq: 5 }));
      expect(await ctx.store.getTurn("turn-1")).toEqual(makeTurn());
      expect(await ctx.store.listTurns("conv-1", 10)).toHaveLength(1);
    });

    it("rejects a (conversationId, seq) taken by another id, and stays usable", async () => {
      await ctx.store.acceptTurn(makeTurn());
      await expectStoreError(
        expect,
        ctx.store.acceptTurn(makeTurn({ id: "turn-2" })),
        "acceptTurn",
        "seq_conflict",
      );
      expect(await ctx.store.getTurn("turn-2")).toBeNull();
      expect(await ctx.store.getTurn("turn-1")).toEqual(makeTurn());
      await ctx.store.acceptTurn(makeTurn({ id: "turn-2", seq: 1 }));
      await ctx.store.acceptTurn(makeTurn({ id: "turn-3", conversationId: "conv-2" }));
      expect((await ctx.store.listTurns("conv-1", 10)).map((t) => t.id)).toEqual(["turn-1", "turn-2"]);
    });
  });
}

/** Registers the completeTurn clauses. */
export function completeTurnClauses(ctx: StoreSpecContext): void {
  const { describe, it, expect } = ctx.test;
  describe("completeTurn", () => {
    it("writes the finished turn and the conversation", async () => {
      const turn = makeTurn();
      await ctx.store.acceptTurn(turn);
      const done = answered(turn, "agent-b", {
        handoff: makeHandoff(),
        failedOver: ["agent-a"],
        error: "timeout",
      });
      const conversation = makeConversation({ lastAgentId: "agent-b", turnCount: 1, updatedAt: 2 });
      await ctx.store.completeTurn(done, conversation);
      expect(await ctx.store.getTurn("turn-1")).toEqual(done);
      expect(await ctx.store.getConversation("conv-1")).toEqual(conversation);
      expect(await ctx.store.listTurns("conv-1", 10)).toEqual([done]);
    });

    it("records a failed turn durably", async () => {
      await ctx.store.acceptTurn(makeTurn());
      const failed = makeTurn({
        status: "failed",
        agentId: "agent-c",
        error: "no agent available",
        failedOver: ["a", "b"],
      });
      await ctx.store.completeTurn(failed, makeConversation({ turnCount: 1 }));
      expect(await ctx.store.getTurn("turn-1")).toEqual(failed);
      expect(await ctx.store.listPendingTurns()).toEqual([]);
    });

    it("stores a turn that was never accepted", async () => {
      const done = answered(makeTurn({ id: "turn-9", seq: 4 }));
      await ctx.store.completeTurn(done, makeConversation());
      expect(await ctx.store.getTurn("turn-9")).toEqual(done);
    });

    it("is atomic: on a seq conflict neither the turn nor the conversation is written", async () => {
      const before = makeConversation({ turnCount: 1 });
      await ctx.store.acceptTurn(makeTurn());
      await ctx.store.putConversation(before);
      const intruder = answered(makeTurn({ id: "turn-2" }));
      const after = makeConversation({ turnCount: 2, lastAgentId: "agent-a", updatedAt: 9 });
      await expectStoreError(expect, ctx.store.completeTurn(intruder, after), "completeTurn", "seq_conflict");
      expect(await ctx.store.getConversation("conv-1")).toEqual(before);
      expect(await ctx.store.getTurn("turn-2")).toBeNull();
      expect(await ctx.store.getTurn("turn-1")).toEqual(makeTurn());
    });

    it("overwrites the turn, even moving it to a free seq", async () => {
      await ctx.store.acceptTurn(makeTurn());
      await ctx.store.completeTurn(answered(makeTurn()), makeConversation());
      const moved = answered(makeTurn({ seq: 3 }), "agent-z");
      await ctx.store.completeTurn(moved, makeConversation({ turnCount: 4 }));
      expect(await ctx.store.listTurns("conv-1", 10)).toEqual([moved]);
      await ctx.store.acceptTurn(makeTurn({ id: "turn-0", seq: 0 }));
      expect((await ctx.store.listTurns("conv-1", 10)).map((t) => t.id)).toEqual(["turn-0", "turn-1"]);
    });

    it("keeps copies of the turn, its handoff and failedOver", async () => {
      const done = answered(makeTurn(), "agent-b", { handoff: makeHandoff(), failedOver: ["agent-a"] });
      await ctx.store.completeTurn(done, makeConversation());
      done.failedOver.push("x");
      done.handoff!.facts.push("x");
      const out = await ctx.store.getTurn("turn-1");
      out!.handoff!.recentTurns.length = 0;
      out!.failedOver.length = 0;
      const expected = answered(makeTurn(), "agent-b", { handoff: makeHandoff(), failedOver: ["agent-a"] });
      expect(await ctx.store.getTurn("turn-1")).toEqual(expected);
    });
  });
}

/** Registers the readTurn clauses. */
export function readTurnClauses(ctx: StoreSpecContext): void {
  const { describe, it, expect } = ctx.test;
  describe("reading turns", () => {
    it("returns null for an unknown turn", async () => {
      expect(await ctx.store.getTurn("nope")).toBeNull();
    });

    it("lists the last `limit` turns of a conversation by ascending seq", async () => {
      for (const seq of [2, 0, 4, 1, 3]) await ctx.store.acceptTurn(makeTurn({ id: `t${seq}`, seq }));
      await ctx.store.acceptTurn(makeTurn({ id: "other", conversationId: "conv-2", seq: 9 }));
      const ids = async (limit: number) => (await ctx.store.listTurns("conv-1", limit)).map((t) => t.id);
      expect(await ids(10)).toEqual(["t0", "t1", "t2", "t3", "t4"]);
      expect(await ids(2)).toEqual(["t3", "t4"]);
      expect(await ids(0)).toEqual([]);
      expect(await ctx.store.listTurns("unknown", 5)).toEqual([]);
    });

    it("lists pending turns oldest first, ties in acceptance order", async () => {
      await ctx.store.acceptTurn(makeTurn({ id: "late", seq: 0, createdAt: 300 }));
      await ctx.store.acceptTurn(makeTurn({ id: "tie-b", seq: 1, createdAt: 100 }));
      await ctx.store.acceptTurn(makeTurn({ id: "tie-a", seq: 2, createdAt: 100 }));
      await ctx.store.acceptTurn(makeTurn({ id: "done", seq: 3, createdAt: 50 }));
      await ctx.store.completeTurn(
        answered(makeTurn({ id: "done", seq: 3, createdAt: 50 })),
        makeConversation(),
      );
      const pending = await ctx.store.listPendingTurns();
      expect(pending.map((t) => t.id)).toEqual(["tie-b", "tie-a", "late"]);
      expect(pending.every((t) => t.status === "pending")).toBe(true);
    });

    it("sets an outcome and reports unknown turns", async () => {
      await ctx.store.acceptTurn(makeTurn());
      expect(await ctx.store.setOutcome("turn-1", 0.75)).toBe(true);
      expect((await ctx.store.getTurn("turn-1"))!.outcome).toBe(0.75);
      expect(await ctx.store.setOutcome("turn-1", 0)).toBe(true);
      expect((await ctx.store.getTurn("turn-1"))!.outcome).toBe(0);
      expect(await ctx.store.setOutcome("nope", 1)).toBe(false);
      expect(await ctx.store.getTurn("nope")).toBeNull();
    });
  });
}
