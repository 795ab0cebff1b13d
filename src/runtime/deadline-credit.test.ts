/**
 * Issue 10, the `contended` measurement: prompts are credited with what the user got, and a
 * failed call's turn is routed again.
 * - The turn path tells the prompt space how each call ended against its turn's deadline
 *   (`on_time`, `late`, `timeout`); a call that starts after the deadline passed is not late by
 *   its own doing.
 * - The component bandit credits 0 to the components of a timed-out call at once, and 0 instead
 *   of the verified outcome to those of a late answer (`promptSpace.bandit.deadlineOutcomes`).
 * - `routing.failover: "route"` hands a failed turn to the best remaining agent for the turn,
 *   `"similar"` to the agent whose capabilities look most like the failed one's.
 */
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../config/resolve.js";
import type { RapoConfigInput } from "../config/schema.js";
import { type ScriptedReply, scriptedModel } from "../models/scripted-model.js";
import { LocalEmbedder } from "../state/embedding.js";
import { PromptSpace } from "../state/prompt-space.js";
import type { AgentRuntime } from "./agent-runtime.js";
import { ComponentChoice } from "./component-choice.js";
import { Orchestrator } from "./orchestrator.js";
import type { CallTiming } from "./prompt-builder.js";
import { randomPrompts } from "./prompt-vectors.js";
import type { AgentSpec } from "./types.js";

const MATH = "Calculate the total stock: Lyon-Depot holds 420 units and gets 130 more.";

function agent(
  id: string,
  capabilityPrior: Record<string, number>,
  reply: (index: number) => ScriptedReply,
): AgentSpec {
  return {
    id,
    role: `${id} assistant`,
    model: scriptedModel((_c, i) => reply(i), { modelId: id }),
    capabilityPrior,
  };
}

async function orchestra(agents: AgentSpec[], clock: () => number, config: RapoConfigInput = {}) {
  const timings: [string, CallTiming][] = [];
  const base: RapoConfigInput = {
    loop: { autoStart: false },
    routing: { exploration: 0, learnCapabilities: false, ...config.routing },
    limits: { modelTimeoutMs: 1_000 },
    resilience: { retry: { maxRetries: 0 } },
  };
  const prompts = {
    ...randomPrompts(resolveConfig(base)),
    callTimed: (a: AgentRuntime, _conversation: string, timing: CallTiming) => timings.push([a.id, timing]),
  };
  const rapo = await Orchestrator.create({ agents, clock, prompts, config: base });
  return { rapo, timings };
}

describe("call timing reaches the prompt space (issue 10)", () => {
  it("reports on_time, late and timeout against the turn's deadline", async () => {
    let now = 1_000_000;
    let cost = 0;
    const { rapo, timings } = await orchestra(
      [
        agent("solo", { math: 0.9 }, () => {
          now += cost;
          return "550 units.";
        }),
      ],
      () => now,
    );
    cost = 100;
    await rapo.send({ content: MATH, deadlineMs: 500 });
    cost = 600;
    await rapo.send({ content: MATH, deadlineMs: 500 });
    expect(timings).toEqual([
      ["solo", "on_time"],
      ["solo", "late"],
    ]);
    await rapo.close();
  });

  it("a timed-out call is `timeout`; its failover, started after the deadline, is not late by its own doing", async () => {
    let now = 1_000_000;
    const { rapo, timings } = await orchestra(
      [
        agent("slow", { math: 0.95 }, () => {
          now += 1_000;
          return { hang: true };
        }),
        agent("backup", { math: 0.5 }, () => {
          now += 100;
          return "550 units.";
        }),
      ],
      () => now,
      { routing: { failover: "similar" } },
    );
    // the scripted model hangs until the 1 s model timeout (real time is short: 1,000 ms is long
    // enough for the test, and the simulated clock already passed the 800 ms deadline)
    const reply = await rapo.send({ content: MATH, deadlineMs: 800 });
    expect(reply).toMatchObject({ agentId: "backup", failedOver: ["slow"] });
    expect(timings).toEqual([
      ["slow", "timeout"],
      ["backup", "on_time"],
    ]);
    await rapo.close();
  }, 10_000);
});

