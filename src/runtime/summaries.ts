/**
 * @module runtime/summaries
 * Read-only summaries of agents for the API, the CLI and the dashboard.
 */
import type { Taxonomy } from "../state/taxonomy.js";
import type { AgentRuntime } from "./agent-runtime.js";
import type { PromptRenderer } from "./prompt-builder.js";

/** What the outside sees of an agent. */
export interface AgentSummary {
  id: string;
  role: string;
  pool: string;
  turns: number;
  routed: number;
  failures: number;
  /** L_a, the SPEC §3 load factor (what `routing.load: "paper"` routes on). */
  load: number;
  /** N_a: conversations with a turn in flight here or within the idle window (`routing.activeTtlMs`). */
  active: number;
  inflight: number;
  /** measured service time (EWMA, ms) — the `deadline` load model's latency forecast. */
  latencyMs: number;
  /** learned success rate per task type: evidence-weighted mean over modalities (plain mean without evidence). */
  capabilityByTask: Record<string, number>;
  /** the full matrix, rows = task types, columns = modalities. */
  capability: number[][];
  /** prompt components rendered from P_i. */
  promptComponents: string[];
}

/** Summarises one agent. */
export function describeAgent(
  agent: AgentRuntime,
  taxonomy: Taxonomy,
  prompts: PromptRenderer,
): AgentSummary {
  const l = taxonomy.modalities.length;
  const values = agent.learned.capability.values;
  const capability = taxonomy.taskTypes.map((_, t) => Array.from(values.subarray(t * l, (t + 1) * l), round));
  const evidence = agent.learned.capability.evidenceValues;
  const capabilityByTask: Record<string, number> = {};
  taxonomy.taskTypes.forEach((task, t) => {
    let weighted = 0;
    let weight = 0;
    let plain = 0;
    for (let m = 0; m < l; m++) {
      weighted += values[t * l + m]! * evidence[t * l + m]!;
      weight += evidence[t * l + m]!;
      plain += values[t * l + m]!;
    }
    capabilityByTask[task.id] = round(weight > 0 ? weighted / weight : plain / l);
  });
  return {
    id: agent.id,
    role: agent.spec.role,
    pool: agent.spec.pool ?? "default",
    turns: agent.learned.turns,
    routed: agent.load.routed,
    failures: agent.load.failures,
    load: round(agent.load.value()),
    active: agent.load.sample().active,
    inflight: agent.load.inflight,
    latencyMs: round(agent.load.latency().serviceMs),
    capabilityByTask,
    capability,
    promptComponents: prompts.components(agent),
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
