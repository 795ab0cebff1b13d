/**
 * @module eval/runner/bench-notes
 * The notes `rapo bench` appends to its report: how the simulated world is built (the cast and
 * its hidden skills), what every method's agents see, how context cosine and response time are
 * measured, and what was measured about the run itself.
 */
import { DEFAULT_CAST, DEFAULT_CAST_SETTINGS } from "../cast.js";
import type { EvalMethod } from "../methods/types.js";
import { DEFAULT_MEMORY_WINDOW } from "./memory-window.js";
import { DEFAULT_CONCURRENCY } from "./run-method.js";

/** Inputs of {@link benchNotes}. */
export interface BenchNoteInput {
  methods: readonly EvalMethod[];
  /** mean measured orchestration overhead per turn, ms, per method id. */
  overheadMs: Record<string, number>;
  wallSeconds: number;
}

/** Notes for the report, one Markdown paragraph each. */
export function benchNotes(input: BenchNoteInput): string[] {
  const s = DEFAULT_CAST_SETTINGS;
  const cast = DEFAULT_CAST.map((m) => {
    const skills = Object.entries(m.skills)
      .map(([task, p]) => `${task} ${p}`)
      .join(", ");
    return `\`${m.id}\` (declares ${m.specialties.join(", ") || "nothing"}; hidden skill ${skills || "–"}, otherwise ${m.defaultSkill})`;
  });
  const overhead = input.methods
    .map((m) => `${m.id} ${((input.overheadMs[m.id] ?? 0) * 1000).toFixed(0)} µs`)
    .join(", ");
  return [
    `Simulated cast (identical for every method, same seed): ${cast.join("; ")}. Skills are success probabilities of the simulated model per task type it detects in the message; ` +
      "the orchestrator never reads them (rapo learns them from outcomes; its capability prior comes from the declared specialties only). " +
      `Latency per call: ${s.latency.baseMs} ms + ${s.latency.perTokenMs} ms per output token + up to ${s.latency.jitterMs} ms jitter, ` +
      `${s.capacity} concurrent calls per agent (FIFO queueing beyond), fault probability ${s.errorRate} per call (failover to another agent).`,
    "The simulated models never see the answer key: an answer can use a fact only when the fact's sentence is in the prompt the model is sent, " +
      "and its wording follows the prompt components (directives) in its system prompt.",
    `Schedule: ${DEFAULT_CONCURRENCY} conversations in flight; each round sends their next turns together (so calls queue on busy agents), ` +
      "feeds the rule verifier's verdicts back (turns with an expected output only) and ticks the control loop once; fully deterministic for a seed.",
    "Response time of a conversation: the sum over its turns of the simulated latency of every model call made for the turn (a failed call and its " +
      `failover both count) plus the measured orchestration overhead (wall time of \`send\` minus time inside the models; with ${DEFAULT_CONCURRENCY} turns in flight on one event loop it includes waiting behind the other turns of the round, as in a single-process server). ` +
      `Mean overhead per turn: ${overhead}.`,
    `Memory of methods without rapo's handoff packet (the baselines and rapo − handoff packet): the serving agent sees the last ${DEFAULT_MEMORY_WINDOW} ` +
      "exchanges verbatim, whoever answered them (a buffer-window memory, LangChain's default k = 5), and no facts ledger or summary.",
    "Context cosine of a turn (handoff success > 0.7, context break < 0.5): cosine between unit(ê(user message) + ê(answer)) and " +
      "unit(ê(user message) + ê(previous answer)), ê = unit hashed n-gram embedding of one message; for a message that names no entity " +
      "(greeting, goodbye) the prior context is the message alone. An unrelated answer scores between 0.5 and 0.71 (the shared user message), one that continues the thread above 0.7.",
    "Ambiguous queries: the default generator produces no deliberately underspecified query, so that failure category only counts clarification requests.",
    `Wall time of the whole run: ${input.wallSeconds.toFixed(1)} s.`,
  ];
}
