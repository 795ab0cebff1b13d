/**
 * Shutdown of `rapo serve`: close() (and SIGTERM on the CLI) drains — /readyz and new requests
 * get 503 or find the port closed, in-flight turns finish and answer — and past
 * `serve.drainTimeoutMs` the remaining model calls are aborted and their clients get a 503.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hangingModel } from "./testing/hanging-model.js";
import { startTestServer } from "./testing/serve-fixture.js";

const BIN = join(import.meta.dirname, "../../bin/rapo.js");

function ask(url: string) {
  return fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "rapo", messages: [{ role: "user", content: "Tell me something." }] }),
  });
}

/** A request made while draining: refused with 503 or finding the port closed. */
async function refused(url: string): Promise<boolean> {
  const res = await fetch(`${url}/readyz`).catch(() => null);
  return res === null || res.status === 503;
}

describe("drain", () => {
  it("close() lets in-flight turns finish and refuses new requests", async () => {
    const slow = hangingModel("slow", 800);
    const s = await startTestServer({ agents: [{ id: "slow", role: "Slow agent", model: slow.model }] });
    const inFlight = ask(s.url);
    await slow.untilCalls(1);
    const closed = s.close();
    expect(await refused(s.url)).toBe(true);
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(
      ((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content,
    ).toBe("Done after waiting.");
    await closed;
    expect(slow.aborted).toBe(0);
  });

  it("past drainTimeoutMs the model calls are aborted and the client gets a 503", async () => {
    const stuck = hangingModel("stuck");
    const s = await startTestServer({
      agents: [{ id: "stuck", role: "Stuck agent", model: stuck.model }],
      config: { serve: { drainTimeoutMs: 300 } },
    });
    const inFlight = ask(s.url);
    await stuck.untilCalls(1);
    const started = performance.now();
    await s.close();
    const res = await inFlight;
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("orchestrator_closed");
    expect(stuck.aborted).toBe(1);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it("`rapo serve` drains on SIGTERM: the in-flight request answers, the process exits 0", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rapo-serve-"));
    try {
      const config = join(dir, "rapo.config.json");
      writeFileSync(
        config,
        JSON.stringify({
          agents: [
            {
              id: "slow",
              role: "Slow agent",
              provider: "simulated",
              model: "sim",
              simulated: { timeScale: 1, latency: { baseMs: 2000, perTokenMs: 0, jitterMs: 0 } },
            },
          ],
        }),
      );
      const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--config", config], {
        env: { ...process.env, RAPO_LOG_LEVEL: "warn" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      child.stderr.resume();
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (d) => {
          stdout += String(d);
          const m = /listening on (http:\/\/\S+)/.exec(stdout);
          if (m) resolve(m[1]!);
        });
        child.once("exit", () => reject(new Error(`rapo serve exited early:\n${stdout}`)));
      });
      const inFlight = ask(url);
      // the agent's call is in flight once /v1/agents counts it
      for (;;) {
        const agents = (await (await fetch(`${url}/v1/agents`)).json()) as { data: { inflight: number }[] };
        if (agents.data[0]!.inflight > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      child.kill("SIGTERM");
      const res = await inFlight;
      expect(res.status).toBe(200);
      expect(await exited).toBe(0);
      expect(stdout).toContain("SIGTERM: draining");
      expect(stdout).toContain("rapo serve: stopped");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
