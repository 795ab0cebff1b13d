import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../config/resolve.js";
import { RoutingTable } from "../../routing/routing-table.js";
import { LocalEmbedder } from "../../state/embedding.js";
import { resolveTaxonomy } from "../../state/taxonomy.js";
import { DEFAULT_CAST } from "../cast.js";
import {
  leastLoadedRouting,
  roundRobinRouting,
  similarityRouting,
  specialtyRouting,
} from "./baseline-routers.js";
import { oracleRouting } from "./oracle-routing.js";
import { BranchBandit, ComponentHillClimb } from "./prompt-search.js";
import { ALL_METHODS, METHOD_IDS, selectMethods } from "./registry.js";

const taxonomy = resolveTaxonomy();
const config = resolveConfig({});
const modalities = taxonomy.modalities.length;
const n = DEFAULT_CAST.length;
const all = Int32Array.from({ length: n }, (_, i) => i);
const taskIndex = (id: string) => taxonomy.taskTypes.findIndex((t) => t.id === id);
const agentIndex = (id: string) => DEFAULT_CAST.findIndex((m) => m.id === id);
const query = (task: string, extra: object = {}) => ({
  cell: taskIndex(task) * modalities,
  previous: -1,
  ...extra,
});

describe("method registry", () => {
  it("has rapo, the baselines, the oracle and floor, the paper-load variant and the four ablations, each documented", () => {
    expect(METHOD_IDS).toEqual([
      "rapo",
      "baseline",
      "similarity",
      "least-loaded",
      "round-robin",
      "ampo",
      "p4",
      "clinical",
      "oracle",
      "no-context",
      "rapo-paper-load",
      "rapo-no-consensus",
      "rapo-no-load",
      "rapo-no-learning",
      "rapo-no-packet",
    ]);
    for (const m of ALL_METHODS) expect(m.description.length).toBeGreaterThan(40);
    expect(ALL_METHODS.filter((m) => m.kind === "baseline" && m.paperRef).map((m) => m.paperRef)).toEqual([
      "baseline",
      "ampo",
      "p4",
      "clinical",
    ]);
    expect(ALL_METHODS.filter((m) => m.kind === "reference").map((m) => m.id)).toEqual([
      "oracle",
      "no-context",
    ]);
    expect(ALL_METHODS.filter((m) => m.kind === "rapo").map((m) => m.id)).toEqual(["rapo"]);
  });

  it("keeps the history of the baselines and the packet-less ablation at the common window, and none for the floor", async () => {
    const env = {
      cast: DEFAULT_CAST,
      taxonomy,
      config,
      embedder: LocalEmbedder.fromConfig(config),
      memoryWindow: 7,
    };
    for (const m of ALL_METHODS) {
      const setup = await m.build(env);
      const expected =
        m.id === "no-context" ? 0 : m.kind === "baseline" || m.id === "rapo-no-packet" ? 7 : undefined;
      expect(setup.memoryWindow, m.id).toBe(expected);
    }
  });

  it("passes the paper load formula to rapo's routing configuration", async () => {
    const m = ALL_METHODS.find((x) => x.id === "rapo-paper-load")!;
    const setup = await m.build({
      cast: DEFAULT_CAST,
      taxonomy,
      config,
      embedder: LocalEmbedder.fromConfig(config),
      memoryWindow: 5,
    });
    expect(setup.config).toEqual({ routing: { load: "paper" } });
  });

  it("selects by id in report order and rejects unknown ids with a typed error naming them", () => {
    expect(selectMethods(["p4", "rapo", "p4"]).map((m) => m.id)).toEqual(["rapo", "p4"]);
    expect(() => selectMethods(["rapo", "magic", "nope"])).toThrow(
      /unknown methods 'magic', 'nope'; known methods: rapo/,
    );
    expect(() => selectMethods(["rapo", "magic"])).toThrowError(
      expect.objectContaining({ code: "unknown_method" }),
    );
    expect(() => selectMethods([" ", ""])).toThrowError(expect.objectContaining({ code: "no_methods" }));
  });
});

