/**
 * @module cli/demo
 * `rapo demo`: plays synthetic conversations among simulated specialists (or agents from a
 * config file), feeds the rule verifier's verdicts back as outcomes, and reports per agent the
 * turns routed, handoffs, and learned capability against the hidden skill. With `--pools`, two-level
 * scheduling (SPEC §6) runs: the built-in cast is split into a simple and a complex pool (or the
 * config file's `config.pools` are used) and the report adds per pool the conversations it was
 * assigned, its turns and its verified success.
 */
import type { RapoConfigInput } from "../config/schema.js";
import { ConfigError } from "../errors.js";
import { castAgents, DEFAULT_CAST } from "../eval/cast.js";
import { generateDataset } from "../eval/generator/generate.js";
import { verifyTurn } from "../eval/verifier.js";
import { Orchestrator } from "../runtime/orchestrator.js";
import type { AgentSpec } from "../runtime/types.js";
import type { ConfiguredOrchestra } from "./configured-agents.js";
import { createProgress } from "./progress.js";

/** Options of `rapo demo`. */
export interface DemoOptions {
  conversations: number;
  seed: number;
  store?: string;
  config?: string;
  json: boolean;
  /** run two-level scheduling (SPEC §6) and report per pool. */
  pools?: boolean;
}

/**
 * `--pools` without a config file: the built-in cast split by what its members are good at. The
 * global scheduler sends conversations whose first turns predict complexity ≤ 0.4 to `simple`;
 * the rest (and conversations that escalate) go to `complex`.
 */
export const DEMO_POOLS = [
  { id: "simple", maxComplexity: 0.4 },
  { id: "complex", maxComplexity: 1 },
] as const;
const DEMO_POOL_OF: Record<string, string> = {
  "grammar-specialist": "simple",
  "retrieval-agent": "simple",
  writer: "simple",
  concierge: "simple",
  "knowledge-specialist": "complex",
  "reasoning-specialist": "complex",
  planner: "complex",
  generalist: "complex",
};

/** Per pool: conversations whose first turn it served, turns, verified success. */
interface PoolReport {
  id: string;
  maxComplexity: number;
  agents: string[];
  conversations: number;
  turns: number;
  verifiedSuccess: number | null;
}

interface AgentReport {
  id: string;
  role: string;
  /** turns this agent answered in this run. */
  turns: number;
  /** turns it has learned from in total (earlier runs on the same store included). */
  totalTurns: number;
  /** handoffs it received in this run. */
  handoffsIn: number;
  /** learned vs hidden success per task type the agent was used for. */
  skills: { task: string; learned: number; hidden: number | null; turns: number }[];
}

