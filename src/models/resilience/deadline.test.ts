import { describe, expect, it } from "vitest";
import { type AttemptSignal, withDeadline, withTimeout } from "./deadline.js";
import { deadlines } from "./deadline-timer.js";

const never = () => new Promise<never>(() => {});

describe("withTimeout", () => {
  it("resolves with the result inside the budget", async () => {
    await expect(
      withTimeout(async () => 7, { timeoutMs: 1000, onTimeout: () => new Error("t") }),
    ).resolves.toBe(7);
  });

  it("rejects with the timeout error and aborts the attempt's signal, even if run ignores it", async () => {
    let attemptSignal: AbortSignal | undefined;
    const timeout = new Error("too slow");
    const pending = withTimeout(
      (signal) => {
        attemptSignal = signal;
        return never();
      },
      { timeoutMs: 5, onTimeout: () => timeout },
    );
    await expect(pending).rejects.toBe(timeout);
    expect(attemptSignal?.aborted).toBe(true);
    expect(attemptSignal?.reason).toBe(timeout);
  });

  it("rejects with the caller's reason when the caller aborts", async () => {
    const controller = new AbortController();
    const reason = new Error("stop");
    let attemptSignal: AbortSignal | undefined;
    const pending = withTimeout(
      (signal) => {
        attemptSignal = signal;
        return never();
      },
      { timeoutMs: 60_000, signal: controller.signal, onTimeout: () => new Error("t") },
    );
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(attemptSignal?.aborted).toBe(true);
  });

  it("rejects at once when the caller already aborted", async () => {
    let ran = false;
    const pending = withTimeout(
      async () => {
        ran = true;
      },
      { timeoutMs: 1000, signal: AbortSignal.abort(), onTimeout: () => new Error("t") },
    );
    await expect(pending).rejects.toThrow();
    expect(ran).toBe(false);
  });
});

describe("withDeadline (signal created on first read)", () => {
  it("aborts a hung attempt's signal within the budget plus a few ms", async () => {
    let signal: AbortSignal | undefined;
    const timeout = new Error("hung");
    const started = performance.now();
    const pending = withDeadline(
      (attempt) => {
        signal = attempt.signal;
        return new Promise<never>((_, reject) =>
          signal?.addEventListener("abort", () => reject(signal?.reason)),
        );
      },
      { timeoutMs: 30, onTimeout: () => timeout },
    );
    await expect(pending).rejects.toBe(timeout);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(29);
    expect(elapsed).toBeLessThan(30 + 50);
    expect(signal?.reason).toBe(timeout);
  });

  it("hands a signal first read after the timeout already aborted with the timeout error", async () => {
    let attempt: AttemptSignal | undefined;
    const timeout = new Error("late");
    const pending = withDeadline(
      (a) => {
        attempt = a;
        return never();
      },
      { timeoutMs: 5, onTimeout: () => timeout },
    );
    await expect(pending).rejects.toBe(timeout);
    expect(attempt?.signal.aborted).toBe(true);
    expect(attempt?.signal.reason).toBe(timeout);
  });

  it("hands a signal first read after the caller's abort already aborted, with its reason", async () => {
    const caller = new AbortController();
    const reason = new Error("user left");
    let attempt: AttemptSignal | undefined;
    const pending = withDeadline(
      (a) => {
        attempt = a;
        return never();
      },
      { timeoutMs: 60_000, signal: caller.signal, onTimeout: () => new Error("t") },
    );
    caller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(attempt?.signal.reason).toBe(reason);
  });

  it("leaves the signal alone after success: a later caller abort does not reach the attempt", async () => {
    const caller = new AbortController();
    let attempt: AttemptSignal | undefined;
    const value = await withDeadline(
      async (a) => {
        attempt = a;
        return "ok";
      },
      { timeoutMs: 60_000, signal: caller.signal, onTimeout: () => new Error("t") },
    );
    expect(value).toBe("ok");
    const signal = attempt?.signal;
    caller.abort(new Error("after"));
    expect(signal?.aborted).toBe(false);
  });

  it("returns the same signal on every read", async () => {
    let same = false;
    await withDeadline(
      async (a) => {
        const first = a.signal;
        same = first === a.signal;
      },
      { timeoutMs: 1000, onTimeout: () => new Error("t") },
    );
    expect(same).toBe(true);
  });

  it("rejects with what run throws synchronously", async () => {
    const boom = new Error("sync");
    const pending = withDeadline(
      () => {
        throw boom;
      },
      { timeoutMs: 1000, onTimeout: () => new Error("t") },
    );
    await expect(pending).rejects.toBe(boom);
  });

  it("keeps the first outcome: a late answer after the timeout changes nothing", async () => {
    let answer: (value: string) => void = () => {};
    const timeout = new Error("slow");
    const pending = withDeadline(() => new Promise<string>((resolve) => (answer = resolve)), {
      timeoutMs: 5,
      onTimeout: () => timeout,
    });
    await expect(pending).rejects.toBe(timeout);
    answer("too late");
    await expect(pending).rejects.toBe(timeout);
  });

  it("stops holding the process open once the attempt settles", async () => {
    const pending = withDeadline(async () => "done", { timeoutMs: 60_000, onTimeout: () => new Error("t") });
    expect(deadlines.holdsProcess).toBe(true);
    await pending;
    expect(deadlines.holdsProcess).toBe(false);
  });
});