describe("baseline routers", () => {
  it("static specialty routing sends a task type to its first declared specialist, else the generalist", () => {
    const table = new RoutingTable(n, taxonomy.taskTypes.length * modalities);
    const router = specialtyRouting(DEFAULT_CAST, taxonomy);
    expect(router.select(table, all, query("retrieval"), config.routing)?.agentIndex).toBe(
      agentIndex("retrieval-agent"),
    );
    expect(router.select(table, all, query("math"), config.routing)?.agentIndex).toBe(
      agentIndex("reasoning-specialist"),
    );
    expect(router.select(table, all, query("code"), config.routing)?.agentIndex).toBe(
      agentIndex("generalist"),
    );
    // the specialist failed on this turn: the next agent in declaration order serves
    const excluded = router.select(
      table,
      all,
      query("retrieval", { exclude: new Set([agentIndex("retrieval-agent")]) }),
      config.routing,
    );
    expect(excluded?.agentIndex).toBe(agentIndex("retrieval-agent") + 1);
  });

  it("round-robin cycles through available agents", () => {
    const table = new RoutingTable(3, taxonomy.taskTypes.length * modalities);
    table.available[1] = 0;
    const router = roundRobinRouting();
    const picks = Array.from(
      { length: 4 },
      () => router.select(table, Int32Array.of(0, 1, 2), query("retrieval"), config.routing)?.agentIndex,
    );
    expect(picks).toEqual([0, 2, 0, 2]);
  });

  it("least-loaded keeps the conversation's agent unless another is really less busy", () => {
    const table = new RoutingTable(3, taxonomy.taskTypes.length * modalities);
    const share = config.routing.loadWeights.active / config.routing.maxActive;
    table.load.set([share, share, 0.5]);
    const router = leastLoadedRouting();
    expect(
      router.select(table, Int32Array.of(0, 1, 2), query("retrieval", { previous: 1 }), config.routing)
        ?.agentIndex,
    ).toBe(1);
    table.load.set([0, 3 * share, 0.5]);
    expect(
      router.select(table, Int32Array.of(0, 1, 2), query("retrieval", { previous: 1 }), config.routing)
        ?.agentIndex,
    ).toBe(0);
  });

  it("similarity matching sends a turn to the agent whose profile it resembles", () => {
    const embedder = LocalEmbedder.fromConfig(config);
    const table = new RoutingTable(n, taxonomy.taskTypes.length * modalities);
    const router = similarityRouting(DEFAULT_CAST, taxonomy, embedder);
    const pick = (text: string) =>
      router.select(
        table,
        all,
        { ...query("retrieval"), embedding: embedder.embedSync(text) },
        config.routing,
      )?.agentIndex;
    pick("The stock of Lyon-Depot is 420 units."); // warm the running mean with domain text
    expect(pick("Rephrase the clause in passive voice and correct the grammar of this sentence")).toBe(
      agentIndex("grammar-specialist"),
    );
    expect(pick("Hello, can you help me? Thanks!")).toBe(agentIndex("concierge"));
  });
});

describe("prompt search", () => {
  it("the AMPO bandit tries every branch, then exploits the best observed one", () => {
    const bandit = new BranchBandit([["a"], ["b"], ["c"]], { minTrials: 4, exploration: 0.05 });
    const success = [0.2, 0.9, 0.5];
    for (let i = 0; i < 200; i++) bandit.record(i % 10 < success[bandit.activeIndex()]! * 10 ? 1 : 0);
    expect(bandit.means().every((m) => Number.isFinite(m))).toBe(true);
    expect(bandit.active()).toEqual(["b"]);
  });

  it("the hill climb keeps edits that do not lower measured success and finds the better set", () => {
    const bank = ["restate", "confirm", "json"];
    const climb = new ComponentHillClimb(["json"], { bank, maxComponents: 2, trialSize: 10 });
    // success is 1 exactly when "confirm" is in the set and "json" is not
    for (let i = 0; i < 300; i++) {
      const set = climb.active();
      climb.record(set.includes("confirm") && !set.includes("json") ? 1 : 0);
    }
    expect(climb.current()).toContain("confirm");
    expect(climb.current()).not.toContain("json");
    expect(climb.accepted).toBeGreaterThan(0);
  });
});