/** Runs the demo and prints a table (or one JSON object). */
export async function runDemo(options: DemoOptions, out: (line: string) => void): Promise<void> {
  const loaded = await loadAgents(options);
  const { hidden, embedder, verifier } = loaded;
  const { agents, config } = options.pools ? withPools(loaded, options.config !== undefined) : loaded;
  const poolOf = new Map(agents.map((a) => [a.id, a.pool ?? "default"]));
  const pools = new Map<
    string,
    { conversations: number; turns: number; correct: number; required: number }
  >();
  const poolStats = (id: string) => {
    let stats = pools.get(id);
    if (!stats) {
      stats = { conversations: 0, turns: 0, correct: 0, required: 0 };
      pools.set(id, stats);
    }
    return stats;
  };
  const rapo = await Orchestrator.create({
    agents,
    store: options.store ? { sqlite: options.store } : "memory",
    config: { ...config, loop: { autoStart: false } },
    ...(embedder ? { embedder } : {}),
    ...(verifier ? { verifier } : {}),
  });
  // learned state restored from the store: what earlier runs left
  const earlierTurns = rapo.agents().reduce((n, a) => n + a.turns, 0);
  const dataset = generateDataset({ conversations: options.conversations, seed: options.seed });
  const progress = createProgress(options.json);
  progress.start(dataset.length, "conversations");
  const handoffsIn = new Map<string, number>();
  const turnsByTask = new Map<string, number>();
  const turnsByAgent = new Map<string, number>();
  let turns = 0;
  let correct = 0;
  let required = 0;
  for (const conversation of dataset) {
    const id = await rapo.startConversation(`${conversation.id}-${Date.now().toString(36)}`);
    let first = true;
    for (const turn of conversation.turns) {
      const reply = await rapo.send({ conversationId: id, content: turn.user });
      const pool = poolStats(poolOf.get(reply.agentId) ?? "default");
      pool.turns++;
      if (first) pool.conversations++;
      first = false;
      // feedback only where the answer key can judge the turn, as an application would
      if (turn.expected.result !== null || turn.expected.mustInclude.length > 0) {
        const verdict = verifyTurn(turn, reply.content);
        await rapo.feedback(reply.turnId, verdict.correct ? 1 : 0);
        required++;
        pool.required++;
        if (verdict.correct) {
          correct++;
          pool.correct++;
        }
      }
      await rapo.tick();
      turns++;
      turnsByAgent.set(reply.agentId, (turnsByAgent.get(reply.agentId) ?? 0) + 1);
      if (reply.handoff) handoffsIn.set(reply.agentId, (handoffsIn.get(reply.agentId) ?? 0) + 1);
      const key = `${reply.agentId}/${reply.taskType}`;
      turnsByTask.set(key, (turnsByTask.get(key) ?? 0) + 1);
    }
    await rapo.endConversation(id);
    progress.tick();
  }
  progress.stop();
  const report = rapo.agents().map<AgentReport>((a) => ({
    id: a.id,
    role: a.role,
    turns: turnsByAgent.get(a.id) ?? 0,
    totalTurns: a.turns,
    handoffsIn: handoffsIn.get(a.id) ?? 0,
    skills: Object.entries(a.capabilityByTask)
      .filter(([task]) => (turnsByTask.get(`${a.id}/${task}`) ?? 0) > 0)
      .map(([task, learned]) => ({
        task,
        learned,
        hidden: hidden(a.id, task),
        turns: turnsByTask.get(`${a.id}/${task}`) ?? 0,
      })),
  }));
  await rapo.close();
  const summary = {
    conversations: dataset.length,
    turns,
    verifiedSuccess: required === 0 ? null : round(correct / required),
    seed: options.seed,
    /** set when `--store` held learned state from earlier runs, which this run continued. */
    resumed: earlierTurns > 0 ? { store: options.store ?? "", earlierTurns } : null,
    agents: report,
    pools: options.pools ? poolReports(config, poolOf, pools) : null,
  };
  if (options.json) out(JSON.stringify(summary));
  else out(renderTable(summary));
}

/** The agents and config with pools: the file's own, or the built-in split of the default cast. */
function withPools(
  loaded: ConfiguredOrchestra,
  fromFile: boolean,
): { agents: AgentSpec[]; config: RapoConfigInput } {
  if (fromFile) {
    if (!loaded.config.pools?.length)
      throw new ConfigError(
        "--pools needs pools: declare 'config.pools' and each agent's 'pool' in the config file",
        {
          field: "config.pools",
        },
      );
    return loaded;
  }
  return {
    agents: loaded.agents.map((a) => ({ ...a, pool: DEMO_POOL_OF[a.id] ?? "complex" })),
    config: { ...loaded.config, pools: DEMO_POOLS.map((p) => ({ ...p })) },
  };
}

function poolReports(
  config: RapoConfigInput,
  poolOf: ReadonlyMap<string, string>,
  stats: ReadonlyMap<string, { conversations: number; turns: number; correct: number; required: number }>,
): PoolReport[] {
  return (config.pools ?? []).map((p) => {
    const s = stats.get(p.id ?? "") ?? { conversations: 0, turns: 0, correct: 0, required: 0 };
    return {
      id: p.id ?? "",
      maxComplexity: p.maxComplexity ?? 1,
      agents: [...poolOf].filter(([, pool]) => pool === p.id).map(([id]) => id),
      conversations: s.conversations,
      turns: s.turns,
      verifiedSuccess: s.required === 0 ? null : round(s.correct / s.required),
    };
  });
}

