import { describe, expect, it } from "vitest";
import { DeadlineTimer, type Expirable } from "./deadline-timer.js";

/** An item that resolves `expired` with the time it expired at. */
function item(inMs: number): Expirable & { expired: Promise<number> } {
  let resolve: (at: number) => void = () => {};
  const expired = new Promise<number>((r) => (resolve = r));
  return { dueAt: performance.now() + inMs, expire: () => resolve(performance.now()), expired };
}

describe("DeadlineTimer", () => {
  it("expires each item at its own deadline, a shorter one added after a longer one included", async () => {
    const timer = new DeadlineTimer();
    const long = item(60);
    const short = item(20);
    timer.add(long);
    timer.add(short);
    const [shortAt, longAt] = await Promise.all([short.expired, long.expired]);
    expect(shortAt).toBeGreaterThanOrEqual(short.dueAt);
    expect(shortAt - short.dueAt).toBeLessThan(40);
    expect(longAt).toBeGreaterThanOrEqual(long.dueAt);
    expect(longAt - long.dueAt).toBeLessThan(40);
    expect(timer.size).toBe(0);
  });

  it("never expires a deleted item, and still serves the others", async () => {
    const timer = new DeadlineTimer();
    let deletedExpired = false;
    timer.add({ dueAt: performance.now() + 10, expire: () => (deletedExpired = true) });
    const first = [...(timer as unknown as { pending: Set<Expirable> }).pending][0]!;
    timer.delete(first);
    const kept = item(20);
    timer.add(kept);
    await kept.expired;
    expect(deletedExpired).toBe(false);
  });

  it("holds the process only while deadlines are pending", () => {
    const timer = new DeadlineTimer();
    const a = item(60_000);
    const b = item(60_000);
    timer.add(a);
    timer.add(b);
    expect(timer.holdsProcess).toBe(true);
    timer.delete(a);
    expect(timer.holdsProcess).toBe(true);
    timer.delete(b);
    expect(timer.holdsProcess).toBe(false);
    timer.add(item(60_000));
    expect(timer.holdsProcess).toBe(true);
    timer.delete([...(timer as unknown as { pending: Set<Expirable> }).pending][0]!);
  });

  it("serves a deadline added while another expires", async () => {
    const timer = new DeadlineTimer();
    const later = item(15);
    timer.add({ dueAt: performance.now() + 5, expire: () => timer.add(later) });
    const at = await later.expired;
    expect(at).toBeGreaterThanOrEqual(later.dueAt);
  });

  it("expires every due item even when one of them throws, and reports the error", async () => {
    const errors: unknown[] = [];
    const timer = new DeadlineTimer((error) => errors.push(error));
    const boom = new Error("expire threw");
    const dueAt = performance.now() + 5;
    const after = item(5);
    timer.add({
      dueAt,
      expire: () => {
        throw boom;
      },
    });
    timer.add({ dueAt, expire: after.expire });
    await after.expired;
    expect(errors).toEqual([boom]);
  });
});
