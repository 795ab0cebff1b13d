/**
 * @module eval/runner/run-method
 * Plays a dataset through one method and records every turn (`MethodResult`, see `eval/types`).
 *
 * Each run builds everything fresh — simulated cast (same seed for every method), shared
 * simulated clock, memory store, the method's routing/prompt parts — and talks to the
 * Orchestrator only through its public API (`startConversation`, `send`, `feedback`, `tick`,
 * `endConversation`). The control loop does not run on a timer (`loop.autoStart: false`): the
 * runner ticks it, which makes the run deterministic.
 *
 * Schedule (deterministic, with queueing): `concurrency` conversations are in flight, in slots.
 * In each round every occupied slot sends its next turn at once (so turns of one round arrive
 * together at the simulated models and queue over their capacity), in a seeded random arrival
 * order (a fixed order would, for instance, pin each slot to one agent under round-robin); then
 * the rule verifier's verdicts are fed back, the loop ticks once, finished conversations end and
 * their slots take the next conversations of the dataset, in order.
 *
 * Response time of a turn = the simulated latency of every model call made for it (a failed call
 * and its failover both count) + the measured orchestration overhead (wall time of `send` minus
 * wall time inside the models). The overhead is real time, so it varies slightly between runs;
 * `overhead: "none"` leaves it out and makes every number bit-identical for a seed.
 */

import { resolveConfig } from "../../config/resolve.js";
import type { RapoConfigInput } from "../../config/schema.js";
import { InputError, NoAgentAvailableError } from "../../errors.js";
import { createPrng, mixSeeds, type Prng } from "../../models/simulated/prng.js";
import { createSimClock } from "../../models/simulated/scheduler.js";
import { Orchestrator } from "../../runtime/orchestrator.js";
import type { TurnResult } from "../../runtime/types.js";
import { LocalEmbedder } from "../../state/embedding.js";
import { resolveTaxonomy } from "../../state/taxonomy.js";
import { createLogger } from "../../telemetry/logger.js";
import { type CastMember, castAgents, DEFAULT_CAST } from "../cast.js";
import type { SyntheticConversation, SyntheticTurn } from "../generator/types.js";
import type { EvalMethod, MethodEnv } from "../methods/types.js";
import type { ConversationRun, MethodResult, TurnRun } from "../types.js";
import { isClarificationRequest, verifyTurn } from "../verifier.js";
import { type CallRecord, trackedModel, withTurnScope } from "./call-tracking.js";
import { contextCosine } from "./context-cosine.js";
import { DEFAULT_MEMORY_WINDOW, memoryWindow, type TranscriptEntry } from "./memory-window.js";
import { mergeConfig } from "./merge-config.js";

/** Conversations in flight at once by default. */
export const DEFAULT_CONCURRENCY = 8;

/** What one played turn looked like, for observers (tests, progress, diagnostics). */
export interface TurnObservation {
  conversation: SyntheticConversation;
  turn: SyntheticTurn;
  run: TurnRun;
  /** the model calls made for the turn (with prompts when `recordPrompts`). */
  calls: readonly CallRecord[];
  /** measured orchestration overhead of the turn, ms (0 with `overhead: "none"`). */
  overheadMs: number;
}

/** Options of {@link runMethod}. */
export interface RunMethodOptions {
  /** seed of the simulated agents (the dataset carries its own). */
  seed: number;
  /** conversations in flight at once (default 8). */
  concurrency?: number;
  /** the cast (default {@link DEFAULT_CAST}). */
  cast?: readonly CastMember[];
  /** per-call fault probability of the simulated models (default: the cast's). */
  errorRate?: number;
  /** exchanges of raw history of the common framework memory window (default 5). */
  memoryWindow?: number;
  /** base configuration under the method's overrides. */
  config?: RapoConfigInput;
  /** `measured` (default) adds the measured orchestration overhead to response times. */
  overhead?: "measured" | "none";
  /** keep every prompt sent and answer received in the call records (tests). */
  recordPrompts?: boolean;
  /** called after every turn. */
  onTurn?: (observation: TurnObservation) => void;
  /** called after every finished conversation. */
  onConversation?: (run: ConversationRun) => void;
  /** called with the orchestrator once every conversation is played, before it closes (diagnostics). */
  inspect?: (orchestrator: Orchestrator) => void | Promise<void>;
}

