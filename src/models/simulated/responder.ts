/**
 * @module models/simulated/responder
 * The simulated model's mind: given its profile and the prompt it was sent (nothing else), what
 * does it answer? Pure and deterministic: every random choice is drawn from a PRNG keyed on the
 * agent's seed and the hash of the prompt.
 */

import { mixSeeds } from "../../util/hash.js";
import { createPrng, type Prng } from "../../util/random.js";
import { planAnswer } from "./answer-plan.js";
import { type DirectiveSet, detectDirectives } from "./directives.js";
import { entitiesIn, type Fact, formatList } from "./facts.js";
import type { PromptView } from "./prompt-view.js";
import { parseQuestion, type Question } from "./question-language.js";
import { chooseStyle, type Style } from "./style.js";
import type { TaskDetector } from "./task-detection.js";
import { capitalise, renderPlan, restateLine } from "./wording.js";

/** What the responder needs to know about the agent. */
export interface ResponderProfile {
  seed: number;
  /** hidden success probability per task type. */
  skills: Readonly<Record<string, number>>;
  defaultSkill: number;
  /** probability of using pronouns when not told to name entities. */
  pronounRate: number;
  detectTask: TaskDetector;
}

/** The answer and what the model itself noticed about the turn. */
export interface Reply {
  text: string;
  /** task type the model detected in the last user message. */
  taskType: string;
  /** answered a question, asked for clarification, or chatted (greeting, acknowledgement…). */
  kind: "answer" | "clarify" | "chat";
}

/** Answers the prompt seen through `view`. */
export function respond(profile: ResponderProfile, view: PromptView): Reply {
  const taskType = profile.detectTask(view.lastUser);
  const rng = createPrng(mixSeeds(profile.seed, view.hash));
  const directives = detectDirectives(view.system);
  const style = chooseStyle(directives, profile.seed, profile.pronounRate, rng);
  const question = parseQuestion(view.lastUser);
  if (question) return answerQuestion(profile, view, question, { taskType, directives, style, rng });
  return { text: chat(view, style), taskType, kind: "chat" };
}

interface TurnContext {
  taskType: string;
  directives: DirectiveSet;
  style: Style;
  rng: Prng;
}

function answerQuestion(
  profile: ResponderProfile,
  view: PromptView,
  question: Question,
  ctx: TurnContext,
): Reply {
  const skill = profile.skills[ctx.taskType] ?? profile.defaultSkill;
  const succeed = ctx.rng.next() < skill;
  const plan = planAnswer(
    question,
    view.book,
    { succeed, askWhenMissing: ctx.directives.askWhenMissing },
    ctx.rng,
  );
  const subjects = new Set(question.entities);
  if (plan.kind === "answer") for (const f of plan.cited) for (const e of entitiesOf(f)) subjects.add(e);
  const restated =
    ctx.style.concise && plan.kind === "answer" ? plan.cited : view.facts.filter((f) => touches(f, subjects));
  return {
    text: renderPlan(plan, ctx.style, restated, view.sourceOf),
    taskType: ctx.taskType,
    kind: plan.kind === "clarify" ? "clarify" : "answer",
  };
}

function entitiesOf(fact: Fact): string[] {
  return fact.kind === "attribute" ? [fact.entity] : [fact.supplier, fact.customer];
}

function touches(fact: Fact, entities: ReadonlySet<string>): boolean {
  return entitiesOf(fact).some((e) => entities.has(e));
}

const GREETING = /\b(hello|hi|hey|good (morning|afternoon|evening))\b/i;
const CLOSING = /\b(thanks|thank you|bye|goodbye)\b/i;

/** Replies to a turn that asks nothing: new facts are acknowledged, greetings returned. */
function chat(view: PromptView, style: Style): string {
  const mentioned = new Set(entitiesIn(view.lastUser));
  const stated = view.facts.filter((f) => touches(f, mentioned));
  if (stated.length > 0 && mentioned.size > 0) return acknowledge(view, stated, [...mentioned], style);
  if (CLOSING.test(view.lastUser))
    return pick(style, ["You are welcome. Goodbye!", "Glad to help, bye.", "My pleasure, take care."]);
  if (GREETING.test(view.lastUser)) {
    return pick(style, [
      "Hello! How can I help you today?",
      "Hi, what can I do for you?",
      "Good day, how may I assist you?",
    ]);
  }
  return pick(style, ["Understood.", "All right, noted.", "I see."]);
}

function acknowledge(view: PromptView, stated: Fact[], entities: string[], style: Style): string {
  const newFacts =
    stated.filter((f) => view.sourceOf(f) === `turn ${view.messages.length}`).length || stated.length;
  const about = style.names ? formatList(entities) : "them";
  const line = style.concise
    ? "Noted."
    : pick(style, [
        `Noted: ${newFacts} facts about ${about}.`,
        `Got it, ${newFacts} facts recorded on ${about}.`,
        `Thank you, I have logged ${newFacts} facts for ${about}.`,
      ]);
  return style.restate ? `${restateLine(stated, style, view.sourceOf)}\n${capitalise(line)}` : line;
}

function pick(style: Style, options: readonly [string, string, string]): string {
  return options[style.variant];
}
