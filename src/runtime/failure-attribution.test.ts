/**
 * Issue 10, failure attribution, through the public API: a timed-out or rate-limited call is a
 * health/load signal (latency, back-off, breaker) and leaves the capability matrix alone; a wrong
 * or empty answer is a capability outcome.
 */
import { APICallError } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { InputError } from "../errors.js";
import { type ScriptedReply, scriptedModel } from "../models/scripted-model.js";
import { Orchestrator } from "./orchestrator.js";
import type { AgentSpec, OrchestratorEvent } from "./types.js";

const MATH = "Calculate the total stock: Lyon-Depot holds 420 units and gets 130 more.";

function agent(id: string, math: number, reply: (index: number) => ScriptedReply): AgentSpec {
  return {
    id,
    role: `${id} assistant`,
    model: scriptedModel((_call, index) => reply(index), { modelId: id }),
    capabilityPrior: { math },
  };
}

async function orchestra(agents: AgentSpec[], clock?: () => number) {
  const rapo = await Orchestrator.create({
    agents,
    ...(clock ? { clock } : {}),
    config: {
      loop: { autoStart: false },
      routing: { exploration: 0 },
      limits: { modelTimeoutMs: 50 },
      resilience: { retry: { maxRetries: 0 } },
    },
  });
  const failovers: Extract<OrchestratorEvent, { type: "failover" }>[] = [];
  rapo.on("failover", (e) => failovers.push(e));
  return { rapo, failovers };
}

function rateLimited(retryAfterSeconds: string): APICallError {
  return new APICallError({
    message: "Too Many Requests",
    url: "http://provider.test/v1/chat/completions",
    requestBodyValues: {},
    statusCode: 429,
    responseHeaders: { "retry-after": retryAfterSeconds },
    responseBody: '{"error":{"message":"rate limit reached","code":"rate_limit_exceeded"}}',
    isRetryable: true,
  });
}

describe("failure attribution (issue 10)", () => {
  it("a timeout leaves the capability matrix unchanged and is measured as latency", async () => {
    const { rapo, failovers } = await orchestra([
      agent("slow", 0.9, () => ({ hang: true })),
      agent("backup", 0.5, () => "550 units."),
    ]);
    const before = rapo.agent("slow").capability;
    const reply = await rapo.send({ content: MATH });
    expect(reply).toMatchObject({ agentId: "backup", failedOver: ["slow"] });
    expect(failovers[0]?.failureKind).toBe("timeout");
    await rapo.tick();
    expect(rapo.agent("slow").capability).toEqual(before);
    // the timed-out call is a latency sample (≥ the 50 ms timeout)
    expect(rapo.agent("slow").latencyMs).toBeGreaterThanOrEqual(45);
    await rapo.close();
  });

  it("a call abandoned at its timeout still occupies the agent for one more service time", async () => {
    let now = 1_000_000;
    // each call to `slow` takes 100 ms of the orchestrator's clock, then hangs until the timeout
    const slow: AgentSpec = {
      ...agent("slow", 0.9, () => {
        now += 100;
        return { hang: true };
      }),
      capacity: 1,
    };
    const { rapo } = await orchestra([slow, agent("backup", 0.5, () => "550 units.")], () => now);
    expect(await rapo.send({ content: MATH })).toMatchObject({ agentId: "backup", failedOver: ["slow"] });
    // measured 100 ms; the abandoned call is presumed to hold slow's only slot for another 100 ms,
    // so a turn due within 150 ms goes to the backup (counting only calls in flight, slow would
    // be forecast at 100 ms and chosen: 0.9 > 0.5)
    expect(await rapo.send({ content: MATH, deadlineMs: 150 })).toMatchObject({
      agentId: "backup",
      failedOver: [],
    });
    await rapo.close();
  });

  it("a 429 leaves the capability matrix unchanged and backs the agent off for its Retry-After", async () => {
    let now = 1_000_000;
    const { rapo, failovers } = await orchestra(
      [
        agent("busy", 0.9, (i) => (i === 0 ? { error: rateLimited("2") } : "550 units.")),
        agent("backup", 0.5, () => "550 units."),
      ],
      () => now,
    );
    const before = rapo.agent("busy").capability;
    expect(await rapo.send({ content: MATH })).toMatchObject({ agentId: "backup", failedOver: ["busy"] });
    expect(failovers[0]?.failureKind).toBe("rate_limit");
    await rapo.tick();
    expect(rapo.agent("busy").capability).toEqual(before);
    // backed off for 2 s on the orchestrator's clock: the next turn avoids it without calling it
    now += 1999;
    expect(await rapo.send({ content: MATH })).toMatchObject({ agentId: "backup", failedOver: [] });
    now += 2;
    expect(await rapo.send({ content: MATH })).toMatchObject({ agentId: "busy", failedOver: [] });
    await rapo.close();
  });

  it("a wrong answer (feedback 0) and an empty answer lower the capability", async () => {
    const { rapo } = await orchestra([agent("solo", 0.9, (i) => (i === 0 ? "42 units." : "  "))]);
    const wrong = await rapo.send({ content: MATH });
    await rapo.feedback(wrong.turnId, 0);
    await rapo.tick();
    const afterWrong = rapo.agent("solo").capabilityByTask["math"]!;
    expect(afterWrong).toBeLessThan(0.9);
    // the only agent answers blank: the turn fails (issue 12: empty output is a model failure), and
    // the blank answer is the agent's own failure, so it lowers the capability (issue 10)
    await expect(rapo.send({ conversationId: wrong.conversationId, content: MATH })).rejects.toThrow();
    await rapo.tick();
    expect(rapo.agent("solo").capabilityByTask["math"]!).toBeLessThan(afterWrong);
    await rapo.close();
  });

  it("validates a per-turn deadline", async () => {
    const { rapo } = await orchestra([agent("solo", 0.9, () => "ok")]);
    await expect(rapo.send({ content: MATH, deadlineMs: 0 })).rejects.toBeInstanceOf(InputError);
    await expect(rapo.send({ content: MATH, deadlineMs: 5000 })).resolves.toMatchObject({ agentId: "solo" });
    await rapo.close();
  });
});
