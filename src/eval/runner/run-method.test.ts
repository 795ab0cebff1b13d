import { describe, expect, it } from "vitest";
import { factKey, parseFacts } from "../../models/simulated/facts.js";
import { adaptiveRouting, type RoutingPolicy } from "../../routing/router.js";
import { DEFAULT_CAST } from "../cast.js";
import { generateDataset } from "../generator/generate.js";
import { BASELINE } from "../methods/baselines.js";
import { RAPO } from "../methods/rapo-methods.js";
import type { EvalMethod } from "../methods/types.js";
import { loadScenario } from "../scenario/loader.js";
import { generatorOptionsOf } from "../scenario/world.js";
import { verifyTurn } from "../verifier.js";
import { promptText } from "./call-tracking.js";
import { runMethod, type TurnObservation } from "./run-method.js";

const dataset = generateDataset({ conversations: 24, seed: 11 });

async function observe(method: EvalMethod, options: { seed?: number; overhead?: "none" | "measured" } = {}) {
  const turns: TurnObservation[] = [];
  const result = await runMethod(method, dataset, {
    seed: options.seed ?? 5,
    overhead: options.overhead ?? "none",
    // top-k components of P_i: sampled components would make identical prompts across methods rare
    config: { promptSpace: { bandit: { enabled: false } } },
    recordPrompts: true,
    onTurn: (o) => turns.push(o),
  });
  return { result, turns };
}