async function loadAgents(
  options: DemoOptions,
): Promise<ConfiguredOrchestra & { hidden: (id: string, task: string) => number | null }> {
  if (!options.config) {
    const cast = DEFAULT_CAST;
    const hidden = (id: string, task: string) => {
      const member = cast.find((m) => m.id === id);
      return member ? (member.skills[task] ?? member.defaultSkill) : null;
    };
    return {
      agents: castAgents({ seed: options.seed }) as AgentSpec[],
      hidden,
      config: {} as RapoConfigInput,
    };
  }
  const { loadConfiguredAgents } = await import("./configured-agents.js");
  return { ...(await loadConfiguredAgents(options.config)), hidden: () => null };
}

function renderTable(summary: {
  conversations: number;
  turns: number;
  verifiedSuccess: number | null;
  seed: number;
  resumed: { store: string; earlierTurns: number } | null;
  agents: AgentReport[];
  pools: PoolReport[] | null;
}): string {
  const lines = [
    `rapo demo: ${summary.conversations} conversations, ${summary.turns} turns this run, seed ${summary.seed}; verified success on answerable turns: ${summary.verifiedSuccess ?? "n/a"}`,
  ];
  if (summary.resumed)
    lines.push(
      `resumed from ${summary.resumed.store}: the agents had learned from ${summary.resumed.earlierTurns} turns of earlier runs; "total" and "learned" include them`,
    );
  lines.push(
    "",
    `${"agent".padEnd(22)} ${"turns (run)".padStart(11)} ${"(total)".padStart(8)} ${"handoffs in (run)".padStart(17)}   learned (total) vs hidden skill (task: learned/hidden, turns this run)`,
  );
  for (const a of summary.agents) {
    const skills = a.skills
      .sort((x, y) => y.turns - x.turns)
      .map(
        (s) =>
          `${s.task}: ${s.learned.toFixed(2)}/${s.hidden === null ? "?" : s.hidden.toFixed(2)} (${s.turns})`,
      )
      .join(", ");
    lines.push(
      `${a.id.padEnd(22)} ${String(a.turns).padStart(11)} ${String(a.totalTurns).padStart(8)} ${String(a.handoffsIn).padStart(17)}   ${skills || "-"}`,
    );
  }
  if (summary.pools) {
    lines.push(
      "",
      "two-level scheduling: the global scheduler assigns each conversation a pool by its turns' predicted complexity",
      "(it only escalates); the router picks the agent inside the pool. conversations = first turn served by the pool;",
      "turns and verified success over every turn its agents answered.",
      `${"pool".padEnd(10)} ${"≤ complexity".padStart(12)} ${"conversations".padStart(13)} ${"turns".padStart(6)} ${"verified".padStart(8)}   agents`,
    );
    for (const p of summary.pools)
      lines.push(
        `${p.id.padEnd(10)} ${p.maxComplexity.toFixed(2).padStart(12)} ${String(p.conversations).padStart(13)} ${String(p.turns).padStart(6)} ${String(p.verifiedSuccess ?? "n/a").padStart(8)}   ${p.agents.join(", ")}`,
      );
  }
  if (summary.agents.some((a) => a.skills.some((x) => x.hidden !== null))) {
    lines.push(
      "",
      "learned = rapo's estimate from verified outcomes (EMA, η = 0.1, from a 0.5 prior); hidden = the simulated",
      "model's secret success probability. Outcomes also fail for reasons the skill does not cover (a needed fact",
      "missing from the prompt, a pronoun where the answer key wants a name), so learned values sit below hidden ones.",
    );
  }
  return lines.join("\n");
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
