import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { DEFAULT_CAST, DEFAULT_CAST_SETTINGS } from "../cast.js";
import {
  BUILTIN_SCENARIOS,
  builtinScenarioPath,
  loadScenario,
  packageRoot,
  parseScenario,
  validateScenario,
} from "./loader.js";
import { castOf, concurrencyAt, totalSlots } from "./world.js";

const minimal = { name: "tiny", description: "one agent", agents: [{ id: "a", role: "A" }] };

/** The error a validation throws, for matching. */
function errorOf(raw: unknown): { code?: string; message: string; details?: { field?: string } } {
  try {
    validateScenario(raw, "test.yaml");
  } catch (error) {
    return error as { code?: string; message: string; details?: { field?: string } };
  }
  throw new Error("expected the scenario to be rejected");
}

describe("scenario files", () => {
  it("ships every built-in scenario as a file in the package's scenarios/ folder (in package.json files)", async () => {
    const manifest = JSON.parse(await readFile(path.join(packageRoot(), "package.json"), "utf8")) as {
      files: string[];
    };
    expect(manifest.files).toContain("scenarios");
    for (const name of BUILTIN_SCENARIOS) {
      expect(path.dirname(builtinScenarioPath(name))).toBe(path.join(packageRoot(), "scenarios"));
      const scenario = await loadScenario(name);
      expect(scenario.name).toBe(name);
    }
  });

  it("loads a file by path, YAML or JSON, and fills defaults", async () => {
    const scenario = parseScenario(JSON.stringify(minimal), "tiny.json");
    expect(scenario.agents[0]).toMatchObject({ capacity: 4, specialties: [], defaultSkill: 0.5 });
    expect(scenario.deadline.turnMs).toBeNull();
    expect(scenario.workload.concurrency).toBe(8);
    expect(scenario.history).toBeUndefined();
  });

  it("names the field path of every invalid field", () => {
    const cases: [unknown, string][] = [
      [{ ...minimal, agents: [{ id: "a", role: "A", skills: { math: 1.5 } }] }, "agents.0.skills.math"],
      [{ ...minimal, agents: [{ id: "a", role: "A", capacity: 0 }] }, "agents.0.capacity"],
      [{ ...minimal, agents: [{ id: "a", role: "A", latency: { baseMs: -1 } }] }, "agents.0.latency.baseMs"],
      [
        { ...minimal, agents: [{ id: "a", role: "A", rateLimit: { requests: 2 } }] },
        "agents.0.rateLimit.perMs",
      ],
      [{ ...minimal, agents: [{ id: "a", role: "A", colour: "red" }] }, "agents.0"],
      [{ ...minimal, deadline: { turnMs: -5 } }, "deadline.turnMs"],
      [{ ...minimal, workload: { concurrency: { start: 0, end: 4 } } }, "workload.concurrency.start"],
      [{ ...minimal, workload: { generator: { minTurns: 1 } } }, "workload.generator.minTurns"],
      [{ ...minimal, workload: { generator: { conversations: 3 } } }, "workload.generator"],
      [{ ...minimal, history: { tokens: 0 } }, "history.tokens"],
      [
        { ...minimal, drift: [{ agent: "zed", taskType: "math", from: 0.5, to: 0.1, at: 0.5 }] },
        "drift.0.agent",
      ],
      [
        { ...minimal, drift: [{ agent: "a", taskType: "math", from: 0.9, to: 0.1, at: 0.5 }] },
        "drift.0.from",
      ],
      [{ ...minimal, agents: [minimal.agents[0], minimal.agents[0]] }, "agents.1.id"],
      [{ ...minimal, name: "Has Spaces" }, "name"],
    ];
    for (const [raw, field] of cases) {
      const error = errorOf(raw);
      expect(error.code).toBe("invalid_config");
      expect(error.details?.field).toBe(field);
      expect(error.message).toContain(`'${field}'`);
      expect(error.message).toContain("test.yaml");
    }
  });

  it("rejects unknown names, unreadable files and unparsable YAML with a clear message", async () => {
    await expect(loadScenario("crowded")).rejects.toThrow(/built-in name \(paper, contended/);
    await expect(loadScenario("/nonexistent/x.yaml")).rejects.toThrow(/cannot read scenario/);
    expect(() => parseScenario("agents: [", "broken.yaml")).toThrow(/cannot parse scenario 'broken.yaml'/);
  });
});

describe("the preregistered scenarios, as written", () => {
  it("paper is today's cast and generator", async () => {
    const paper = await loadScenario("paper");
    const s = DEFAULT_CAST_SETTINGS;
    expect(
      castOf(paper).map(({ id, role, specialties, skills, defaultSkill }) => ({
        id,
        role,
        specialties,
        skills,
        defaultSkill,
      })),
    ).toEqual(DEFAULT_CAST.map((m) => ({ ...m })));
    for (const a of paper.agents) {
      expect(a.capacity).toBe(s.capacity);
      expect(a.latency).toMatchObject(s.latency);
      expect(a.rateLimit).toBeUndefined();
    }
    expect(paper.workload.generator).toEqual({});
    expect(paper.workload.concurrency).toBe(8);
    expect(paper.faults).toEqual({ errorRate: s.errorRate, pronounRate: s.pronounRate });
    expect(paper.specialtyPrior).toBe(s.specialtyPrior);
    expect(paper.deadline.turnMs).toBeNull();
    expect(paper.history).toBeUndefined();
  });

  it("contended: offered load ramps within 0.7–1.2× of the slots, 1.5 s deadline, rate limits, skills as paper", async () => {
    const [contended, paper] = await Promise.all([loadScenario("contended"), loadScenario("paper")]);
    const slots = totalSlots(contended);
    const n = contended.workload.conversations;
    for (let i = 0; i < n; i++) {
      const ratio = concurrencyAt(contended.workload.concurrency, i, n) / slots;
      expect(ratio).toBeGreaterThanOrEqual(0.7);
      expect(ratio).toBeLessThanOrEqual(1.2);
    }
    expect(concurrencyAt(contended.workload.concurrency, 0, n) / slots).toBeLessThan(0.8);
    expect(concurrencyAt(contended.workload.concurrency, n - 1, n) / slots).toBeGreaterThan(1.1);
    expect(contended.deadline.turnMs).toBe(1500);
    for (const a of contended.agents) {
      expect(a.rateLimit).toBeDefined();
      expect(a.latency.slowdown).toBeGreaterThan(0);
    }
    const skills = (s: typeof paper) => s.agents.map((a) => [a.id, a.specialties, a.skills, a.defaultSkill]);
    expect(skills(contended)).toEqual(skills(paper));
  });

  it("misdeclared: an over-claimer at 0.55, an undeclared best agent, a 0.95 → 0.6 drift at the midpoint", async () => {
    const s = await loadScenario("misdeclared");
    const skill = (id: string, task: string) => {
      const a = s.agents.find((x) => x.id === id)!;
      return a.skills[task] ?? a.defaultSkill;
    };
    const overClaimers = s.agents.flatMap((a) =>
      a.specialties.filter((t) => skill(a.id, t) === 0.55).map((t) => [a.id, t]),
    );
    expect(overClaimers).toHaveLength(1);
    // some task has its best agent among those that do not declare it
    const tasks = new Set(s.agents.flatMap((a) => [...a.specialties, ...Object.keys(a.skills)]));
    const undeclaredBest = [...tasks].filter((t) => {
      const best = Math.max(...s.agents.map((a) => skill(a.id, t)));
      const top = s.agents.filter((a) => skill(a.id, t) === best);
      return top.length === 1 && !top[0]!.specialties.includes(t);
    });
    expect(undeclaredBest.length).toBeGreaterThan(0);
    expect(s.drift).toEqual([
      { agent: "retrieval-agent", taskType: "retrieval", from: 0.95, to: 0.6, at: 0.5 },
    ]);
    expect(s.agents.find((a) => a.id === "retrieval-agent")!.specialties).toContain("retrieval");
  });

  it("long and cost: 30–60 turns with early facts and a token budget; prices on every agent", async () => {
    const long = await loadScenario("long");
    expect(long.workload.generator).toMatchObject({ minTurns: 30, maxTurns: 60 });
    expect(long.history?.tokens).toBeGreaterThan(0);
    const cost = await loadScenario("cost");
    for (const a of cost.agents) {
      expect(a.price.inputPerMTok).toBeGreaterThan(0);
      expect(a.price.outputPerMTok).toBeGreaterThan(0);
      expect(a.latency.perInputTokenMs).toBeGreaterThan(0);
      expect(a.latency.perTokenMs).toBeGreaterThan(0);
    }
  });

  it("the YAML files parse as plain data (no anchors needed to read them)", async () => {
    for (const name of BUILTIN_SCENARIOS) {
      const raw = parseYaml(await readFile(builtinScenarioPath(name), "utf8")) as { name: string };
      expect(raw.name).toBe(name);
    }
  });
});
