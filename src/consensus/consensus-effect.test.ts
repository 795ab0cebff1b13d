import { describe, expect, it } from "vitest";
import { configSchema } from "../config/schema.js";
import { LocalEmbedder } from "../state/embedding.js";
import { PromptSpace } from "../state/prompt-space.js";
import { ConsensusEngine } from "./consensus-engine.js";
import { randomSparseGraph } from "./graph-generators.js";
import type { ConsensusAgent } from "./types.js";

const config = configSchema.parse({});
const space = PromptSpace.createSync({
  embedder: LocalEmbedder.fromConfig(config),
  dim: 512,
  seed: config.state.seed,
});
const ROLES = [
  "math specialist",
  "creative writer",
  "grammar specialist",
  "retrieval specialist",
  "dialogue manager",
  "code assistant",
];

function agentsOf(): ConsensusAgent[] {
  return Array.from({ length: 12 }, (_, i) => ({
    id: `agent-${i}`,
    prompt: space.initialVector(ROLES[i % ROLES.length]!, undefined, i),
    utilisation: 1,
  }));
}

function sharedComponents(agents: ConsensusAgent[], edges: readonly (readonly [number, number])[]): number {
  let total = 0;
  for (const [a, b] of edges) {
    const x = new Set(space.renderIds(agents[a]!.prompt));
    const y = new Set(space.renderIds(agents[b]!.prompt));
    const shared = [...x].filter((id) => y.has(id)).length;
    total += shared / (x.size + y.size - shared || 1);
  }
  return total / edges.length;
}

describe("consensus effect on rendered prompts", () => {
  it("agents that consense share more rendered components than without consensus", () => {
    const edges = randomSparseGraph(12, 4, 11);
    const withConsensus = agentsOf();
    const without = agentsOf();
    const engine = ConsensusEngine.fromConfig(config);
    for (const [a, b] of edges) engine.observeHandoff(`agent-${a}`, `agent-${b}`, 0.9);
    for (let t = 0; t < 60; t++) engine.tick(withConsensus);
    const consensed = sharedComponents(withConsensus, edges);
    const baseline = sharedComponents(without, edges);
    expect(baseline).toBeLessThan(0.5);
    expect(consensed).toBeGreaterThan(baseline + 0.3);
    // the system prompts sent across a handoff become identical in their conventions
    const [a, b] = edges[0]!;
    const section = (p: Float32Array) => space.renderSystemPrompt("role", undefined, p).split("\n\n")[1];
    expect(section(withConsensus[a]!.prompt)).toBe(section(withConsensus[b]!.prompt));
  });
});