/** A conversation being played in a slot. */
interface Cursor {
  position: number;
  conversation: SyntheticConversation;
  next: number;
  turns: TurnRun[];
  transcript: TranscriptEntry[];
  lastAgentId: string | undefined;
  lastAnswer: string | undefined;
}

/** A played turn waiting for its feedback. */
interface Played {
  turnId: string | undefined;
  outcome: number | undefined;
}

/**
 * Plays `dataset` with `method`.
 * @throws InputError on an empty dataset or duplicate conversation ids.
 */
export async function runMethod(
  method: EvalMethod,
  dataset: readonly SyntheticConversation[],
  options: RunMethodOptions,
): Promise<MethodResult> {
  checkDataset(dataset);
  const cast = options.cast ?? DEFAULT_CAST;
  const base = resolveConfig(mergeConfig(options.config, { loop: { autoStart: false } }));
  const env: MethodEnv = {
    cast,
    taxonomy: resolveTaxonomy(),
    config: base,
    embedder: LocalEmbedder.fromConfig(base),
    memoryWindow: options.memoryWindow ?? DEFAULT_MEMORY_WINDOW,
  };
  const setup = await method.build(env);
  const rewrite = setup.memoryWindow === undefined ? undefined : memoryWindow(setup.memoryWindow);
  const clock = createSimClock();
  const sims = castAgents({
    seed: options.seed,
    clock,
    cast,
    ...(options.errorRate === undefined ? {} : { errorRate: options.errorRate }),
  });
  const agents = sims.map((a) => ({ ...a, model: trackedModel(a.model, a.id, rewrite) }));
  const rapo = await Orchestrator.create({
    agents,
    store: "memory",
    config: mergeConfig(options.config, setup.config, { loop: { autoStart: false } }),
    logger: createLogger(process.env["RAPO_LOG_LEVEL"] ?? "error"),
    // idle windows, measured latency and deadlines in simulated time, as the models see it
    clock: clock.now,
    ...(setup.routing ? { routing: setup.routing } : {}),
    ...(setup.prompts ? { prompts: setup.prompts } : {}),
  });
  const player = new Player(rapo, method, env, cast, options);
  try {
    const conversations = await player.playAll(
      dataset,
      Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY),
    );
    await options.inspect?.(rapo);
    return {
      method: method.id,
      label: method.label,
      kind: method.kind,
      ...(method.paperRef === undefined ? {} : { paperRef: method.paperRef }),
      description: method.description,
      conversations,
    };
  } finally {
    await rapo.close();
  }
}

function checkDataset(dataset: readonly SyntheticConversation[]): void {
  if (dataset.length === 0)
    throw new InputError("no_conversations", "the dataset holds no conversation; nothing to evaluate");
  const seen = new Set<string>();
  for (const c of dataset) {
    if (seen.has(c.id))
      throw new InputError("invalid_dataset", `conversation id '${c.id}' appears twice in the dataset`, {
        conversationId: c.id,
      });
    seen.add(c.id);
  }
}

/** Plays conversations in lockstep rounds over a fixed number of slots. */
class Player {
  private readonly specialties: Map<string, readonly string[]>;

  constructor(
    private readonly rapo: Orchestrator,
    private readonly method: EvalMethod,
    private readonly env: MethodEnv,
    cast: readonly CastMember[],
    private readonly options: RunMethodOptions,
  ) {
    this.specialties = new Map(cast.map((m) => [m.id, m.specialties]));
  }

  async playAll(dataset: readonly SyntheticConversation[], concurrency: number): Promise<ConversationRun[]> {
    const runs: ConversationRun[] = new Array(dataset.length);
    const slots: (Cursor | null)[] = [];
    let next = 0;
    const open = async (): Promise<Cursor | null> => {
      if (next >= dataset.length) return null;
      const conversation = dataset[next]!;
      await this.rapo.startConversation(conversation.id);
      return {
        position: next++,
        conversation,
        next: 0,
        turns: [],
        transcript: [],
        lastAgentId: undefined,
        lastAnswer: undefined,
      };
    };
    for (let s = 0; s < concurrency; s++) slots.push(await open());
    const arrivals = createPrng(mixSeeds(this.options.seed, ARRIVAL_SALT));
    while (slots.some((c) => c !== null)) {
      const active = shuffled(
        slots.filter((c): c is Cursor => c !== null),
        arrivals,
      );
      const played = await Promise.all(active.map((c) => this.playTurn(c)));
      for (const p of played)
        if (p.turnId !== undefined && p.outcome !== undefined) await this.rapo.feedback(p.turnId, p.outcome);
      await this.rapo.tick();
      for (let s = 0; s < slots.length; s++) {
        const cursor = slots[s];
        if (!cursor || cursor.next < cursor.conversation.turns.length) continue;
        const run = this.finish(cursor);
        runs[cursor.position] = run;
        await this.rapo.endConversation(cursor.conversation.id);
        this.options.onConversation?.(run);
        slots[s] = await open();
      }
    }
    return runs;
  }

