import { describe, expect, it } from "vitest";
import { LocalEmbedder } from "../../state/embedding.js";
import { contextCosine } from "./context-cosine.js";

const embedder = new LocalEmbedder({ dim: 256, seed: 42 });
const previous = "Facts so far: The stock of Lyon-Depot is 420 units. Nice-Store supplies Lyon-Depot.";
const question = "What is the stock of Lyon-Depot?";

describe("contextCosine", () => {
  it("is above the handoff threshold for an answer that continues the thread, below it for an unrelated one", () => {
    const continuing = contextCosine(
      embedder,
      "Facts so far: The stock of Lyon-Depot is 420 units.\nLyon-Depot has a stock of 420 units.",
      question,
      previous,
    );
    const unrelated = contextCosine(embedder, "Glad to help, bye.", question, previous);
    expect(continuing).toBeGreaterThan(0.7);
    expect(unrelated).toBeGreaterThan(0.4);
    expect(unrelated).toBeLessThan(0.7);
  });

  it("takes a message without entities (greeting, goodbye) as its own context, so any reply is no break", () => {
    const c = contextCosine(
      embedder,
      "You are welcome. Goodbye!",
      "Thanks for the help, bye for now.",
      previous,
    );
    expect(c).toBeGreaterThan(0.65);
  });

  it("is 0 for an empty answer and stays within [-1, 1]", () => {
    expect(contextCosine(embedder, "  ", question, previous)).toBe(0);
    const same = contextCosine(embedder, question, question, undefined);
    expect(same).toBeLessThanOrEqual(1);
    expect(same).toBeGreaterThan(0.99);
  });
});
