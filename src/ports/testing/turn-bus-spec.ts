/**
 * @module ports/testing/turn-bus-spec
 * The conformance suite of {@link TurnBus}: the in-memory twin and the Redis bus both run it.
 * Idle times are real (Redis measures them), so the reclaim clauses wait a few tens of ms.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TimeoutError } from "../../errors.js";
import type { ClaimedTurn, TurnBus, TurnReply, TurnRequest } from "../turn-bus.js";

/** How the suite gets a fresh bus. */
export interface TurnBusSpecOptions {
  create: () => Promise<TurnBus>;
  /** puts raw fields on an agent's queue, bypassing `enqueue` (a hand-written stream entry). */
  pushRaw: (bus: TurnBus, agentId: string, fields: Record<string, string>) => Promise<void>;
}

/** A turn request; override any field. */
export function makeRequest(overrides: Partial<TurnRequest> = {}): TurnRequest {
  return {
    turnId: "turn-1",
    conversationId: "conv-1",
    agentId: "agent-a",
    seq: 0,
    content: "What did Lyon order in March?",
    enqueuedAt: 1_700_000_000_000,
    failedOver: [],
    ...overrides,
  };
}

/** The reply a consumer gives to `claimed`. */
export function makeReply(claimed: ClaimedTurn, consumer: string, answer = "40 units"): TurnReply {
  return {
    turnId: claimed.request.turnId,
    status: "answered",
    agentId: claimed.agentId,
    answer,
    error: null,
    completedBy: consumer,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Registers the suite. */
export function runTurnBusSpec(name: string, options: TurnBusSpecOptions): void {
  describe(`TurnBus conformance: ${name}`, () => {
    let bus: TurnBus;
    beforeEach(async () => {
      bus = await options.create();
    });
    afterEach(async () => {
      await bus.close();
    });

    it("delivers an enqueued turn to one consumer once", async () => {
      expect(await bus.enqueue(makeRequest())).toEqual({ status: "enqueued" });
      const [claimed, ...rest] = await bus.claim("w1", ["agent-a", "agent-b"], { max: 10 });
      expect(rest).toEqual([]);
      expect(claimed!.request).toEqual(makeRequest());
      expect([claimed!.agentId, claimed!.deliveries]).toEqual(["agent-a", 1]);
      expect(await bus.claim("w2", ["agent-a"], { max: 10 })).toEqual([]);
      expect(await bus.inFlight("agent-a")).toBe(1);
    });

    it("only hands a consumer the agents it asks for, in order, up to max", async () => {
      await bus.enqueue(makeRequest({ turnId: "t1" }));
      await bus.enqueue(makeRequest({ turnId: "t2", agentId: "agent-b" }));
      await bus.enqueue(makeRequest({ turnId: "t3" }));
      expect((await bus.claim("w1", ["agent-b"], { max: 10 })).map((c) => c.request.turnId)).toEqual(["t2"]);
      expect((await bus.claim("w1", ["agent-a"], { max: 1 })).map((c) => c.request.turnId)).toEqual(["t1"]);
      expect((await bus.claim("w1", ["agent-a"], { max: 5 })).map((c) => c.request.turnId)).toEqual(["t3"]);
    });

    it("waits up to blockMs for a turn and wakes up when one arrives", async () => {
      const started = Date.now();
      expect(await bus.claim("w1", ["agent-a"], { blockMs: 100 })).toEqual([]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(80);
      const waiting = bus.claim("w1", ["agent-a"], { blockMs: 5000 });
      await sleep(20);
      await bus.enqueue(makeRequest());
      expect((await waiting).map((c) => c.request.turnId)).toEqual(["turn-1"]);
    });

    it("answers a turn once: the first completion wins, later ones change nothing", async () => {
      await bus.enqueue(makeRequest());
      const [claimed] = await bus.claim("w1", ["agent-a"]);
      expect(await bus.complete(claimed!, makeReply(claimed!, "w1"))).toBe(true);
      expect(await bus.complete(claimed!, makeReply(claimed!, "w2", "other"))).toBe(false);
      expect(await bus.reply("turn-1")).toEqual(makeReply(claimed!, "w1"));
      expect(await bus.inFlight("agent-a")).toBe(0);
      expect(await bus.enqueue(makeRequest())).toEqual({
        status: "answered",
        reply: makeReply(claimed!, "w1"),
      });
      expect(await bus.claim("w1", ["agent-a"])).toEqual([]);
    });

    it("skips a duplicate entry of a turn answered meanwhile", async () => {
      await bus.enqueue(makeRequest());
      await bus.enqueue(makeRequest()); // a front retrying: at-least-once
      const [first] = await bus.claim("w1", ["agent-a"]);
      await bus.complete(first!, makeReply(first!, "w1"));
      expect(await bus.claim("w2", ["agent-a"], { max: 5 })).toEqual([]);
      expect(await bus.inFlight("agent-a")).toBe(0);
    });

    it("reclaims a delivery idle past the visibility timeout; the stalled consumer's late completion is refused", async () => {
      await bus.enqueue(makeRequest());
      const [stalled] = await bus.claim("w1", ["agent-a"]);
      expect(await bus.reclaim("w2", "agent-a", { minIdleMs: 60_000 })).toEqual([]);
      await sleep(60);
      const [taken, ...rest] = await bus.reclaim("w2", "agent-a", { minIdleMs: 50 });
      expect(rest).toEqual([]);
      expect(taken!.request).toEqual(makeRequest());
      expect(taken!.deliveries).toBe(2);
      expect(await bus.complete(taken!, makeReply(taken!, "w2"))).toBe(true);
      expect(await bus.complete(stalled!, makeReply(stalled!, "w1", "late"))).toBe(false);
      expect((await bus.reply("turn-1"))!.completedBy).toBe("w2");
    });

    it("does not reclaim a delivery its consumer keeps extending", async () => {
      await bus.enqueue(makeRequest());
      const [claimed] = await bus.claim("w1", ["agent-a"]);
      for (let i = 0; i < 3; i++) {
        await sleep(30);
        await bus.extend("w1", claimed!);
      }
      expect(await bus.reclaim("w2", "agent-a", { minIdleMs: 50 })).toEqual([]);
    });

    it("releases a delivery without answering it", async () => {
      await bus.enqueue(makeRequest());
      const [claimed] = await bus.claim("w1", ["agent-a"]);
      await bus.release(claimed!);
      expect(await bus.inFlight("agent-a")).toBe(0);
      await sleep(20);
      expect(await bus.reclaim("w2", "agent-a", { minIdleMs: 0 })).toEqual([]);
      expect(await bus.reply("turn-1")).toBeNull();
    });

    it("streams tokens to the waiter, then the reply", async () => {
      await bus.enqueue(makeRequest());
      const tokens: string[] = [];
      let listening: () => void = () => {};
      const ready = new Promise<void>((resolve) => {
        listening = resolve;
      });
      const waiting = bus.awaitReply("turn-1", {
        timeoutMs: 5000,
        onToken: (t) => tokens.push(t),
        onListening: () => listening(),
      });
      await ready;
      const [claimed] = await bus.claim("w1", ["agent-a"]);
      for (const token of ["40", " ", "units"]) await bus.emitToken(claimed!, token);
      await bus.complete(claimed!, makeReply(claimed!, "w1"));
      expect(await waiting).toEqual(makeReply(claimed!, "w1"));
      expect(tokens).toEqual(["40", " ", "units"]);
    });

    it("gives an already answered reply at once and times out with TimeoutError otherwise", async () => {
      await expect(bus.awaitReply("nope", { timeoutMs: 50 })).rejects.toBeInstanceOf(TimeoutError);
      await bus.enqueue(makeRequest());
      const [claimed] = await bus.claim("w1", ["agent-a"]);
      await bus.complete(claimed!, makeReply(claimed!, "w1"));
      expect(await bus.awaitReply("turn-1", { timeoutMs: 50 })).toEqual(makeReply(claimed!, "w1"));
    });

    it("sets malformed entries aside as dead letters and keeps delivering", async () => {
      await options.pushRaw(bus, "agent-a", { turn: "{not json" });
      await options.pushRaw(bus, "agent-a", { other: "x" });
      await options.pushRaw(bus, "agent-a", { turn: JSON.stringify({ ...makeRequest(), seq: -1 }) });
      await bus.enqueue(makeRequest());
      const claimed = await bus.claim("w1", ["agent-a"], { max: 10 });
      expect(claimed.map((c) => c.request.turnId)).toEqual(["turn-1"]);
      const dead = await bus.deadLetters("agent-a");
      expect(dead.map((d) => d.reason)).toEqual([
        "field 'turn' is not JSON",
        "missing field 'turn'",
        "'seq' must be a non-negative integer",
      ]);
      expect(dead[1]!.fields).toEqual({ other: "x" });
      expect(await bus.inFlight("agent-a")).toBe(1);
    });
  });
}
