/**
 * @module runtime/testing/fuzz-world
 * The fuzz and fault harness of issue 12: a world of orchestrators over one store (memory or
 * SQLite) with agents whose models misbehave on purpose (throw, hang, ignore aborts, answer empty,
 * huge, slowly or with lone surrogates), driven by a random program of public API calls — send,
 * sendStream, feedback, endConversation, tick, close-and-restart — some awaited, some left in
 * flight. {@link checkWorld} then asserts the invariants every run must keep.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LanguageModelV3, LanguageModelV3CallOptions } from "@ai-sdk/provider";
import { RapoError } from "../../errors.js";
import { type ScriptedReply, scriptedModel } from "../../models/scripted-model.js";
import type { StateStore, TurnRecord } from "../../store/contract.js";
import { MemoryStore } from "../../store/memory-store.js";
import { SqliteStore } from "../../store/sqlite-store.js";
import { Orchestrator } from "../orchestrator.js";
import type { TurnResult } from "../types.js";

/** What a model does on one call. */
export type Behaviour = "ok" | "throw" | "hang" | "deaf" | "empty" | "huge" | "slow" | "surrogate";

/** One step of a fuzz program. */
export type Command =
  | {
      kind: "send";
      conversation: unknown;
      content: unknown;
      stream: boolean;
      abortAfterMs: number | null;
      wait: boolean;
    }
  | { kind: "feedback"; turn: number | unknown; outcome: unknown; wait: boolean }
  | { kind: "end"; conversation: unknown; outcome: number | undefined; wait: boolean }
  | { kind: "tick" }
  | { kind: "restart" };

/** A program: the store, each agent's behaviours (cycled per call) and the commands. */
export interface Program {
  store: "memory" | "sqlite";
  agents: Behaviour[][];
  commands: Command[];
}

/** Limits of the world: small so that every fault path is reached quickly. */
export const WORLD_LIMITS = {
  maxMessageChars: 2_000,
  maxAnswerChars: 1_000,
  modelTimeoutMs: 60,
  maxFailovers: 3,
};

/** Conversations started before the program runs; commands address them by id. */
export const SHARED = ["c0", "c1", "c2"] as const;

/** Error codes a public call may reject with in the world; anything else is a defect. */
const ALLOWED_CODES = new Set([
  "invalid_message",
  "empty_message",
  "message_too_long",
  "invalid_conversation_id",
  "invalid_turn_id",
  "invalid_outcome",
  "unknown_conversation",
  "unknown_turn",
  "feedback_conflict",
  "no_agent_available",
  "cancelled",
  "orchestrator_closed",
]);

/** What happened to one send. */
interface SendRecord {
  result?: TurnResult;
  /** text read from the stream (sendStream only). */
  streamed?: string;
  error?: unknown;
}

/** Everything observed during a run, for the invariants. */
export interface Observed {
  sends: SendRecord[];
  /** every rejection of every call. */
  errors: unknown[];
  /** applied feedback events per turn id. */
  feedbackEvents: Map<string, number[]>;
  /** first successful feedback outcome per turn id. */
  feedbackGiven: Map<string, number>;
  /** history mismatches seen at quiescent points. */
  historyMismatches: string[];
  /** close() durations, ms. */
  closeMs: number[];
  unhandled: unknown[];
  modelCalls: number;
}

