/**
 * Issue 10, the never-ended-conversations case, through the public API: three specialists over a
 * declared grammar / knowledge / reasoning taxonomy (prior 0.9 on their own type), 10 turns per
 * conversation, `endConversation` never called — as with any chat UI or OpenAI-style client.
 * Routing must keep agreeing with the obvious specialist; under the paper's load formula the
 * idle conversations pile up in N_a until every agent reads L = 1 and agreement falls to chance.
 *
 * Size: RAPO_NEVER_ENDED_CONVERSATIONS conversations (CI default 300: under the paper formula the
 * collapse starts after ~10 conversations); the acceptance run is 5,000.
 */
import { describe, expect, it } from "vitest";
import type { RapoConfigInput } from "../config/schema.js";
import { scriptedModel } from "../models/scripted-model.js";
import { createPrng } from "../util/random.js";
import { Orchestrator } from "./orchestrator.js";

const CONVERSATIONS = Number(process.env["RAPO_NEVER_ENDED_CONVERSATIONS"] ?? 300);
/** the paper-formula run only shows the collapse: 300 conversations unless asked for more. */
const PAPER_CONVERSATIONS = Number(
  process.env["RAPO_NEVER_ENDED_PAPER_CONVERSATIONS"] ?? Math.min(CONVERSATIONS, 300),
);
const TURNS = 10;
/** test budget: ~2 ms a turn on a busy CI machine, with margin. */
const TIMEOUT_MS = Math.max(60_000, CONVERSATIONS * TURNS * 20);
const TYPES = ["grammar", "knowledge", "reasoning"] as const;

const taxonomy = {
  taskTypes: [
    {
      id: "grammar",
      description: "check or rewrite language, syntax, spelling and style",
      examples: ["Correct the grammar of this sentence", "Fix the spelling in this paragraph"],
    },
    {
      id: "knowledge",
      description: "explain facts about people, places, companies and history",
      examples: ["Who founded the company and when?", "What is the capital of Portugal?"],
    },
    {
      id: "reasoning",
      description: "multi-step logical inference and deduction",
      examples: ["If all depots ship on Monday and Lyon is a depot, when does Lyon ship?"],
    },
  ],
  modalities: [{ id: "text", description: "any message" }],
};

const MESSAGES: Record<(typeof TYPES)[number], string[]> = {
  grammar: [
    "Correct the grammar of this sentence: the depots has many unit.",
    "Fix the spelling in this paragraph: teh warehouse recieved the shipment.",
    "Rewrite this sentence in a better style: shipment late was because of the rain.",
    "Correct the grammar: she don't know where the parcels is.",
  ],
  knowledge: [
    "Who founded the company Lyon-Depot and when?",
    "What is the capital of Portugal?",
    "Explain the history of the port of Marseille.",
    "Who was the first president of the supplier association?",
  ],
  reasoning: [
    "If all depots ship on Monday and Lyon is a depot, when does Lyon ship?",
    "Every supplier that ships late pays a fee; Nice-Store ships late. What follows?",
    "If the truck leaves before the depot opens, and the depot opens at eight, what can we deduce?",
    "All parcels from Paris go through Lyon; this parcel is from Paris. Deduce its route.",
  ],
};

/** Plays the never-ended workload; returns routing agreement and the orchestrator (open). */
async function play(conversations: number, config: RapoConfigInput) {
  let now = 1_000_000;
  const agents = TYPES.map((type) => ({
    id: `${type}-specialist`,
    role: `${type} specialist`,
    model: scriptedModel(() => "Done.", { modelId: type }),
    capabilityPrior: { [type]: 0.9 },
  }));
  const rapo = await Orchestrator.create({
    agents,
    taxonomy,
    clock: () => now,
    config: { ...config, loop: { autoStart: false } },
  });
  const random = createPrng(7);
  let agreed = 0;
  let total = 0;
  for (let c = 0; c < conversations; c++) {
    const conversationId = await rapo.startConversation();
    for (let t = 0; t < TURNS; t++) {
      const type = random.pick(TYPES);
      const messages = MESSAGES[type];
      const reply = await rapo.send({ conversationId, content: random.pick(messages) });
      // agreement with the specialist of the type the turn was classified as: routing, not the classifier
      if (reply.agentId === `${reply.taskType}-specialist`) agreed++;
      total++;
      now += 1; // 1 ms per turn: all conversations stay inside the 60 s idle window
    }
    await rapo.tick();
  }
  return { agreement: agreed / total, rapo, advance: (ms: number) => (now += ms) };
}

describe("never-ended conversations (issue 10)", () => {
  it(
    `keeps routing to the specialist over ${CONVERSATIONS} never-ended conversations; N_a and L_a return to 0 after the idle window`,
    async () => {
      // the load term alone: with the default switching cost (issue 11) a turn whose classification
      // is unsure stays with the serving agent, which this agreement counts as a miss (0.981 on 300
      // and 0.9795 on 5,000 conversations with the defaults; 0.43 with the paper's load formula)
      const { agreement, rapo, advance } = await play(CONVERSATIONS, {
        routing: { posteriorScale: 0, switchCost: 0 },
      });
      console.log(
        `never-ended, deadline load model: agreement ${agreement.toFixed(4)} over ${CONVERSATIONS} conversations`,
      );
      expect(agreement).toBeGreaterThanOrEqual(0.99);
      // never ended, still inside the idle window: they count in N_a
      expect(rapo.agents().reduce((n, a) => n + a.active, 0)).toBeGreaterThan(0);
      advance(rapo.config.routing.activeTtlMs + 1);
      await rapo.tick();
      for (const agent of rapo.agents()) {
        expect(agent.active).toBe(0);
        expect(agent.load).toBe(0);
        expect(agent.inflight).toBe(0);
      }
      await rapo.close();
    },
    TIMEOUT_MS,
  );

  it(
    "collapses under the paper's load formula on the same workload (what the default fixes)",
    async () => {
      const { agreement, rapo } = await play(PAPER_CONVERSATIONS, { routing: { load: "paper" } });
      console.log(`never-ended, paper load formula: agreement ${agreement.toFixed(4)}`);
      expect(agreement).toBeLessThan(0.6);
      await rapo.close();
    },
    TIMEOUT_MS,
  );
});
