/**
 * @module eval/generator/conversation-builder
 * Builds one synthetic conversation: samples its length and states (the FSM), its hidden world,
 * then writes each turn in order. Information turns state facts; later questions need them, so
 * an agent that receives the conversation mid-way must be handed those facts. Triggered turns
 * exceed exactly one complexity threshold and carry the cue words of that specialist.
 */
import { entitiesIn, type Fact, formatFact } from "../../models/simulated/fact-language.js";
import { mixSeeds } from "../../util/hash.js";
import { createPrng, type Prng } from "../../util/random.js";
import { CONTEXT_MAX_FACTS, entitiesOfFact, FactSchedule, INFO_MAX_FACTS } from "./fact-schedule.js";
import { expand, tidy } from "./grammar.js";
import type { GeneratorOptions } from "./options.js";
import { type PickContext, type PickedQuestion, pickQuestion, type QuestionKind } from "./question-picker.js";
import { sampleLength, sampleStates } from "./state-machine.js";
import type {
  ExpectedAnswer,
  SpecialistTrigger,
  SyntheticConversation,
  SyntheticTurn,
  TurnComplexity,
  TurnState,
} from "./types.js";
import { buildWorld, relationBounds, type World } from "./world.js";

/** Seed tasks, in the order of `taskMix`. */
const SEED_TASKS = ["retrieval", "problem_solving", "creative"] as const;
type SeedTask = (typeof SEED_TASKS)[number];

const INFO_RULE: Record<SeedTask, string> = {
  retrieval: "R_INFO_RETRIEVAL",
  problem_solving: "R_INFO_PROBLEM_SOLVING",
  creative: "R_INFO_CREATIVE",
};
const TRIGGER_RULE: Record<SpecialistTrigger, string> = {
  grammar: "T_GRAMMAR",
  knowledge: "T_KNOWLEDGE",
  reasoning: "T_REASONING",
};

/** The FSM shared by all conversations of a dataset. */
export interface FsmSetup {
  mix: number[];
  matrix: number[][];
}

/** SPEC §10: the specialist a turn's complexity triggers (first threshold exceeded, in SPEC order). */
export function triggerOf(c: TurnComplexity, t: GeneratorOptions["triggers"]): SpecialistTrigger | null {
  if (c.syntacticDepth > t.grammarDepth) return "grammar";
  if (c.entityCount > t.knowledgeEntities) return "knowledge";
  if (c.inferenceSteps > t.reasoningSteps) return "reasoning";
  return null;
}

/** Builds conversation number `index` of the dataset (independent of how many are generated). */
export function buildConversation(
  index: number,
  options: GeneratorOptions,
  fsm: FsmSetup,
): SyntheticConversation {
  const rng = createPrng(mixSeeds(options.seed, index));
  const length = sampleLength(rng, options.minTurns, options.maxTurns, options.lengthSkew);
  const states = sampleStates(rng, length, fsm.mix, fsm.matrix);
  const seedTask = pickTask(rng, options);
  const world = planWorld(rng, states, options);
  const writer = new TurnWriter(rng, world, options, states, seedTask);
  const turns = states.map((state, i) => writer.write(state, i));
  for (const [i, t] of turns.entries()) t.topicShift = i > 0 && t.specialist !== turns[i - 1]!.specialist;
  const stated = writer.facts.stated();
  return {
    id: `syn-${options.seed}-${String(index).padStart(4, "0")}`,
    seedTask,
    turns,
    complexity: { entities: new Set(stated.flatMap(entitiesOfFact)).size, relations: stated.length },
    transitions: turns.filter((t) => t.topicShift).length,
  };
}

function pickTask(rng: Prng, options: GeneratorOptions): SeedTask {
  return SEED_TASKS[rng.weighted(SEED_TASKS.map((t) => options.taskMix[t]))]!;
}

