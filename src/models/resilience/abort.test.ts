import { describe, expect, it } from "vitest";
import { linkedController, sleep, withTimeout } from "./abort.js";

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
        return new Promise<never>(() => {});
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
        return new Promise<never>(() => {});
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

describe("linkedController and sleep", () => {
  it("follows the parent until disposed", () => {
    const parent = new AbortController();
    const a = linkedController(parent.signal);
    const b = linkedController(parent.signal);
    b.dispose();
    parent.abort();
    expect(a.signal.aborted).toBe(true);
    expect(b.signal.aborted).toBe(false);
  });

  it("sleep rejects when aborted", async () => {
    const controller = new AbortController();
    const pending = sleep(60_000, controller.signal);
    controller.abort(new Error("bye"));
    await expect(pending).rejects.toThrow("bye");
  });
});