  private async playTurn(cursor: Cursor): Promise<Played> {
    const turn = cursor.conversation.turns[cursor.next]!;
    const scope = {
      transcript: cursor.transcript,
      calls: [] as CallRecord[],
      recordPrompts: this.options.recordPrompts === true,
    };
    const started = performance.now();
    let result: TurnResult | undefined;
    try {
      result = await withTurnScope(scope, () =>
        this.rapo.send({ conversationId: cursor.conversation.id, content: turn.user }),
      );
    } catch (error) {
      // every agent tried failed: the user got no answer (a resource failure), the conversation goes on
      if (!(error instanceof NoAgentAvailableError)) throw error;
    }
    const wallMs = performance.now() - started;
    const overheadMs =
      this.options.overhead === "none" ? 0 : Math.max(0, wallMs - sum(scope.calls, (c) => c.wallMs));
    const run = this.turnRun(cursor, turn, result, scope.calls, overheadMs);
    cursor.turns.push(run);
    cursor.next++;
    if (result) cursor.transcript.push({ user: turn.user, answer: result.content, agentId: result.agentId });
    cursor.lastAgentId = run.agentId;
    cursor.lastAnswer = run.answer;
    this.options.onTurn?.({ conversation: cursor.conversation, turn, run, calls: scope.calls, overheadMs });
    return { turnId: result?.turnId, outcome: result && run.required ? (run.correct ? 1 : 0) : undefined };
  }

  private turnRun(
    cursor: Cursor,
    turn: SyntheticTurn,
    result: TurnResult | undefined,
    calls: readonly CallRecord[],
    overheadMs: number,
  ): TurnRun {
    const answer = result?.content ?? "";
    const agentId = result?.agentId ?? calls[calls.length - 1]?.agentId ?? cursor.lastAgentId ?? "none";
    const required = turn.expected.result !== null || turn.expected.mustInclude.length > 0;
    const verdict = required ? verifyTurn(turn, answer) : undefined;
    const failed = result === undefined || calls.some((c) => !c.ok);
    return {
      index: cursor.next,
      agentId,
      answer,
      latencyMs: sum(calls, (c) => c.simulatedMs) + overheadMs,
      handoff: cursor.next > 0 && agentId !== cursor.lastAgentId,
      required,
      correct: verdict?.correct ?? false,
      clarification: isClarificationRequest(answer),
      contextCosine: contextCosine(this.env.embedder, answer, turn.user, cursor.lastAnswer),
      ...(failed ? { fault: "error" as const } : {}),
      taskType: turn.specialist,
      agentSpecialties: this.specialties.get(agentId) ?? [],
      topicShift: turn.topicShift,
      ambiguous: isAmbiguous(turn),
    };
  }

  private finish(cursor: Cursor): ConversationRun {
    return {
      conversationId: cursor.conversation.id,
      method: this.method.id,
      transitions: cursor.turns.filter((t) => t.handoff).length,
      turns: cursor.turns,
      responseTimeMs: sum(cursor.turns, (t) => t.latencyMs),
    };
  }
}

/** The answer key's ambiguity flag, when the dataset carries one (the default generator does not). */
function isAmbiguous(turn: SyntheticTurn): boolean {
  return "ambiguous" in turn && (turn as { ambiguous?: unknown }).ambiguous === true;
}

/** Salt of the arrival-order stream, so it never shares a stream with the agents' seeds. */
const ARRIVAL_SALT = 0xa771;

/** Fisher–Yates shuffle with a seeded stream. */
function shuffled<T>(items: T[], rng: Prng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

function sum<T>(items: readonly T[], of: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += of(item);
  return total;
}