/** Sizes the world to what the conversation's information turns can state. */
function planWorld(rng: Prng, states: TurnState[], options: GeneratorOptions): World {
  const infoTurns = states.filter((s) => s === "information").length;
  const capacity = infoTurns * INFO_MAX_FACTS + CONTEXT_MAX_FACTS;
  const span = Math.max(1, options.maxTurns - options.minTurns);
  const lengthShare = (states.length - options.minTurns) / span;
  const { min: eMin, max: eMax } = options.entities;
  let entities = clamp(Math.round(eMin + (eMax - eMin) * (0.7 * lengthShare + 0.3 * rng.next())), eMin, eMax);
  while (entities > eMin && relationBounds(entities).min > capacity) entities--;
  const bounds = relationBounds(entities);
  const low = Math.max(options.relations.min, bounds.min);
  const high = Math.max(low, Math.min(options.relations.max, bounds.max, capacity));
  const relations = clamp(Math.round(entities * (2 + 2.5 * rng.next())), low, high);
  return buildWorld(rng, entities, relations);
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/** Every world has attribute facts, so a lookup is always possible; anything else is a bug. */
function required<T>(value: T | null, what: string): T {
  if (value === null) throw new Error(`synthetic generator: the world cannot support ${what}`);
  return value;
}

function lowerFirst(text: string): string {
  return text.length === 0 ? text : text[0]!.toLowerCase() + text.slice(1);
}

/** Writes the turns of one conversation in order, tracking which facts were stated when. */
class TurnWriter {
  readonly facts: FactSchedule;
  private readonly triggerChance: number;
  private readonly feasible: SpecialistTrigger[];
  private topic: SeedTask;
  private readonly length: number;

  constructor(
    private readonly rng: Prng,
    private readonly world: World,
    private readonly options: GeneratorOptions,
    states: TurnState[],
    seedTask: SeedTask,
  ) {
    const infoTurns = states.filter((s) => s === "information").length;
    this.facts = new FactSchedule(rng, world.facts, infoTurns, options.triggers.knowledgeEntities);
    this.topic = seedTask;
    this.length = states.length;
    // Conversations differ in how often they exceed thresholds (κ ~ U(0, 1), mean = triggerRate).
    this.triggerChance = Math.min(1, 2 * options.triggerRate * rng.next());
    this.feasible = this.feasibleTriggers();
  }

  write(state: TurnState, index: number): SyntheticTurn {
    switch (state) {
      case "greeting":
        if (index > 0) this.topic = pickTask(this.rng, this.options);
        return this.chat(state, index, index === 0 ? "T_GREETING" : "T_GREETING_AGAIN");
      case "conclusion":
        return this.chat(state, index, index === this.length - 1 ? "T_CONCLUSION" : "T_CONCLUSION_MID");
      case "information":
        return this.information(index);
      case "clarification":
        return this.clarification(index);
      case "query":
        return this.query(index);
    }
  }

  private feasibleTriggers(): SpecialistTrigger[] {
    const t = this.options.triggers;
    const list: SpecialistTrigger[] = ["grammar"];
    const perAttribute = new Map<string, number>();
    for (const f of this.world.facts) {
      if (f.kind === "attribute") perAttribute.set(f.attribute, (perAttribute.get(f.attribute) ?? 0) + 1);
    }
    if (Math.max(0, ...perAttribute.values()) > t.knowledgeEntities) list.push("knowledge");
    if (this.world.chains.some((c) => c.length - 1 > t.reasoningSteps)) list.push("reasoning");
    return list;
  }

  private chat(state: TurnState, index: number, rule: string): SyntheticTurn {
    const used: string[] = [];
    const user = expand(rule, { rng: this.rng, slots: {}, used });
    return this.record({
      index,
      state,
      user,
      taskType: "dialogue",
      stated: [],
      used,
      depth: this.options.parseDepth.min,
    });
  }

  private information(index: number): SyntheticTurn {
    const used: string[] = [];
    const facts = this.facts.nextBatch();
    const depth = this.options.parseDepth.min + this.rng.int(0, 2);
    const opener = this.rng.chance(0.5) ? expand("R_OPENER", { rng: this.rng, slots: {}, used }) : "";
    const frame = this.frame(depth, used);
    const body = expand(INFO_RULE[this.topic], {
      rng: this.rng,
      slots: { facts: this.factsText(facts, used) },
      used,
    });
    const user = tidy(`${opener} ${frame}${frame ? lowerFirst(body) : body}`);
    return this.record({
      index,
      state: "information",
      user,
      taskType: this.topic,
      stated: facts,
      used,
      depth,
    });
  }

  private clarification(index: number): SyntheticTurn {
    const kind: QuestionKind = this.rng.chance(0.6) ? "clarifyLookup" : "clarifyCompare";
    const picked = required(
      pickQuestion(kind, this.pickContext(index)) ?? pickQuestion("clarifyLookup", this.pickContext(index)),
      "a clarification",
    );
    const depth = this.options.parseDepth.min + this.rng.int(0, 1);
    return this.question({
      index,
      state: "clarification",
      taskType: "dialogue",
      picked,
      depth,
      prefix: "T_CLARIFY",
    });
  }

  private query(index: number): SyntheticTurn {
    const planned = index > 1 && this.rng.chance(this.triggerChance) ? this.rng.pick(this.feasible) : null;
    let picked = planned ? pickQuestion(kindFor(planned, this.rng), this.pickContext(index)) : null;
    const trigger = picked ? planned : null;
    picked ??= required(
      pickQuestion(kindFor(this.topic, this.rng), this.pickContext(index)) ??
        pickQuestion("lookup", this.pickContext(index)),
      "a query",
    );
    const { min, max } = this.options.parseDepth;
    const g = this.options.triggers.grammarDepth;
    const depth =
      trigger === "grammar"
        ? this.rng.int(g + 1, max)
        : min + Math.floor((g - min + 1) * this.rng.next() ** 2);
    const extra = index === 1 ? this.facts.seedExtras(picked.inline, picked.text) : [];
    return this.question({
      index,
      state: "query",
      taskType: trigger ?? this.topic,
      picked,
      depth,
      prefix: trigger ? TRIGGER_RULE[trigger] : undefined,
      extra,
    });
  }

  private question(p: {
    index: number;
    state: TurnState;
    taskType: string;
    picked: PickedQuestion;
    depth: number;
    prefix?: string;
    extra?: Fact[];
  }): SyntheticTurn {
    const used: string[] = [];
    const prefix = p.prefix ? expand(p.prefix, { rng: this.rng, slots: {}, used }) : "";
    const stated = [...p.picked.inline, ...(p.extra ?? [])];
    const context =
      stated.length > 0
        ? expand("R_CONTEXT", { rng: this.rng, slots: { facts: this.factsText(stated, used) }, used })
        : "";
    const frame = this.frame(p.depth, used);
    used.push(...p.picked.productions);
    const core = frame ? lowerFirst(p.picked.text) : p.picked.text;
    const user = tidy(`${prefix} ${context} ${frame}${core}`);
    const { computation, question } = p.picked;
    const expected: ExpectedAnswer = {
      result: computation.result,
      mustInclude: question.op === "lookup" || question.op === "creative" ? [question.entities[0]!] : [],
      neededFacts: computation.used.map((f) => formatFact(f)),
    };
    return this.record({ ...p, user, stated, used, expected, inference: p.picked.inferenceSteps });
  }

  private record(p: {
    index: number;
    state: TurnState;
    user: string;
    taskType: string;
    stated: Fact[];
    used: string[];
    depth: number;
    expected?: ExpectedAnswer;
    inference?: number;
  }): SyntheticTurn {
    for (const f of p.stated) this.facts.introduce(f, p.index);
    const complexity: TurnComplexity = {
      syntacticDepth: p.depth,
      entityCount: entitiesIn(p.user).length,
      inferenceSteps: p.inference ?? this.options.inferenceSteps.min,
    };
    const trigger = triggerOf(complexity, this.options.triggers);
    return {
      index: p.index,
      state: p.state,
      user: p.user,
      taskType: p.taskType,
      trigger,
      specialist: trigger ?? p.taskType,
      topicShift: false,
      complexity,
      facts: p.stated.map((f) => formatFact(f)),
      expected: p.expected ?? { result: null, mustInclude: [], neededFacts: [] },
      productions: p.used,
    };
  }

  private pickContext(turn: number): PickContext {
    const { inferenceSteps: inf, triggers, entities } = this.options;
    return {
      rng: this.rng,
      world: this.world,
      introduced: this.facts.introduced,
      turn,
      chainRange: { short: [inf.min, triggers.reasoningSteps], long: [triggers.reasoningSteps + 1, inf.max] },
      knowledgeRange: [triggers.knowledgeEntities + 1, entities.max],
      ...(this.options.earlyFacts ? { earlyFacts: this.options.earlyFacts } : {}),
    };
  }

  /** Framing clauses that give the turn its parse depth (depth − min nested clauses). */
  private frame(depth: number, used: string[]): string {
    const clauses = depth - this.options.parseDepth.min;
    return clauses > 0 ? expand("Q_FRAME", { rng: this.rng, slots: {}, used, depthBudget: clauses }) : "";
  }

  private factsText(facts: Fact[], used: string[]): string {
    let text = formatFact(facts[0]!);
    for (const f of facts.slice(1))
      text = expand("R_JOIN", { rng: this.rng, slots: { a: text, b: formatFact(f) }, used });
    return text.replace(/(Also|In addition|Besides|Moreover), The /g, "$1, the ");
  }
}

function kindFor(task: string, rng: Prng): QuestionKind {
  switch (task) {
    case "retrieval":
      return rng.chance(0.5) ? "lookup" : "compare";
    case "problem_solving":
      return rng.pick(["sum", "sum", "difference", "shortChain"] as const);
    case "creative":
      return "creative";
    case "grammar":
      return "rephrase";
    case "knowledge":
      return "knowledge";
    default:
      return "longChain";
  }
}
