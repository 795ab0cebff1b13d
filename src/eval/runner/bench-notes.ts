/**
 * @module eval/runner/bench-notes
 * The notes `rapo bench` appends to its report: how each scenario's simulated world is built
 * (agents with declared and hidden skills, capacity, latency, price, rate limit, drift, offered
 * load, deadline, history budget), what every method's agents see, how time is measured, and
 * what was measured about the run itself (wall time, orchestration overhead).
 */
import type { EvalMethod } from "../methods/types.js";
import type { Scenario } from "../scenario/schema.js";
import { totalSlots } from "../scenario/world.js";
import { DEFAULT_MEMORY_WINDOW } from "./memory-window.js";

/** One scenario as run. */
export interface ScenarioNoteInput {
  scenario: Scenario;
  conversations: number;
  /** mean measured orchestration overhead per turn (wall ms), per method id. */
  overheadMs: Record<string, number>;
}

/** Inputs of {@link benchNotes}. */
export interface BenchNoteInput {
  methods: readonly EvalMethod[];
  scenarios: readonly ScenarioNoteInput[];
  wallSeconds: number;
}

/** Notes for the report, one Markdown paragraph each. */
export function benchNotes(input: BenchNoteInput): string[] {
  return [
    ...input.scenarios.map(scenarioNote),
    "The simulated models never see the answer key: an answer can use a fact only when the fact's sentence is in the prompt the model is sent, " +
      "its wording follows the directives in its system prompt, and its success on a turn is its hidden skill on the task type it detects in the message " +
      "(drift-aware). Load never changes quality. Every agent of every method gets the same application system prompt.",
    "Schedule: conversations in flight play in rounds; each round sends their next turns together at the round's simulated start (so calls queue on busy agents), " +
      "feeds the rule verifier's verdicts back (turns with an expected output only) and ticks the control loop once; the next round starts when the slowest turn is answered.",
    "Time is simulated: a turn's latency is the simulated latency of every model call made for it (a failed, refused (429) or timed-out call and its failover all count); " +
      "deadlines, attempt timeouts, rate-limit windows and the orchestrator's clock (active-conversation TTL, ticks, breaker cooldowns) read the same simulated clock, " +
      "so every number is identical for a seed whatever the CPU is doing. Measured orchestration overhead (wall time of `send` minus time inside the models) is reported here, never added: " +
      input.scenarios
        .map(
          (s) =>
            `${s.scenario.name}: ${input.methods
              .map((m) => `${m.id} ${((s.overheadMs[m.id] ?? 0) * 1000).toFixed(0)} µs`)
              .join(", ")}`,
        )
        .join("; ") +
      ".",
    `Memory of methods without rapo's handoff packet: the serving agent sees the last exchanges verbatim, whoever answered them (a buffer-window memory: ${DEFAULT_MEMORY_WINDOW} exchanges, ` +
      "LangChain's default, when the scenario sets no history budget; with a budget, as many of the newest exchanges as fit). With a budget, rapo's facts ledger, packet and history are held to the same number of tokens.",
    `Wall time of the whole run: ${input.wallSeconds.toFixed(1)} s.`,
  ];
}

/** One paragraph describing a scenario's world. */
function scenarioNote(input: ScenarioNoteInput): string {
  const s = input.scenario;
  const agents = s.agents.map((a) => {
    const skills = Object.entries(a.skills)
      .map(([task, p]) => `${task} ${p}`)
      .join(", ");
    const price =
      a.price.inputPerMTok > 0 || a.price.outputPerMTok > 0
        ? `; $${a.price.inputPerMTok}/$${a.price.outputPerMTok} per M tokens`
        : "";
    const limit = a.rateLimit ? `; ${a.rateLimit.requests} calls per ${a.rateLimit.perMs} ms` : "";
    return `\`${a.id}\` (declares ${a.specialties.join(", ") || "nothing"}; hidden ${skills || "–"}, otherwise ${a.defaultSkill}; ${a.capacity} slots${price}${limit})`;
  });
  const l = s.agents[0]!.latency;
  const c = s.workload.concurrency;
  const load = typeof c === "number" ? `${c}` : `${c.start} → ${c.end}`;
  const drift = s.drift.map(
    (d) => `${d.agent} on ${d.taskType} ${d.from} → ${d.to} at ${Math.round(d.at * 100)} % of the run`,
  );
  return (
    `Scenario **${s.name}** (${input.conversations} conversations): ${s.description} Agents: ${agents.join("; ")}. ` +
    `Latency per call (first agent): ${l.baseMs} ms + ${l.perTokenMs} ms per output token + ${l.perInputTokenMs} ms per input token + up to ${l.jitterMs} ms jitter, ` +
    `× (1 + ${l.slowdown} × occupancy); FIFO queueing beyond capacity. Conversations in flight: ${load} over ${totalSlots(s)} slots. ` +
    `Deadline per turn: ${s.deadline.turnMs === null ? "none" : `${s.deadline.turnMs} ms`}. History budget: ${s.history ? `${s.history.tokens} tokens for every method` : "none (each method's own window)"}. ` +
    `Faults: ${s.faults.errorRate} per call. Drift: ${drift.join("; ") || "none"}.`
  );
}