describe("oracle routing", () => {
  const table = () => new RoutingTable(n, taxonomy.taskTypes.length * modalities);
  const world = (occupied: Record<string, number> = {}, task = "grammar") => ({
    skill: (id: string, t: string) => {
      const m = DEFAULT_CAST.find((x) => x.id === id)!;
      return m.skills[t] ?? m.defaultSkill;
    },
    occupancy: (id: string) => occupied[id] ?? 0,
    taskOf: () => task,
  });

  it("sends a turn to the best hidden skill on the task the world detects, not the classifier's cell", () => {
    const policy = oracleRouting(DEFAULT_CAST, taxonomy, world());
    const d = policy.select(table(), all, { ...query("retrieval"), conversationId: "c" }, config.routing)!;
    expect(DEFAULT_CAST[d.agentIndex]!.id).toBe("grammar-specialist");
    expect(d.capability).toBe(0.99);
  });

  it("keeps the current agent when it is as good and free, and avoids a saturated best agent for a nearly-as-good free one", () => {
    const policy = oracleRouting(DEFAULT_CAST, taxonomy, world({ "knowledge-specialist": 1 }, "knowledge"));
    // knowledge: knowledge-specialist 0.99 (saturated), the others ≤ 0.75: a queued good answer wins
    const busy = policy.select(table(), all, { ...query("knowledge"), conversationId: "c" }, config.routing)!;
    expect(DEFAULT_CAST[busy.agentIndex]!.id).toBe("knowledge-specialist");
    const math = oracleRouting(DEFAULT_CAST, taxonomy, world({ "reasoning-specialist": 1 }, "math"));
    // math: reasoning-specialist 0.95 saturated; no other agent within the margin, so it still waits
    expect(
      DEFAULT_CAST[
        math.select(table(), all, { ...query("math"), conversationId: "c" }, config.routing)!.agentIndex
      ]!.id,
    ).toBe("reasoning-specialist");
    const excluded = policy.select(
      table(),
      all,
      { ...query("knowledge"), conversationId: "c", exclude: new Set([agentIndex("knowledge-specialist")]) },
      config.routing,
    )!;
    // retrieval-agent and the generalist tie at 0.75: declaration order
    expect(DEFAULT_CAST[excluded.agentIndex]!.id).toBe("retrieval-agent");
    // a free agent within the margin beats a saturated best one; the current agent is kept when good and free
    const close = {
      ...world({ "grammar-specialist": 1.5 }),
      skill: (id: string) => (id === "grammar-specialist" ? 0.99 : id === "writer" ? 0.96 : 0.5),
    };
    const near = oracleRouting(DEFAULT_CAST, taxonomy, close);
    const q = { ...query("grammar"), conversationId: "c" };
    expect(DEFAULT_CAST[near.select(table(), all, q, config.routing)!.agentIndex]!.id).toBe("writer");
    const sticky = oracleRouting(DEFAULT_CAST, taxonomy, { ...close, occupancy: () => 0.5 });
    expect(
      DEFAULT_CAST[
        sticky.select(table(), all, { ...q, previous: agentIndex("writer") }, config.routing)!.agentIndex
      ]!.id,
    ).toBe("writer");
    expect(DEFAULT_CAST[sticky.select(table(), all, q, config.routing)!.agentIndex]!.id).toBe(
      "grammar-specialist",
    );
  });

  it("falls back to the cast's static skills and the classifier's task without a world view", () => {
    const policy = oracleRouting(DEFAULT_CAST, taxonomy, undefined);
    expect(policy.name).toBe("oracle-static-skills");
    const d = policy.select(table(), all, query("reasoning"), config.routing)!;
    expect(DEFAULT_CAST[d.agentIndex]!.id).toBe("reasoning-specialist");
  });
});

describe("oracle routing with a deadline and rate limits", () => {
  const table = () => new RoutingTable(n, taxonomy.taskTypes.length * modalities);
  const q = { ...query("grammar"), conversationId: "c" };
  const base = {
    skill: (id: string, t: string) => {
      const m = DEFAULT_CAST.find((x) => x.id === id)!;
      return m.skills[t] ?? m.defaultSkill;
    },
    occupancy: () => 0,
    taskOf: () => "grammar",
  };
  const pick = (world: Parameters<typeof oracleRouting>[2]) =>
    DEFAULT_CAST[
      oracleRouting(DEFAULT_CAST, taxonomy, world).select(table(), all, q, config.routing)!.agentIndex
    ]!.id;

  it("skips an agent expected to answer after the deadline, and one whose rate limit would reject the call", () => {
    const late = (id: string) => (id === "grammar-specialist" ? 2_000 : 500);
    expect(pick({ ...base, deadlineMs: 1_500, expectedLatencyMs: late })).toBe("generalist");
    expect(pick({ ...base, expectedLatencyMs: late })).toBe("grammar-specialist"); // no deadline: waiting is harmless
    expect(pick({ ...base, wouldReject: (id) => id === "grammar-specialist" })).toBe("generalist");
    // a deadline without latency estimates: a saturated agent counts as late, a free one as on time
    expect(
      pick({ ...base, deadlineMs: 1_500, occupancy: (id) => (id === "grammar-specialist" ? 1 : 0.5) }),
    ).toBe("generalist");
    expect(pick({ ...base, occupancy: (id) => (id === "grammar-specialist" ? 1 : 0.5) })).toBe(
      "grammar-specialist",
    );
    // everyone late: the soonest answers
    expect(pick({ ...base, deadlineMs: 100, expectedLatencyMs: (id) => (id === "writer" ? 300 : 900) })).toBe(
      "writer",
    );
  });
});
