import { describe, expect, it } from "vitest";
import { linkedController, sleep } from "./abort.js";

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