/** Runs a program and returns what was observed plus the final store (closed by the caller). */
export async function runProgram(program: Program): Promise<{ observed: Observed; store: StateStore }> {
  const observed: Observed = {
    sends: [],
    errors: [],
    feedbackEvents: new Map(),
    feedbackGiven: new Map(),
    historyMismatches: [],
    closeMs: [],
    unhandled: [],
    modelCalls: 0,
  };
  // ours alone while the program runs: a library's handler (tfjs-wasm rethrows) would crash the
  // worker instead of letting the invariant report the rejection
  const others = process.listeners("unhandledRejection");
  process.removeAllListeners("unhandledRejection");
  let step = -1;
  const onUnhandled = (reason: unknown) =>
    observed.unhandled.push(
      `${reason instanceof Error ? reason.stack : String(reason)} (during command ${step})`,
    );
  process.on("unhandledRejection", onUnhandled);
  const path = program.store === "sqlite" ? join(mkdtempSync(join(tmpdir(), "rapo-fuzz-")), "s.sqlite") : "";
  const memory = new MemoryStore();
  const models = program.agents.map((behaviours, i) => fuzzModel(`m${i}`, behaviours, observed));
  const open = () =>
    Orchestrator.create({
      agents: models.map((model, i) => ({ id: `a${i}`, role: "assistant", model })),
      store: program.store === "sqlite" ? { sqlite: path } : keepOpen(memory),
      config: {
        loop: { autoStart: false },
        limits: WORLD_LIMITS,
        resilience: { retry: { maxRetries: 0 } },
      },
    });
  let rapo = await open();
  // the shared conversations commands address (cold after each restart)
  for (const id of SHARED) await rapo.startConversation(id);
  const watch = (o: Orchestrator) =>
    o.on("feedback", (e) => {
      const list = observed.feedbackEvents.get(e.turnId) ?? [];
      list.push(e.outcome);
      observed.feedbackEvents.set(e.turnId, list);
    });
  watch(rapo);
  const inFlight: Promise<unknown>[] = [];
  const turnIds = (): string[] => observed.sends.flatMap((s) => (s.result ? [s.result.turnId] : []));
  try {
    for (const command of program.commands) {
      step++;
      if (command.kind === "tick") {
        await rapo.tick();
        continue;
      }
      if (command.kind === "restart") {
        const started = performance.now();
        await rapo.close();
        observed.closeMs.push(performance.now() - started);
        await Promise.allSettled(inFlight.splice(0));
        rapo = await open();
        watch(rapo);
        continue;
      }
      const op = perform(rapo, command, observed, turnIds);
      if (command.wait) await op;
      else inFlight.push(op);
    }
    await Promise.allSettled(inFlight.splice(0));
    await compareHistories(rapo, observed);
  } finally {
    const started = performance.now();
    await rapo.close();
    observed.closeMs.push(performance.now() - started);
    await Promise.allSettled(inFlight.splice(0));
    // let late rejections surface before the listener goes
    await new Promise((r) => setTimeout(r, 5));
    process.off("unhandledRejection", onUnhandled);
    for (const listener of others) process.on("unhandledRejection", listener);
  }
  const store = program.store === "sqlite" ? SqliteStore.open(path) : memory;
  return { observed, store };
}

/** Runs one API call, recording its outcome; never rejects. */
async function perform(
  rapo: Orchestrator,
  command: Exclude<Command, { kind: "tick" | "restart" }>,
  observed: Observed,
  turnIds: () => string[],
): Promise<void> {
  try {
    if (command.kind === "send") return await send(rapo, command, observed);
    if (command.kind === "feedback") {
      const ids = turnIds();
      const turnId =
        typeof command.turn === "number" && ids.length > 0 ? ids[command.turn % ids.length] : command.turn;
      await rapo.feedback(turnId as string, command.outcome as number);
      if (typeof turnId === "string" && !observed.feedbackGiven.has(turnId))
        observed.feedbackGiven.set(turnId, command.outcome as number);
      return;
    }
    const options = command.outcome === undefined ? {} : { outcome: command.outcome };
    await rapo.endConversation(command.conversation as string, options);
  } catch (error) {
    observed.errors.push(error);
  }
}

async function send(
  rapo: Orchestrator,
  command: Extract<Command, { kind: "send" }>,
  observed: Observed,
): Promise<void> {
  const record: SendRecord = {};
  observed.sends.push(record);
  const controller = command.abortAfterMs === null ? undefined : new AbortController();
  const timer = controller ? setTimeout(() => controller.abort(), command.abortAfterMs!) : undefined;
  const input = {
    ...(command.conversation === undefined ? {} : { conversationId: command.conversation as string }),
    content: command.content as string,
    ...(controller ? { signal: controller.signal } : {}),
  };
  try {
    if (!command.stream) {
      record.result = await rapo.send(input);
      return;
    }
    const stream = await rapo.sendStream(input);
    let text = "";
    try {
      for await (const chunk of stream.textStream) text += chunk;
    } finally {
      record.result = await stream.result.catch((error: unknown) => {
        record.error = error;
        return undefined;
      });
    }
    record.streamed = text;
  } catch (error) {
    record.error ??= error;
    observed.errors.push(error);
  } finally {
    clearTimeout(timer);
  }
}

/** Stored history equals in-memory history for every conversation live in memory. */
async function compareHistories(rapo: Orchestrator, observed: Observed): Promise<void> {
  for (const id of SHARED) {
    const live = rapo.internals.conversations.live(id);
    if (live === undefined) continue;
    const turns = await rapo.internals.store.listTurns(id, 10_000);
    if (live.nextSeq !== turns.length)
      observed.historyMismatches.push(`${id}: nextSeq ${live.nextSeq}, stored turns ${turns.length}`);
    const answered = turns.filter((t) => t.status === "answered").flatMap((t) => [t.userContent, t.answer]);
    const history = live.history.map((h) => h.content);
    const suffix = answered.slice(answered.length - history.length);
    if (history.length > answered.length || history.some((h, i) => h !== suffix[i]))
      observed.historyMismatches.push(`${id}: in-memory history is not the stored one`);
  }
}