describe("routing.failover (issue 10)", () => {
  const cast = () => {
    let calls = 0;
    return [
      // the best agent for math fails its first call
      agent("busy", { math: 0.95, grammar: 0.9 }, () =>
        calls++ === 0 ? { error: new Error("reset") } : "550 units.",
      ),
      // capabilities like busy's, poor at math
      agent("twin", { math: 0.3, grammar: 0.9 }, () => "550 units."),
      // good at math, otherwise unlike busy
      agent("solver", { math: 0.9, grammar: 0.1 }, () => "550 units."),
    ];
  };

  it("`route` hands the failed turn to the best remaining agent for it", async () => {
    const { rapo } = await orchestra(cast(), () => 0, { routing: { failover: "route" } });
    expect(await rapo.send({ content: MATH })).toMatchObject({ agentId: "solver", failedOver: ["busy"] });
    await rapo.close();
  });

  it("`similar` (SPEC §7) hands it to the agent whose capabilities look most like the failed one's", async () => {
    const { rapo } = await orchestra(cast(), () => 0, { routing: { failover: "similar" } });
    expect(await rapo.send({ content: MATH })).toMatchObject({ agentId: "twin", failedOver: ["busy"] });
    await rapo.close();
  });
});

describe("component credit under a deadline (issue 10)", () => {
  function setup(deadlineOutcomes: boolean) {
    const config = resolveConfig({ promptSpace: { bandit: { deadlineOutcomes } } });
    const space = PromptSpace.createSync({
      embedder: LocalEmbedder.fromConfig(config),
      dim: config.state.promptDim,
      seed: config.state.seed,
      topK: config.promptSpace.topK,
      threshold: config.promptSpace.threshold,
    });
    const agent = {
      index: 0,
      learned: { prompt: space.initialVector("Reasoning specialist", undefined, 1) },
    } as unknown as AgentRuntime;
    const choice = new ComponentChoice(space, config, () => agent);
    return { choice, agent };
  }

  /** The outcome the bandit recorded for one verified success of a turn whose call ended `timing`. */
  function creditOf(deadlineOutcomes: boolean, timing: CallTiming | null): number | undefined {
    const { choice, agent } = setup(deadlineOutcomes);
    expect(choice.choose(agent, "c").length).toBeGreaterThan(0);
    if (timing !== null) choice.timed(agent, "c", timing);
    choice.observe({
      agentIndex: 0,
      task: 0,
      modality: 0,
      outcome: 1,
      source: "verifier",
      conversationId: "c",
    });
    // the first outcome an agent records is its baseline
    const state = choice.bandit.snapshot().agents.find((a) => a.index === 0);
    return state?.outcomes === 1 ? state.baseline : undefined;
  }

  it("a timed-out call credits 0 to what its prompt carried, at once; its late verified outcome is never counted", () => {
    const { choice, agent } = setup(true);
    choice.choose(agent, "c");
    choice.timed(agent, "c", "timeout");
    expect(choice.bandit.outcomes(0)).toBe(1);
    // the choice is settled: a verified outcome arriving later for the same key is not credited again
    choice.observe({
      agentIndex: 0,
      task: 0,
      modality: 0,
      outcome: 1,
      source: "verifier",
      conversationId: "c",
    });
    expect(choice.bandit.outcomes(0)).toBe(1);
  });

  it("a late answer's verified success counts as a failure; on time it counts as given", () => {
    expect(creditOf(true, "late")).toBe(0);
    expect(creditOf(true, "on_time")).toBe(1);
    expect(creditOf(true, null)).toBe(1);
  });

  it("with deadlineOutcomes off, timing changes nothing", () => {
    expect(creditOf(false, "late")).toBe(1);
    const { choice, agent } = setup(false);
    choice.choose(agent, "c");
    choice.timed(agent, "c", "timeout");
    expect(choice.bandit.outcomes(0)).toBe(0);
  });
});
