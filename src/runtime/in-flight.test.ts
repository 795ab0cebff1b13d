import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { InFlight, linkSignals } from "./in-flight.js";

describe("linkSignals", () => {
  it("aborts with the reason of whichever source aborts first", () => {
    const a = new AbortController();
    const b = new AbortController();
    const linked = linkSignals(a.signal, b.signal);
    b.abort(new Error("b first"));
    a.abort(new Error("a later"));
    expect(linked.signal.aborted).toBe(true);
    expect((linked.signal.reason as Error).message).toBe("b first");
  });

  it("is aborted at once when a source already is", () => {
    const a = new AbortController();
    a.abort("gone");
    const linked = linkSignals(a.signal, new AbortController().signal);
    expect(linked.signal.reason).toBe("gone");
  });

  it("unlink removes its listeners from both sources and stops following them", () => {
    const a = new AbortController();
    const b = new AbortController();
    const linked = linkSignals(a.signal, b.signal);
    expect(getEventListeners(a.signal, "abort")).toHaveLength(1);
    linked.unlink();
    expect(getEventListeners(a.signal, "abort")).toHaveLength(0);
    expect(getEventListeners(b.signal, "abort")).toHaveLength(0);
    a.abort();
    expect(linked.signal.aborted).toBe(false);
  });
});

describe("InFlight.link", () => {
  it("without a caller signal is the closing signal itself", () => {
    const inFlight = new InFlight();
    expect(inFlight.link(undefined).signal).toBe(inFlight.signal);
  });

  it("joins the caller's signal with the closing one", async () => {
    const inFlight = new InFlight();
    const caller = new AbortController();
    const linked = inFlight.link(caller.signal);
    await inFlight.settle(0);
    expect(linked.signal.aborted).toBe(true);
    expect(caller.signal.aborted).toBe(false);
  });
});
