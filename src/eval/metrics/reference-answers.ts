/**
 * @module eval/metrics/reference-answers
 * Reference answers for reference ROUGE-L (issue 9): for every turn of a dataset, what an oracle
 * agent answers with full context — a simulated agent that masters every task type (skill 1, no
 * faults, names entities) and sees the application prompt and the conversation's whole transcript
 * (every earlier user message and its own earlier answers). It reads the user messages only,
 * never the answer key, and is independent of the methods, so it is computed once per dataset
 * and every method's answers are scored against the same references.
 */
import type { LanguageModelV3Prompt } from "@ai-sdk/provider";
import { simulatedModel } from "../../models/simulated/simulated-model.js";
import type { SyntheticConversation } from "../generator/types.js";
import { APPLICATION_PROMPT } from "../methods/application-prompt.js";

/** One turn as the reference oracle played it. */
export interface ReferenceTurn {
  /** the user message (public: every method sees it). */
  user: string;
  /** the full-context oracle's answer. */
  answer: string;
}

/** Reference turns per conversation id, in turn order. */
export type ReferenceAnswers = ReadonlyMap<string, readonly ReferenceTurn[]>;

/** Options of {@link referenceAnswers}. */
export interface ReferenceOptions {
  /** seed of the oracle agent's wording (default 0). */
  seed?: number;
}

/** The oracle's role line (its system prompt is this plus the application prompt). */
export const REFERENCE_ROLE = "You are an expert assistant with the whole conversation in front of you.";

/** Plays every conversation of `dataset` through the full-context oracle agent. */
export async function referenceAnswers(
  dataset: readonly SyntheticConversation[],
  options: ReferenceOptions = {},
): Promise<ReferenceAnswers> {
  const model = simulatedModel({
    id: "reference-oracle",
    seed: options.seed ?? 0,
    defaultSkill: 1,
    latency: { baseMs: 0, perTokenMs: 0, jitterMs: 0 },
    faults: { errorRate: 0, hangRate: 0 },
    pronounRate: 0,
    capacity: 1_000,
  });
  const out = new Map<string, ReferenceTurn[]>();
  for (const conversation of dataset) {
    const prompt: LanguageModelV3Prompt = [
      { role: "system", content: `${REFERENCE_ROLE}\n${APPLICATION_PROMPT}` },
    ];
    const answers: ReferenceTurn[] = [];
    for (const turn of conversation.turns) {
      prompt.push({ role: "user", content: [{ type: "text", text: turn.user }] });
      const result = await model.doGenerate({ prompt: [...prompt] });
      const text = result.content.map((p) => (p.type === "text" ? p.text : "")).join("");
      answers.push({ user: turn.user, answer: text });
      prompt.push({ role: "assistant", content: [{ type: "text", text }] });
    }
    out.set(conversation.id, answers);
  }
  return out;
}
