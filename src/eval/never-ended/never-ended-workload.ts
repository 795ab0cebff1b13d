/**
 * @module eval/never-ended/never-ended-workload
 * Issue 10's never-ended-conversations workload, through the public API: three specialists over
 * a declared grammar / knowledge / reasoning taxonomy (prior 0.9 on their own type), 10 turns
 * per conversation of independently drawn types, `endConversation` never called — as with any
 * chat UI or OpenAI-style client. Routing agreement is the share of turns answered by the
 * specialist of the type the turn was classified as. Shared by `src/runtime/never-ended.test.ts`
 * and `npm run bench:never-ended` (the issue's 5,000-conversation run).
 */
import type { RapoConfigInput } from "../../config/schema.js";
import { scriptedModel } from "../../models/scripted-model.js";
import { Orchestrator } from "../../runtime/orchestrator.js";
import { createPrng } from "../../util/random.js";

/** Turns per conversation. */
export const NEVER_ENDED_TURNS = 10;

/** The declared task types. */
export const NEVER_ENDED_TYPES = ["grammar", "knowledge", "reasoning"] as const;

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

const MESSAGES: Record<(typeof NEVER_ENDED_TYPES)[number], string[]> = {
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

/** Result of {@link playNeverEnded}: agreement, the (open) orchestrator and its clock. */
export interface NeverEndedRun {
  /** share of turns routed to the specialist of the turn's classified type. */
  agreement: number;
  /** turns played. */
  turns: number;
  /** turns whose classified type differs from the type drawn for the message. */
  misclassified: number;
  rapo: Orchestrator;
  /** moves the orchestrator's clock forward by `ms`. */
  advance(ms: number): void;
}

/**
 * Plays `conversations` never-ended conversations (1 ms of clock per turn, so all stay inside
 * the idle window) and returns the routing agreement. The caller closes `rapo`.
 */
export async function playNeverEnded(
  conversations: number,
  config: RapoConfigInput,
  onConversation?: (done: number, agreement: number) => void,
): Promise<NeverEndedRun> {
  let now = 1_000_000;
  const agents = NEVER_ENDED_TYPES.map((type) => ({
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
  let misclassified = 0;
  for (let c = 0; c < conversations; c++) {
    const conversationId = await rapo.startConversation();
    for (let t = 0; t < NEVER_ENDED_TURNS; t++) {
      const type = random.pick(NEVER_ENDED_TYPES);
      const reply = await rapo.send({ conversationId, content: random.pick(MESSAGES[type]) });
      // agreement with the specialist of the type the turn was classified as: routing, not the classifier
      if (reply.agentId === `${reply.taskType}-specialist`) agreed++;
      if (reply.taskType !== type) misclassified++;
      total++;
      now += 1;
    }
    await rapo.tick();
    onConversation?.(c + 1, agreed / total);
  }
  return {
    agreement: agreed / total,
    turns: total,
    misclassified,
    rapo,
    advance: (ms: number) => {
      now += ms;
    },
  };
}
