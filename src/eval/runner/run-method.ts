/**
 * @module eval/runner/run-method
 * Plays a dataset through one method and records every turn (`MethodResult`, see `eval/types`).
 *
 * Each run builds everything fresh — simulated cast (same seed for every method), the run's
 * simulated clock, memory store, the method's routing/prompt parts — and talks to the
 * Orchestrator only through its public API (`startConversation`, `send`, `feedback`, `tick`,
 * `endConversation`). The control loop does not run on a timer (`loop.autoStart: false`): the
 * runner ticks it once per round.
 *
 * The world comes from a scenario (`eval/scenario`), or the paper's default cast: agents,
 * conversations in flight (a constant or a ramp: the offered load), the client deadline and
 * attempt timeout, the history token budget every method's prompt is held to, skill drift
 * (applied by the share of conversations started) and base configuration shared by all methods.
 *
 * Schedule (deterministic, with queueing): conversations in flight play in rounds. In each round
 * every open conversation sends its next turn; all of them arrive at the round's simulated start
 * (so they queue over the models' capacity), in a seeded random order (a fixed order would, for
 * instance, pin each slot to one agent under round-robin); then the rule verifier's verdicts are
 * fed back, the loop ticks once, finished conversations end and new ones open up to the
 * concurrency due at that point of the run. The next round starts when the slowest turn is answered.
 *
 * Time is simulated throughout (see `run-clock`): a turn's latency is the simulated latency of
 * every model call made for it (a failed or timed-out call and its failover both count); the
 * measured wall time of `send` is reported separately (`TurnRun.wallMs`) and never added, so
 * every number is identical for a seed whatever the CPU is doing.
 */

import { resolveConfig } from "../../config/resolve.js";
import type { RapoConfigInput } from "../../config/schema.js";
import { InputError, NoAgentAvailableError } from "../../errors.js";
import type { SimulatedLanguageModel } from "../../models/simulated/simulated-model.js";
import { createTaskDetector, type TaskDetector } from "../../models/simulated/task-detection.js";
import { Orchestrator } from "../../runtime/orchestrator.js";
import type { TurnResult } from "../../runtime/types.js";
import { LocalEmbedder } from "../../state/embedding.js";
import { resolveTaxonomy } from "../../state/taxonomy.js";
import { createLogger } from "../../telemetry/logger.js";
import { mixSeeds } from "../../util/hash.js";
import { createPrng, type Prng } from "../../util/random.js";
import { type CastMember, castAgents, DEFAULT_CAST, DEFAULT_CAST_SETTINGS } from "../cast.js";
import type { SyntheticConversation, SyntheticTurn } from "../generator/types.js";
import { APPLICATION_PROMPT } from "../methods/application-prompt.js";
import type { EvalMethod, MethodEnv, WorldView } from "../methods/types.js";
import type { Scenario } from "../scenario/schema.js";
import { baseConfigOf, castOf, concurrencyAt } from "../scenario/world.js";
import type { ConversationRun, FaultKind, MethodResult, TurnRun } from "../types.js";
import { isClarificationRequest, verifyTurn } from "../verifier.js";
import {
  type CallRecord,
  currentScope,
  type TurnScope,
  trackedModel,
  withTurnScope,
} from "./call-tracking.js";
import { contextCosine } from "./context-cosine.js";
import {
  contextTokensOf,
  DEFAULT_MEMORY_WINDOW,
  memoryWindow,
  type TranscriptEntry,
} from "./memory-window.js";
import { mergeConfig } from "./merge-config.js";
import { RunClock } from "./run-clock.js";
import { factMeasures, factOrigins, usageOfCalls } from "./turn-measures.js";

/** Exchanges of the memory window when only the token budget bounds it. */
export const UNBOUNDED_WINDOW = 1_000_000;

/** Conversations in flight at once by default. */
export const DEFAULT_CONCURRENCY = 8;

