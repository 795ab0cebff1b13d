/**
 * @module eval/metrics/run-builders
 * Test support (excluded from the build): builders of run records with sensible defaults, and a
 * seeded synthetic method result for report and aggregation tests.
 */
import { mulberry32 } from "../../util/random.js";
import type { ConversationRun, MethodKind, MethodResult, PaperMethodKey, TurnRun } from "../types.js";

/** A correct, required, non-handoff turn by agent `a`; override what the test needs. */
export function turn(overrides: Partial<TurnRun> = {}): TurnRun {
  return {
    index: 0,
    agentId: "a",
    answer: "the answer",
    latencyMs: 10,
    handoff: false,
    required: true,
    correct: true,
    clarification: false,
    contextCosine: 0.9,
    taskType: "retrieval",
    agentSpecialties: [],
    topicShift: false,
    ambiguous: false,
    ...overrides,
  };
}

/** A conversation from partial turns: indexes and handoff flags are derived from agent ids. */
export function conversation(
  turns: Partial<TurnRun>[],
  extra: Partial<Omit<ConversationRun, "turns">> = {},
): ConversationRun {
  const built = turns.map((t, i) => turn({ ...t, index: i }));
  built.forEach((t, i) => {
    t.handoff = i > 0 && t.agentId !== built[i - 1]!.agentId;
  });
  return {
    conversationId: "c1",
    method: "m",
    transitions: built.filter((t) => t.handoff).length,
    turns: built,
    responseTimeMs: built.reduce((s, t) => s + t.latencyMs, 0),
    ...extra,
  };
}

/** Options of {@link syntheticMethod}. */
export interface SyntheticMethodOptions {
  method: string;
  kind: MethodKind;
  paperRef?: PaperMethodKey;
  conversations: number;
  /** probability that a turn is correct and keeps context. */
  quality: number;
  /** mean turn latency, ms. */
  latencyMs: number;
  seed: number;
  /** also record world measurements: deadlines, cost, offered load, fact reach, hidden skills. */
  world?: boolean;
}

const WORDS = [
  "order",
  "warehouse",
  "lyon",
  "stock",
  "supplier",
  "total",
  "invoice",
  "route",
  "truck",
  "report",
];

/** A seeded synthetic method result: better `quality` gives more overlap, correctness and continuity. */
export function syntheticMethod(o: SyntheticMethodOptions): MethodResult {
  const rand = mulberry32(o.seed);
  const conversations: ConversationRun[] = [];
  for (let c = 0; c < o.conversations; c++) {
    const length = 3 + Math.floor(rand() * 12);
    let agent = 0;
    const turns: Partial<TurnRun>[] = [];
    for (let i = 0; i < length; i++) {
      if (i > 0 && rand() < 0.4) agent = (agent + 1 + Math.floor(rand() * 3)) % 4;
      const good = rand() < o.quality;
      const shared = Math.round(6 * (good ? o.quality : o.quality / 2));
      const answer = Array.from({ length: 8 }, (_, k) =>
        k < shared ? WORDS[k]! : WORDS[Math.floor(rand() * 10)]!,
      );
      const latencyMs = o.latencyMs * (0.5 + rand());
      const needs = rand() < 0.5;
      const world: Partial<TurnRun> = o.world
        ? {
            deadlineMet: latencyMs <= o.latencyMs * 1.4,
            costUsd: 0.001 * (1 + rand()),
            offeredLoad: 0.6 + (0.6 * c) / o.conversations,
            needsEarlierFacts: needs,
            factsReached: !needs || good || rand() < 0.3,
            agentSkill: good ? 0.95 : 0.5,
            bestSkill: 0.95,
          }
        : {};
      turns.push({
        ...world,
        agentId: `agent-${agent}`,
        answer: answer.join(" "),
        latencyMs,
        correct: good || rand() < 0.5,
        contextCosine: good ? 0.75 + rand() * 0.2 : 0.45 + rand() * 0.3,
        fault: rand() < 0.01 ? "timeout" : undefined,
      });
    }
    conversations.push(conversation(turns, { conversationId: `conv-${c}`, method: o.method }));
  }
  return {
    method: o.method,
    label: o.method,
    kind: o.kind,
    ...(o.paperRef === undefined ? {} : { paperRef: o.paperRef }),
    description: `synthetic ${o.kind} with quality ${o.quality}`,
    conversations,
  };
}
