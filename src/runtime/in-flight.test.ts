import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { ClosedError } from "../errors.js";
import { InFlight } from "./in-flight.js";

describe("InFlight.link", () => {
  it("without a caller signal is the closing signal itself", () => {
    const inFlight = new InFlight();
    expect(inFlight.link(undefined).signal).toBe(inFlight.signal);
  });

  it("aborts with the caller's reason when the caller aborts", () => {
    const inFlight = new InFlight();
    const caller = new AbortController();
    const linked = inFlight.link(caller.signal);
    caller.abort(new Error("client disconnected"));
    expect((linked.signal.reason as Error).message).toBe("client disconnected");
    expect(inFlight.signal.aborted).toBe(false);
  });

  it("aborts with a ClosedError when the orchestrator gives up waiting, not the caller", async () => {
    const inFlight = new InFlight();
    const caller = new AbortController();
    const linked = inFlight.link(caller.signal);
    await inFlight.settle(0);
    expect(linked.signal.reason).toBeInstanceOf(ClosedError);
    expect(caller.signal.aborted).toBe(false);
  });

  it("is aborted at once when the caller already is", () => {
    const caller = new AbortController();
    caller.abort("gone");
    expect(new InFlight().link(caller.signal).signal.reason).toBe("gone");
  });

  it("unlink removes its listener and stops following both sources", async () => {
    const inFlight = new InFlight();
    const caller = new AbortController();
    const linked = inFlight.link(caller.signal);
    expect(getEventListeners(caller.signal, "abort")).toHaveLength(1);
    linked.unlink();
    expect(getEventListeners(caller.signal, "abort")).toHaveLength(0);
    caller.abort();
    await inFlight.settle(0);
    expect(linked.signal.aborted).toBe(false);
  });
});
