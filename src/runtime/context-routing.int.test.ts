/**
 * C_i feeds routing in the default runtime (issue 17): the context stage hands each recomputed
 * C_i to the contextual model, routing reads the turn's similarity to every candidate's C_i, the
 * outcome carries the similarity routing saw, and θ learns from it. The world below rewards only
 * what C_i holds: two agents alike in every declaration, one-turn conversations on two topics of
 * the same task type, and a turn succeeds only on the agent whose previous turn was on its topic.
 * With the feature, rapo learns θ > 0 and sends most turns to that agent; with it off
 * (`routing.contextSketchDim: 0`) — or any link of the chain unwired — it cannot tell them apart.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scriptedModel } from "../models/scripted-model.js";
import { Orchestrator } from "./orchestrator.js";

const TOPICS = [
  "How many pallets of copper cable are stored in the Lyon warehouse for the Renault order?",
  "How many crates of fresh mangoes did the Oslo harbour receive for the bakery festival?",
];

const open = (contextSketchDim: number, store?: { sqlite: string }, ids = ["a", "b"]) =>
  Orchestrator.create({
    agents: ids.map((id) => ({ id, role: "assistant", model: scriptedModel(() => "Noted.") })),
    config: { loop: { autoStart: false }, learning: { enabled: false }, routing: { contextSketchDim } },
    ...(store ? { store } : {}),
  });

async function play(
  contextSketchDim: number,
  store?: { sqlite: string },
): Promise<{ theta: number; matched: number; posterior: Uint8Array }> {
  const rapo = await open(contextSketchDim, store);
  const lastTopic = new Map<string, number>();
  let matched = 0;
  const turns = 240;
  const scored = 80;
  for (let i = 0; i < turns; i++) {
    const topic = (i * 7 + (i >> 2)) % 2; // both topics, in no short cycle
    const conversationId = await rapo.startConversation();
    const reply = await rapo.send({ conversationId, content: TOPICS[topic]! });
    const match = lastTopic.get(reply.agentId) === topic;
    if (i >= turns - scored && match) matched++;
    lastTopic.set(reply.agentId, topic);
    await rapo.feedback(reply.turnId, match ? 1 : 0);
    await rapo.tick(); // applies the outcome, recomputes C_i
  }
  await rapo.close();
  const model = rapo.internals.agents.table.contextual!;
  return { theta: model.contextEffect(), matched: matched / scored, posterior: model.serialize() };
}

describe("C_i in the routing features (issue 17)", () => {
  it("routes a turn to the agent whose context holds its topic once outcomes show it matters", async () => {
    const wired = await play(16);
    expect(wired.theta).toBeGreaterThan(0.5);
    expect(wired.matched).toBeGreaterThan(0.8);
    const off = await play(0);
    expect(off.theta).toBe(0);
    expect(off.matched).toBeLessThan(0.7);
  }, 120_000);

  it("close() saves the routing model's evidence, θ included; a restart on the same file reads it back", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "rapo-ctx-")), "state.sqlite");
    const learned = await play(16, { sqlite: path });
    expect(learned.theta).toBeGreaterThan(0.5);
    const again = await open(16, { sqlite: path });
    const model = again.internals.agents.table.contextual!;
    expect(model.contextEffect()).toBe(learned.theta);
    expect(model.serialize()).toEqual(learned.posterior);
    await again.close();
  }, 120_000);

  it("a restart with the agents in another order starts from priors: rows are never handed to another agent", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "rapo-ctx-")), "state.sqlite");
    const learned = await play(16, { sqlite: path });
    const fresh = await open(16);
    const priors = fresh.internals.agents.table.contextual!.serialize();
    await fresh.close();
    const swapped = await open(16, { sqlite: path }, ["b", "a"]);
    const model = swapped.internals.agents.table.contextual!;
    expect(model.serialize()).toEqual(priors);
    expect(model.serialize()).not.toEqual(learned.posterior);
    await swapped.close();
  }, 120_000);
});
