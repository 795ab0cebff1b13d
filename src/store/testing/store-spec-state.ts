/**
 * @module store/testing/store-spec-state
 * Conformance clauses for agent states, checkpoints, blobs and close (see `store-spec.ts`).
 */
import { roundFloat16Array } from "../float16.js";
import { answered, makeAgentState, makeConversation, makeTurn } from "./fixtures.js";
import { expectStoreError, type StoreSpecContext, type StoreSpecOptions } from "./store-spec-support.js";

/** Registers the agentState clauses. */
export function agentStateClauses(ctx: StoreSpecContext): void {
  const { describe, it, expect } = ctx.test;
  describe("agent states", () => {
    it("is empty at first", async () => {
      expect(await ctx.store.listAgentStates()).toEqual([]);
    });

    it("round-trips float32 vectors exactly and capability through float16, ordered by id", async () => {
      const b = makeAgentState("agent-b", 2);
      const a = makeAgentState("agent-a", 1);
      await ctx.store.putAgentStates([b, a]);
      const [outA, outB, ...rest] = await ctx.store.listAgentStates();
      expect(rest).toEqual([]);
      for (const [out, input] of [
        [outA!, a],
        [outB!, b],
      ] as const) {
        expect(out.agentId).toBe(input.agentId);
        for (const key of ["prompt", "context", "evidence"] as const) {
          expect(out[key]).toBeInstanceOf(Float32Array);
          expect(out[key]).toEqual(input[key]);
        }
        expect(out.capability).toBeInstanceOf(Float32Array);
        expect(out.capability).toEqual(roundFloat16Array(input.capability));
        const worst = input.capability.reduce(
          (max, v, i) => Math.max(max, Math.abs(out.capability[i]! - v)),
          0,
        );
        expect(worst).toBeLessThan(1e-3);
        expect([out.turns, out.updatedAt]).toEqual([input.turns, input.updatedAt]);
      }
    });

    it("upserts: a later put replaces the state of the same agent", async () => {
      await ctx.store.putAgentStates([makeAgentState("agent-a", 1), makeAgentState("agent-b", 2)]);
      const replaced = makeAgentState("agent-a", 5, { prompt: new Float32Array([1, 2, 3]) });
      await ctx.store.putAgentStates([replaced]);
      const states = await ctx.store.listAgentStates();
      expect(states.map((s) => s.agentId)).toEqual(["agent-a", "agent-b"]);
      expect(states[0]!.prompt).toEqual(new Float32Array([1, 2, 3]));
      expect(states[0]!.turns).toBe(replaced.turns);
    });

    it("keeps copies, also of typed-array views", async () => {
      const backing = new Float32Array([9, 0.25, 0.5, 9]);
      const state = makeAgentState("agent-a", 1, { capability: backing.subarray(1, 3) });
      await ctx.store.putAgentStates([state]);
      state.prompt.fill(7);
      backing.fill(0);
      const [out] = await ctx.store.listAgentStates();
      out!.context.fill(7);
      const [again] = await ctx.store.listAgentStates();
      expect(again!.prompt).toEqual(makeAgentState("agent-a", 1).prompt);
      expect(again!.context).toEqual(makeAgentState("agent-a", 1).context);
      expect(again!.capability).toEqual(new Float32Array([0.25, 0.5]));
    });
  });
}