/** What one played turn looked like, for observers (tests, progress, diagnostics). */
export interface TurnObservation {
  conversation: SyntheticConversation;
  turn: SyntheticTurn;
  run: TurnRun;
  /** the model calls made for the turn (with prompts when `recordPrompts`). */
  calls: readonly CallRecord[];
  /** measured orchestration overhead of the turn (wall ms, never part of latency; 0 with `overhead: "none"`). */
  overheadMs: number;
  /** in-flight turns of the round / total model slots (the offered load when the turn arrived). */
  offeredLoad: number;
  /** simulated time the turn arrived, ms. */
  arrivalMs: number;
}

/** Options of {@link runMethod}. */
export interface RunMethodOptions {
  /** seed of the simulated agents (the dataset carries its own). */
  seed: number;
  /**
   * the world (cast, offered load, deadline, history budget, drift, base config); options below
   * override its parts. Absent: the paper's default cast and settings.
   */
  scenario?: Scenario;
  /** conversations in flight at once (default: the scenario's, else 8). */
  concurrency?: number;
  /** the cast (default: the scenario's, else {@link DEFAULT_CAST}). */
  cast?: readonly CastMember[];
  /** per-call fault probability of the simulated models (default: the scenario's, else the cast's). */
  errorRate?: number;
  /** exchanges of raw history of the common framework memory window (default 5). */
  memoryWindow?: number;
  /** token budget of every method's prompt context (default: the scenario's `history.tokens`). */
  historyTokens?: number;
  /** base configuration under the method's overrides (over the scenario's `config`). */
  config?: RapoConfigInput;
  /**
   * `measured` (default) measures the orchestration overhead (wall time, reported in
   * observations and `TurnRun.wallMs`, never added to latency); `none` skips measuring it.
   */
  overhead?: "measured" | "none";
  /** keep every prompt sent and answer received in the call records (tests). */
  recordPrompts?: boolean;
  /**
   * the application system prompt every agent of every method gets (default
   * {@link APPLICATION_PROMPT}); "" for none, e.g. to measure what rapo learns to put in its prompts.
   */
  applicationPrompt?: string;
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
  origins: Map<string, number>;
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
  latencyMs: number;
}

/** The world of one run, resolved from the scenario and the options. */
interface RunWorld {
  cast: readonly CastMember[];
  concurrency: (position: number, total: number) => number;
  slots: number;
  turnDeadlineMs: number | undefined;
  attemptTimeoutMs: number | undefined;
  historyTokens: number | undefined;
  /** user think time between rounds, simulated ms. */
  thinkMs: number;
  baseConfig: RapoConfigInput;
}

