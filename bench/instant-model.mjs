/**
 * @module bench/instant-model
 * An AI SDK v3 language model that answers at once with a fact-bearing sentence, so benchmark
 * figures hold no model cost. Plain JavaScript so that both the TypeScript benchmarks (through
 * `harness.ts`) and the memory benchmark's child, which runs the built package on plain Node,
 * use this one definition.
 */

/** @param {string} id the model id */
export function instantModel(id) {
  return {
    specificationVersion: "v3",
    provider: "bench",
    modelId: id,
    supportedUrls: {},
    doGenerate: async () => ({
      content: [{ type: "text", text: "The stock of Lyon-Depot is 420 units. Answer: 420" }],
      finishReason: { unified: "stop", raw: "stop" },
      usage: {
        inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
        outputTokens: { total: 10, text: 10, reasoning: 0 },
      },
      warnings: [],
    }),
    doStream: async () => {
      throw new Error("not used");
    },
  };
}