/** The invariants; returns the violations found (empty when the run was sound). */
export async function checkWorld(observed: Observed, store: StateStore): Promise<string[]> {
  const problems: string[] = [];
  const pending = await store.listPendingTurns();
  if (pending.length > 0) problems.push(`${pending.length} turns left pending after close()`);
  const stored = new Map<string, TurnRecord>();
  for (const id of await store.listConversations(10_000)) {
    const turns = await store.listTurns(id, 100_000);
    turns.forEach((t, i) => {
      if (t.seq !== i) problems.push(`conversation ${id}: seq ${t.seq} at position ${i}`);
      if (stored.has(t.id)) problems.push(`turn ${t.id} stored twice`);
      stored.set(t.id, t);
      if (t.status === "answered" && (t.answer === null || t.answer.trim() === ""))
        problems.push(`turn ${t.id} answered with no text`);
      if (t.answer !== null && t.answer.length > WORLD_LIMITS.maxAnswerChars)
        problems.push(`turn ${t.id} answer of ${t.answer.length} characters`);
    });
  }
  const answeredIds = new Set<string>();
  for (const send of observed.sends) {
    if (!send.result) continue;
    const turn = stored.get(send.result.turnId);
    answeredIds.add(send.result.turnId);
    if (!turn) problems.push(`answered turn ${send.result.turnId} not stored`);
    else if (turn.status !== "answered" || turn.answer !== send.result.content)
      problems.push(`turn ${turn.id}: stored ${turn.status} answer differs from the caller's`);
    if (send.streamed !== undefined && send.streamed !== send.result.content)
      problems.push(`turn ${send.result.turnId}: streamed text differs from the result`);
  }
  for (const turn of stored.values()) {
    if (turn.status === "answered" && !answeredIds.has(turn.id))
      problems.push(`turn ${turn.id} stored answered but its caller got no answer`);
  }
  for (const [turnId, outcomes] of observed.feedbackEvents) {
    if (outcomes.length > 1) problems.push(`turn ${turnId}: feedback applied ${outcomes.length} times`);
    const turn = stored.get(turnId);
    if (turn && turn.outcome !== outcomes[0]) problems.push(`turn ${turnId}: stored outcome ${turn.outcome}`);
  }
  for (const error of observed.errors) {
    if (!(error instanceof RapoError) || !ALLOWED_CODES.has(error.code))
      problems.push(
        `unexpected error: ${error instanceof Error ? `${error.name} ${error.message}` : String(error)}`,
      );
  }
  problems.push(...observed.historyMismatches);
  for (const reason of observed.unhandled) problems.push(`unhandled rejection: ${String(reason)}`);
  const slowest = Math.max(0, ...observed.closeMs);
  if (slowest > 2_000) problems.push(`close() took ${slowest.toFixed(0)} ms`);
  return problems;
}

/** A model that does what its behaviour list says, one behaviour per call, cycling. */
function fuzzModel(id: string, behaviours: Behaviour[], observed: Observed): LanguageModelV3 {
  let n = 0;
  let current: Behaviour = "ok";
  const inner = scriptedModel(() => reply(current, n), { modelId: id });
  const call =
    (method: "doGenerate" | "doStream") =>
    (options: LanguageModelV3CallOptions): Promise<never> => {
      observed.modelCalls++;
      current = behaviours[n++ % behaviours.length] ?? "ok";
      if (current === "deaf") return new Promise<never>(() => {});
      return inner[method](options) as Promise<never>;
    };
  return {
    specificationVersion: "v3",
    provider: "fuzz",
    modelId: id,
    supportedUrls: {},
    doGenerate: call("doGenerate"),
    doStream: call("doStream"),
  };
}

function reply(behaviour: Behaviour, n: number): ScriptedReply {
  switch (behaviour) {
    case "throw":
      return { error: new Error(`provider failure #${n}`) };
    case "hang":
      return { hang: true };
    case "empty":
      return n % 2 === 0 ? "" : " \n\t ";
    case "huge":
      return `The depot holds ${n} units. `.repeat(2_000);
    case "slow":
      return { text: `slow answer ${n}`, delayMs: 5 + (n % 20) };
    case "surrogate":
      return `broken \uD800 text ${n} \uDFFF end`;
    default:
      return `answer ${n}: the stock is ${n * 7} units.`;
  }
}

/** A view of `store` that survives the orchestrator's close() (a store shared across restarts). */
function keepOpen(store: MemoryStore): StateStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === "close") return async () => {};
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