function worldOf(options: RunMethodOptions): RunWorld {
  const scenario = options.scenario;
  const cast = options.cast ?? (scenario ? castOf(scenario) : DEFAULT_CAST);
  const fixed = options.concurrency;
  const concurrency =
    fixed !== undefined
      ? () => Math.max(1, fixed)
      : scenario
        ? (position: number, total: number) => concurrencyAt(scenario.workload.concurrency, position, total)
        : () => DEFAULT_CONCURRENCY;
  const historyTokens = options.historyTokens ?? scenario?.history?.tokens;
  const turnDeadlineMs = scenario?.deadline.turnMs ?? undefined;
  const attemptTimeoutMs = scenario?.deadline.attemptTimeoutMs ?? turnDeadlineMs;
  const budget: RapoConfigInput =
    historyTokens === undefined ? {} : ({ handoff: { contextTokens: historyTokens } } as RapoConfigInput);
  return {
    cast,
    concurrency,
    slots: cast.reduce((n, m) => n + (m.capacity ?? DEFAULT_CAST_SETTINGS.capacity), 0),
    turnDeadlineMs,
    attemptTimeoutMs,
    historyTokens,
    thinkMs: scenario?.workload.thinkMs ?? 0,
    baseConfig: mergeConfig(scenario ? baseConfigOf(scenario) : undefined, options.config, budget),
  };
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
  const world = worldOf(options);
  const cast = world.cast;
  const progress = { started: 0 };
  const clock = new RunClock(() => {
    const scope = currentScope();
    return scope === undefined ? undefined : scope.startMs + scope.elapsedMs;
  });
  const sims = castAgents({
    seed: options.seed,
    clock,
    cast,
    progress: () => progress.started / dataset.length,
    ...(options.scenario
      ? {
          errorRate: options.scenario.faults.errorRate,
          pronounRate: options.scenario.faults.pronounRate,
          specialtyPrior: options.scenario.specialtyPrior,
        }
      : {}),
    ...(options.errorRate === undefined ? {} : { errorRate: options.errorRate }),
  });
  const detector = createTaskDetector();
  const byId = new Map(sims.map((a) => [a.id, a.model]));
  const currentTask = new Map<string, string>();
  const worldView: WorldView = {
    skill: (agentId, taskType) => byId.get(agentId)?.skillNow(taskType) ?? 0,
    occupancy: (agentId) => byId.get(agentId)?.occupancy() ?? 0,
    taskOf: (conversationId) => currentTask.get(conversationId),
    ...(world.turnDeadlineMs === undefined ? {} : { deadlineMs: world.turnDeadlineMs }),
  };
  const base = resolveConfig(mergeConfig(world.baseConfig, { loop: { autoStart: false } }));
  const env: MethodEnv = {
    cast,
    taxonomy: resolveTaxonomy(),
    config: base,
    embedder: LocalEmbedder.fromConfig(base),
    // with a token budget every method gets as much history as fits in it, whatever its exchange count
    memoryWindow:
      options.memoryWindow ?? (world.historyTokens === undefined ? DEFAULT_MEMORY_WINDOW : UNBOUNDED_WINDOW),
    world: worldView,
  };
  const setup = await method.build(env);
  const rewrite =
    setup.memoryWindow === undefined ? undefined : memoryWindow(setup.memoryWindow, world.historyTokens);
  const applicationPrompt = options.applicationPrompt ?? APPLICATION_PROMPT;
  const agents = sims.map((a) => ({
    ...a,
    ...(applicationPrompt === "" ? {} : { systemPrompt: applicationPrompt }),
    model: trackedModel(a.model, a.id, rewrite),
  }));
  const rapo = await Orchestrator.create({
    agents,
    store: "memory",
    config: mergeConfig(world.baseConfig, setup.config, { loop: { autoStart: false } }),
    logger: createLogger(process.env["RAPO_LOG_LEVEL"] ?? "error"),
    // idle windows, measured latency and deadlines in simulated time, as the models see it
    clock: () => clock.now(),
    ...(setup.routing ? { routing: setup.routing } : {}),
    ...(setup.prompts ? { prompts: setup.prompts } : {}),
  });
  const context: PlayContext = {
    rapo,
    method,
    env,
    world,
    clock,
    progress,
    options,
    sims: byId,
    detector,
    currentTask,
    pricing: new Map(cast.map((m) => [m.id, m.pricing ?? { inputPerMTok: 0, outputPerMTok: 0 }])),
  };
  const player = new Player(context);
  try {
    const conversations = await player.playAll(dataset);
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

/** Everything the player needs about the run. */
interface PlayContext {
  rapo: Orchestrator;
  method: EvalMethod;
  env: MethodEnv;
  world: RunWorld;
  clock: RunClock;
  progress: { started: number };
  options: RunMethodOptions;
  sims: ReadonlyMap<string, SimulatedLanguageModel>;
  detector: TaskDetector;
  currentTask: Map<string, string>;
  pricing: ReadonlyMap<string, { inputPerMTok: number; outputPerMTok: number }>;
}

/** Plays conversations in lockstep rounds over the slots due at each point of the run. */
class Player {
  private readonly specialties: Map<string, readonly string[]>;

  constructor(private readonly ctx: PlayContext) {
    this.specialties = new Map(ctx.world.cast.map((m) => [m.id, m.specialties]));
  }

  async playAll(dataset: readonly SyntheticConversation[]): Promise<ConversationRun[]> {
    const { rapo, options, world, clock, progress } = this.ctx;
    const runs: ConversationRun[] = new Array(dataset.length);
    let open: Cursor[] = [];
    let next = 0;
    const fill = async () => {
      while (next < dataset.length && open.length < world.concurrency(next, dataset.length)) {
        const conversation = dataset[next]!;
        await rapo.startConversation(conversation.id);
        progress.started = next + 1;
        open.push({
          position: next++,
          origins: factOrigins(conversation),
          conversation,
          next: 0,
          turns: [],
          transcript: [],
          lastAgentId: undefined,
          lastAnswer: undefined,
        });
      }
    };
    await fill();
    const arrivals = createPrng(mixSeeds(options.seed, ARRIVAL_SALT));
    while (open.length > 0) {
      const active = shuffled([...open], arrivals);
      const start = clock.round;
      const offeredLoad = active.length / world.slots;
      const played = await Promise.all(active.map((c) => this.playTurn(c, start, offeredLoad)));
      let end = start;
      for (const p of played) {
        end = Math.max(end, start + p.latencyMs);
        if (p.turnId !== undefined && p.outcome !== undefined) await rapo.feedback(p.turnId, p.outcome);
      }
      clock.nextRound(end + world.thinkMs);
      await rapo.tick();
      const still: Cursor[] = [];
      for (const cursor of open) {
        if (cursor.next < cursor.conversation.turns.length) {
          still.push(cursor);
          continue;
        }
        const run = this.finish(cursor);
        runs[cursor.position] = run;
        await rapo.endConversation(cursor.conversation.id);
        this.ctx.currentTask.delete(cursor.conversation.id);
        options.onConversation?.(run);
      }
      open = still;
      await fill();
    }
    return runs;
  }

  private async playTurn(cursor: Cursor, startMs: number, offeredLoad: number): Promise<Played> {
    const { rapo, options, world } = this.ctx;
    const turn = cursor.conversation.turns[cursor.next]!;
    const scope: TurnScope = {
      transcript: cursor.transcript,
      calls: [] as CallRecord[],
      recordPrompts: options.recordPrompts === true,
      startMs,
      elapsedMs: 0,
      ...(world.attemptTimeoutMs === undefined ? {} : { attemptTimeoutMs: world.attemptTimeoutMs }),
    };
    const task = this.ctx.detector(turn.user);
    this.ctx.currentTask.set(cursor.conversation.id, task);
    const started = performance.now();
    let result: TurnResult | undefined;
    try {
      result = await withTurnScope(scope, () =>
        rapo.send({
          conversationId: cursor.conversation.id,
          content: turn.user,
          // the client's deadline reaches routing (the deadline load model), as a real client sends it
          ...(world.turnDeadlineMs === undefined ? {} : { deadlineMs: world.turnDeadlineMs }),
        }),
      );
    } catch (error) {
      // every agent tried failed: the user got no answer (a resource failure), the conversation goes on
      if (!(error instanceof NoAgentAvailableError)) throw error;
    }
    const wallMs = performance.now() - started;
    const overheadMs =
      options.overhead === "none" ? 0 : Math.max(0, wallMs - sum(scope.calls, (c) => c.wallMs));
    const run = this.turnRun(cursor, turn, result, scope.calls, task, offeredLoad, wallMs);
    cursor.turns.push(run);
    cursor.next++;
    if (result) cursor.transcript.push({ user: turn.user, answer: result.content, agentId: result.agentId });
    cursor.lastAgentId = run.agentId;
    cursor.lastAnswer = run.answer;
    options.onTurn?.({
      conversation: cursor.conversation,
      turn,
      run,
      calls: scope.calls,
      overheadMs,
      offeredLoad,
      arrivalMs: startMs,
    });
    return {
      turnId: result?.turnId,
      outcome: result && run.required ? (run.correct ? 1 : 0) : undefined,
      latencyMs: run.latencyMs,
    };
  }

  private turnRun(
    cursor: Cursor,
    turn: SyntheticTurn,
    result: TurnResult | undefined,
    calls: readonly CallRecord[],
    task: string,
    offeredLoad: number,
    wallMs: number,
  ): TurnRun {
    const { world, sims, pricing } = this.ctx;
    const answer = result?.content ?? "";
    const agentId = result?.agentId ?? calls[calls.length - 1]?.agentId ?? cursor.lastAgentId ?? "none";
    const required = turn.expected.result !== null || turn.expected.mustInclude.length > 0;
    const verdict = required ? verifyTurn(turn, answer) : undefined;
    const failedCalls = calls.filter((c) => !c.ok);
    const lastFailure = failedCalls[failedCalls.length - 1];
    const fault = result === undefined || lastFailure !== undefined ? faultOf(lastFailure) : undefined;
    const latencyMs = sum(calls, (c) => c.simulatedMs);
    const kept = result === undefined ? undefined : lastOk(calls, result.agentId);
    let bestSkill = 0;
    for (const sim of sims.values()) bestSkill = Math.max(bestSkill, sim.skillNow(task));
    const formatError = (verdict as { formatError?: boolean } | undefined)?.formatError;
    return {
      index: cursor.next,
      agentId,
      answer,
      latencyMs,
      handoff: cursor.next > 0 && agentId !== cursor.lastAgentId,
      required,
      correct: verdict?.correct ?? false,
      clarification: isClarificationRequest(answer),
      contextCosine: contextCosine(this.ctx.env.embedder, answer, turn.user, cursor.lastAnswer),
      ...(fault ? { fault } : {}),
      taskType: turn.specialist,
      agentSpecialties: this.specialties.get(agentId) ?? [],
      topicShift: turn.topicShift,
      ambiguous: isAmbiguous(turn),
      ...(world.turnDeadlineMs === undefined
        ? {}
        : { deadlineMet: result !== undefined && latencyMs <= world.turnDeadlineMs }),
      timeouts: failedCalls.filter((c) => c.error === "timeout").length,
      rateLimited: failedCalls.filter((c) => c.error === "rate_limit").length,
      ...usageOfCalls(calls, pricing),
      ...(kept?.prompt ? { historyTokens: contextTokensOf(kept.prompt) } : {}),
      ...factMeasures(cursor.conversation, cursor.next, cursor.origins, kept?.prompt),
      agentSkill: sims.get(agentId)?.skillNow(task) ?? 0,
      bestSkill,
      ...(formatError === undefined ? {} : { formatError }),
      offeredLoad,
      ...(this.ctx.options.overhead === "none" ? {} : { wallMs }),
    };
  }

  private finish(cursor: Cursor): ConversationRun {
    return {
      conversationId: cursor.conversation.id,
      method: this.ctx.method.id,
      transitions: cursor.turns.filter((t) => t.handoff).length,
      turns: cursor.turns,
      responseTimeMs: sum(cursor.turns, (t) => t.latencyMs),
    };
  }
}

/** The fault kind of a failed call (the last one of a turn). */
function faultOf(call: CallRecord | undefined): FaultKind {
  if (call?.error === "timeout") return "timeout";
  if (call?.error === "rate_limit") return "overload";
  return "error";
}

/** The last successful call of `agentId` (the one whose answer the user got). */
function lastOk(calls: readonly CallRecord[], agentId: string): CallRecord | undefined {
  for (let i = calls.length - 1; i >= 0; i--)
    if (calls[i]!.ok && calls[i]!.agentId === agentId) return calls[i];
  return undefined;
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