/** Registers the checkpoint clauses. */
export function checkpointClauses(ctx: StoreSpecContext, options: StoreSpecOptions): void {
  const { describe, it, expect } = ctx.test;
  const checkpoint = (id: string, iteration: number) => ({
    id,
    iteration,
    hash: id.padEnd(64, "0"),
    payload: new Uint8Array([iteration % 256, 1, 2, 3]),
    createdAt: 1_000 + iteration,
  });

  describe("checkpoints", () => {
    it("has no latest checkpoint at first", async () => {
      expect(await ctx.store.latestCheckpoint()).toBeNull();
    });

    it("returns the most recently put and keeps at most `keep`", async () => {
      for (let i = 1; i <= 5; i++) await ctx.store.putCheckpoint(checkpoint(`c${i}`, i * 1000), 3);
      expect(await ctx.store.latestCheckpoint()).toEqual(checkpoint("c5", 5000));
      if (options.stats !== undefined) expect((await options.stats(ctx.store)).checkpoints).toBe(3);
      await ctx.store.putCheckpoint(checkpoint("c6", 6000), 1);
      expect(await ctx.store.latestCheckpoint()).toEqual(checkpoint("c6", 6000));
      if (options.stats !== undefined) expect((await options.stats(ctx.store)).checkpoints).toBe(1);
    });

    it("replaces a re-put id and makes it the latest", async () => {
      await ctx.store.putCheckpoint(checkpoint("c1", 1000), 5);
      await ctx.store.putCheckpoint(checkpoint("c2", 2000), 5);
      const again = { ...checkpoint("c1", 1000), payload: new Uint8Array([42]) };
      await ctx.store.putCheckpoint(again, 5);
      expect(await ctx.store.latestCheckpoint()).toEqual(again);
      if (options.stats !== undefined) expect((await options.stats(ctx.store)).checkpoints).toBe(2);
    });

    it("rejects a keep that is not a positive integer", async () => {
      await expectStoreError(
        expect,
        ctx.store.putCheckpoint(checkpoint("c1", 1), 0),
        "putCheckpoint",
        "invalid_argument",
      );
      await expectStoreError(
        expect,
        ctx.store.putCheckpoint(checkpoint("c1", 1), 1.5),
        "putCheckpoint",
        "invalid_argument",
      );
      expect(await ctx.store.latestCheckpoint()).toBeNull();
    });

    it("keeps a copy of the payload", async () => {
      const record = checkpoint("c1", 1000);
      await ctx.store.putCheckpoint(record, 2);
      record.payload.fill(0);
      (await ctx.store.latestCheckpoint())!.payload.fill(0);
      expect((await ctx.store.latestCheckpoint())!.payload).toEqual(checkpoint("c1", 1000).payload);
    });
  });
}

/** Registers the blob clauses. */
export function blobClauses(ctx: StoreSpecContext): void {
  const { describe, it, expect } = ctx.test;
  describe("blobs", () => {
    it("returns null when absent, round-trips and overwrites", async () => {
      expect(await ctx.store.getBlob("weights")).toBeNull();
      await ctx.store.putBlob("weights", new Uint8Array([1, 2, 3]));
      expect(await ctx.store.getBlob("weights")).toEqual(new Uint8Array([1, 2, 3]));
      await ctx.store.putBlob("weights", new Uint8Array([9]));
      expect(await ctx.store.getBlob("weights")).toEqual(new Uint8Array([9]));
      await ctx.store.putBlob("empty", new Uint8Array(0));
      expect(await ctx.store.getBlob("empty")).toEqual(new Uint8Array(0));
    });

    it("keeps copies", async () => {
      const value = new Uint8Array([1, 2, 3]);
      await ctx.store.putBlob("k", value);
      value.fill(0);
      (await ctx.store.getBlob("k"))!.fill(0);
      expect(await ctx.store.getBlob("k")).toEqual(new Uint8Array([1, 2, 3]));
    });
  });
}

/** Registers the close clauses. */
export function closeClauses(ctx: StoreSpecContext): void {
  const { describe, it, expect } = ctx.test;
  describe("close", () => {
    it("is idempotent and every later call rejects with StoreError", async () => {
      await ctx.store.close();
      await ctx.store.close();
      const s = ctx.store;
      const calls: [string, () => Promise<unknown>][] = [
        ["getConversation", () => s.getConversation("c")],
        ["putConversation", () => s.putConversation(makeConversation())],
        ["listConversations", () => s.listConversations(1)],
        ["acceptTurn", () => s.acceptTurn(makeTurn())],
        ["completeTurn", () => s.completeTurn(answered(makeTurn()), makeConversation())],
        ["getTurn", () => s.getTurn("t")],
        ["listTurns", () => s.listTurns("c", 1)],
        ["listPendingTurns", () => s.listPendingTurns()],
        ["setOutcome", () => s.setOutcome("t", 1)],
        ["putAgentStates", () => s.putAgentStates([makeAgentState("a")])],
        ["listAgentStates", () => s.listAgentStates()],
        [
          "putCheckpoint",
          () =>
            s.putCheckpoint(
              { id: "c", iteration: 1, hash: "h", payload: new Uint8Array(1), createdAt: 1 },
              1,
            ),
        ],
        ["latestCheckpoint", () => s.latestCheckpoint()],
        ["getBlob", () => s.getBlob("k")],
        ["putBlob", () => s.putBlob("k", new Uint8Array(1))],
      ];
      for (const [operation, call] of calls) await expectStoreError(expect, call(), operation, "closed");
    });
  });
}