describe("runMethod", () => {
  it("records every turn of every conversation, in dataset order", async () => {
    const { result } = await observe(BASELINE);
    expect(result.conversations.map((c) => c.conversationId)).toEqual(dataset.map((c) => c.id));
    result.conversations.forEach((run, i) => {
      expect(run.turns).toHaveLength(dataset[i]!.turns.length);
      expect(run.transitions).toBe(run.turns.filter((t) => t.handoff).length);
      expect(run.responseTimeMs).toBeCloseTo(
        run.turns.reduce((s, t) => s + t.latencyMs, 0),
        6,
      );
    });
  });

  it("gives baselines and rapo identical conversations, agents and seeds", async () => {
    const a = await observe(BASELINE);
    const b = await observe(RAPO);
    // same conversations: every model call's last message is the dataset turn's user message
    const lastUser = (o: TurnObservation) => {
      const prompt = o.calls[o.calls.length - 1]!.prompt!;
      const last = prompt[prompt.length - 1]!;
      return last.role === "user" && last.content[0]?.type === "text" ? last.content[0].text : "";
    };
    for (const o of [...a.turns, ...b.turns]) expect(lastUser(o)).toBe(o.turn.user);
    const played = (turns: TurnObservation[]) =>
      turns.map((o) => `${o.conversation.id}#${o.run.index}: ${o.turn.user}`).sort();
    expect(played(a.turns)).toEqual(played(b.turns));
    // same agents and seeds: the same agent sent the same prompt answers identically in both runs
    const answers = new Map<string, string>();
    for (const o of a.turns)
      for (const c of o.calls) if (c.ok) answers.set(`${c.agentId}\u0000${promptText(c.prompt!)}`, c.text!);
    let shared = 0;
    for (const o of b.turns) {
      for (const c of o.calls) {
        const other = c.ok ? answers.get(`${c.agentId}\u0000${promptText(c.prompt!)}`) : undefined;
        if (other === undefined) continue;
        shared++;
        expect(c.text).toBe(other);
      }
    }
    expect(shared).toBeGreaterThan(3);
    // both methods draw on the same cast (which agents each one chooses is its own business)
    const cast = new Set(DEFAULT_CAST.map((m) => m.id));
    for (const o of [...a.turns, ...b.turns]) for (const c of o.calls) expect(cast.has(c.agentId)).toBe(true);
  });

  it("is reproducible: the same seed gives the same numbers with 8 conversations in flight", async () => {
    const first = await runMethod(RAPO, dataset, { seed: 5, overhead: "none", concurrency: 8 });
    const second = await runMethod(RAPO, dataset, { seed: 5, overhead: "none", concurrency: 8 });
    expect(second).toEqual(first);
    const other = await runMethod(RAPO, dataset, { seed: 6, overhead: "none", concurrency: 8 });
    expect(other).not.toEqual(first);
  });

  it("measured wall time never changes a number: latencies are simulated, wall time is reported apart", async () => {
    const strip = (r: Awaited<ReturnType<typeof runMethod>>) =>
      r.conversations.map((c) => ({ ...c, turns: c.turns.map(({ wallMs: _, ...t }) => t) }));
    const a = await runMethod(BASELINE, dataset, { seed: 5 });
    const b = await runMethod(BASELINE, dataset, { seed: 5, overhead: "none" });
    expect(strip(a)).toEqual(strip(b));
    for (const c of a.conversations) for (const t of c.turns) expect(t.wallMs).toBeGreaterThanOrEqual(0);
    for (const c of b.conversations) for (const t of c.turns) expect(t.wallMs).toBeUndefined();
  });

  it("queues calls: concurrent conversations make turns slower than one at a time", async () => {
    const mean = (r: Awaited<ReturnType<typeof runMethod>>) =>
      r.conversations.reduce((s, c) => s + c.responseTimeMs, 0) / r.conversations.length;
    const alone = await runMethod(BASELINE, dataset, { seed: 5, overhead: "none", concurrency: 1 });
    const crowded = await runMethod(BASELINE, dataset, { seed: 5, overhead: "none", concurrency: 16 });
    expect(mean(crowded)).toBeGreaterThan(mean(alone) * 1.05);
  });

  it("never lets a model use a fact that is missing from its prompt", async () => {
    const { turns } = await observe(BASELINE);
    let missing = 0;
    for (const o of turns) {
      for (const c of o.calls) {
        if (!c.ok) continue;
        const seen = promptText(c.prompt!);
        const known = new Set(parseFacts(seen).map((f) => factKey(f.fact)));
        for (const { fact } of parseFacts(c.text!)) expect(known.has(factKey(fact))).toBe(true);
      }
      // a required turn whose needed fact never reached the prompt, and whose result appears nowhere in it, cannot be right
      const answered = o.calls.filter((c) => c.ok).at(-1);
      if (!answered || !o.run.required || o.turn.expected.result === null) continue;
      const seen = promptText(answered.prompt!);
      const known = new Set(parseFacts(seen).map((f) => factKey(f.fact)));
      const lacks = o.turn.expected.neededFacts.some((s) =>
        parseFacts(s).some((f) => !known.has(factKey(f.fact))),
      );
      if (!lacks || seen.includes(o.turn.expected.result)) continue;
      missing++;
      expect(verifyTurn(o.turn, o.run.answer).correct).toBe(false);
    }
    // the baseline's memory window really drops facts, so the check above was exercised
    expect(missing).toBeGreaterThan(3);
  });

  it("rejects an empty dataset and duplicate conversation ids", async () => {
    await expect(runMethod(BASELINE, [], { seed: 1 })).rejects.toMatchObject({ code: "no_conversations" });
    const twice = [dataset[0]!, dataset[0]!];
    await expect(runMethod(BASELINE, twice, { seed: 1 })).rejects.toMatchObject({ code: "invalid_dataset" });
  });

  it("sends the scenario's client deadline with every turn, so routing sees it", async () => {
    const scenario = await loadScenario("contended");
    const deadlines: number[] = [];
    const recording: RoutingPolicy = {
      name: "recording",
      select: (table, candidates, query, routing) => {
        deadlines.push(query.deadlineMs ?? Number.NaN);
        return adaptiveRouting.select(table, candidates, query, routing);
      },
    };
    const method: EvalMethod = {
      ...RAPO,
      id: "rapo-recording",
      build: () => ({ config: {}, routing: recording }),
    };
    const data = generateDataset(generatorOptionsOf(scenario, 4, 3));
    await runMethod(method, data, { seed: 3, scenario, concurrency: 4, overhead: "none" });
    expect(deadlines.length).toBeGreaterThan(8);
    // the deadline runs from the turn's arrival: the first routing of a turn sees all of it,
    // a failover what is left; never the model timeout (30 s) that applies without a deadline
    expect(Math.max(...deadlines)).toBe(scenario.deadline.turnMs);
    for (const d of deadlines) expect(d).toBeLessThanOrEqual(1500);
  });
});
