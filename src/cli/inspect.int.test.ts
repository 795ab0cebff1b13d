/** `rapo inspect` and `rapo demo --store` in-process: counts, capability matrices, failovers, resumed runs. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scriptedModel } from "../models/scripted-model.js";
import { Orchestrator } from "../runtime/orchestrator.js";
import { runDemo } from "./demo.js";
import { inspect } from "./inspect.js";

const dir = mkdtempSync(join(tmpdir(), "rapo-inspect-"));

async function view(options: { store: string; conversation?: string; limit?: number; json?: boolean }) {
  const lines: string[] = [];
  await inspect({ limit: 50, json: false, ...options }, (line) => lines.push(line));
  return lines.join("\n");
}

describe("rapo inspect", () => {
  it("counts every conversation even when --limit shows fewer, and labels the capability matrices", async () => {
    const store = join(dir, "counts.sqlite");
    const rapo = await Orchestrator.create({
      agents: [{ id: "solo", role: "generalist", model: scriptedModel(() => "fine") }],
      store: { sqlite: store },
      config: { loop: { autoStart: false }, consensus: { enabled: false } },
    });
    for (let i = 0; i < 5; i++) {
      const reply = await rapo.send({ content: `How many units are in depot ${i}?` });
      await rapo.feedback(reply.turnId, 1);
    }
    await rapo.tick();
    await rapo.close();

    const text = await view({ store, limit: 2 });
    expect(text).toContain("store: 5 conversations, 5 turns, 1 agent states");
    expect(text).toContain("the 2 most recent shown (--limit)");
    expect(text).toContain("solo: 5 turns");
    expect(text).toMatch(/learned capability: rows = task types/);
    expect(text).toMatch(/^retrieval\s+\S{5}$/m);

    const json = JSON.parse(await view({ store, limit: 2, json: true })) as {
      totals: { conversations: number; turns: number };
      conversations: string[];
      agents: {
        agentId: string;
        capability: { taskTypes: string[]; modalities: string[]; values: number[][] };
      }[];
    };
    expect(json.totals).toMatchObject({ conversations: 5, turns: 5 });
    expect(json.conversations).toHaveLength(2);
    const matrix = json.agents[0]!.capability;
    expect(matrix.taskTypes).toHaveLength(10);
    expect(matrix.modalities).toEqual(["question", "instruction", "narrative", "dialogue", "structured"]);
    expect(matrix.values.map((row) => row.length)).toEqual(Array(10).fill(5));
    // positive feedback on retrieval questions raised that row above the 0.5 prior
    expect(Math.max(...matrix.values[matrix.taskTypes.indexOf("retrieval")]!)).toBeGreaterThan(0.5);
  });

  it("labels the matrix with the application's own taxonomy", async () => {
    const store = join(dir, "taxonomy.sqlite");
    const rapo = await Orchestrator.create({
      agents: [{ id: "desk", role: "support", model: scriptedModel(() => "refunded") }],
      store: { sqlite: store },
      taxonomy: {
        taskTypes: [
          { id: "billing", description: "invoices and refunds", examples: ["I was charged twice"] },
          { id: "shipping", description: "deliveries", examples: ["Where is my parcel?"] },
        ],
        modalities: [{ id: "text", description: "any message" }],
      },
      config: { loop: { autoStart: false }, consensus: { enabled: false } },
    });
    await rapo.send({ content: "I was charged twice for order 12" });
    await rapo.close();
    const text = await view({ store });
    expect(text).toContain("one column per modality (text)");
    expect(text).toMatch(/^billing\s+/m);
    expect(text).toMatch(/^shipping\s+/m);
  });

  it("shows a failover as a failover, with the agent that failed, not as a handoff", async () => {
    const store = join(dir, "failover.sqlite");
    const broken = scriptedModel([{ text: "fine" }, { error: new Error("provider down") }], {
      modelId: "broken",
    });
    const rapo = await Orchestrator.create({
      agents: [
        { id: "broken", role: "math", model: broken, capabilityPrior: { math: 0.99, creative: 0.2 } },
        { id: "backup", role: "math too", model: scriptedModel(() => "7"), capabilityPrior: { math: 0.6 } },
      ],
      store: { sqlite: store },
      config: { loop: { autoStart: false }, routing: { exploration: 0 } },
    });
    const first = await rapo.send({ content: "Calculate the total of 3 and 4." });
    const second = await rapo.send({
      conversationId: first.conversationId,
      content: "Now the average of 3 and 4.",
    });
    expect(second.failedOver).toEqual(["broken"]);
    await rapo.close();
    const text = await view({ store, conversation: first.conversationId });
    expect(text).toMatch(
      /#1 answered backup \(\w+\) \[failover from broken: broken failed; \d+ facts, \d+ turns carried\]/,
    );
    expect(text).not.toContain("[handoff");
    const json = JSON.parse(await view({ store, conversation: first.conversationId, json: true })) as {
      turns: { failedOver: string[]; handoff: { reason: string } | null }[];
    };
    expect(json.turns[1]).toMatchObject({ failedOver: ["broken"], handoff: { reason: "failover" } });
  });
});

describe("rapo demo --store", () => {
  it("says when it resumed, and separates this run's turns from the total learned from", async () => {
    const store = join(dir, "demo.sqlite");
    const run = async () => {
      const lines: string[] = [];
      await runDemo({ conversations: 2, seed: 5, store, json: true }, (l) => lines.push(l));
      return JSON.parse(lines.join("\n")) as {
        turns: number;
        resumed: { store: string; earlierTurns: number } | null;
        agents: { turns: number; totalTurns: number }[];
      };
    };
    const first = await run();
    expect(first.resumed).toBeNull();
    expect(first.agents.every((a) => a.turns === a.totalTurns)).toBe(true);
    const second = await run();
    expect(second.resumed).toEqual({ store, earlierTurns: first.turns });
    expect(second.agents.reduce((n, a) => n + a.turns, 0)).toBe(second.turns);
    expect(second.agents.reduce((n, a) => n + a.totalTurns, 0)).toBe(first.turns + second.turns);

    const lines: string[] = [];
    await runDemo({ conversations: 1, seed: 5, store, json: false }, (l) => lines.push(l));
    const text = lines.join("\n");
    expect(text).toContain(
      `resumed from ${store}: the agents had learned from ${first.turns + second.turns} turns`,
    );
    expect(text).toMatch(/turns \(run\)\s+\(total\)\s+handoffs in \(run\)/);
  });
});
