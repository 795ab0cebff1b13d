import type { EmbeddingModelV3 } from "@ai-sdk/provider";
import { embed, embedMany } from "ai";
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../config/resolve.js";
import { fnvStep } from "../util/hash.js";
import { asEmbeddingModel, fromEmbeddingModel, LocalEmbedder } from "./embedding.js";
import { addHashed, fmix32, seededBasis } from "./feature-hashing.js";
import { cosine, norm, normalize } from "./vector-math.js";

const embedder = LocalEmbedder.fromConfig(resolveConfig());

describe("LocalEmbedder", () => {
  it("uses state.embeddingDim and returns unit vectors", () => {
    expect(embedder.dim).toBe(256);
    const vector = embedder.embedSync("The Lyon warehouse holds 40 units of steel.");
    expect(vector).toHaveLength(256);
    expect(norm(vector)).toBeCloseTo(1, 5);
  });

  it("is deterministic for a seed and differs across seeds", () => {
    const text = "Find the invoice for order 1182";
    const again = new LocalEmbedder({ dim: 256, seed: 42 });
    expect([...embedder.embedSync(text)]).toEqual([...again.embedSync(text)]);
    const other = new LocalEmbedder({ dim: 256, seed: 7 });
    expect(cosine(embedder.embedSync(text), other.embedSync(text))).toBeLessThan(0.5);
  });

  it("places similar texts closer than unrelated ones", () => {
    const a = embedder.embedSync("How many units does the Lyon warehouse hold?");
    const b = embedder.embedSync("How many units are held in the Lyon warehouse?");
    const c = embedder.embedSync("Write a poem about the autumn sea and lighthouses.");
    expect(cosine(a, b)).toBeGreaterThan(0.5);
    expect(cosine(a, b)).toBeGreaterThan(cosine(a, c) + 0.3);
  });

  it("is case-insensitive and robust to inflection through char 3-grams", () => {
    expect(cosine(embedder.embedSync("SUPPLIER LIST"), embedder.embedSync("supplier list"))).toBeCloseTo(
      1,
      6,
    );
    const inflected = cosine(embedder.embedSync("supplies"), embedder.embedSync("supplied"));
    const unrelated = cosine(embedder.embedSync("supplies"), embedder.embedSync("garden"));
    expect(inflected).toBeGreaterThan(unrelated + 0.1);
  });

  it("embeds a text without words as the zero vector and writes into a buffer", () => {
    expect(norm(embedder.embedSync("  ?! "))).toBe(0);
    const out = new Float32Array(256).fill(9);
    embedder.embedInto("hello world", out);
    expect([...out]).toEqual([...embedder.embedSync("hello world")]);
  });

  it("equals the straightforward hashing (lower-case copy, modulo buckets) for any text and dim", () => {
    const texts = [
      "Find the invoice for ORDER 1182, then e-mail Bob_Smith.",
      "İstanbul DEPOT ΣΣ Straße — 40 kg? ok",
      "  ?! ",
      "x",
      "",
    ];
    for (const options of [
      { dim: 256, seed: 42 },
      { dim: 97, seed: 3, weights: { unigram: 0.7, bigram: 0.2, trigram: 0.9 } },
    ]) {
      const local = new LocalEmbedder(options);
      for (const text of texts) {
        expect([...local.embedSync(text)], `${options.dim}: ${text}`).toEqual([
          ...referenceEmbedding(text, options),
        ]);
      }
    }
  });

  it("rejects a non-positive dimension", () => {
    expect(() => new LocalEmbedder({ dim: 0, seed: 1 })).toThrow(/embeddingDim/);
  });
});

describe("AI SDK v3 adapters", () => {
  it("serves the local embedder through embed/embedMany of the AI SDK", async () => {
    const model = asEmbeddingModel(embedder);
    expect(model.specificationVersion).toBe("v3");
    const { embeddings } = await embedMany({ model, values: ["alpha beta", "gamma"] });
    expect(embeddings).toHaveLength(2);
    expect(embeddings[0]).toEqual(Array.from(embedder.embedSync("alpha beta")));
    const { embedding } = await embed({ model, value: "gamma" });
    expect(embedding).toEqual(Array.from(embedder.embedSync("gamma")));
  });

  it("round-trips: fromEmbeddingModel(asEmbeddingModel(e)) gives e's vectors", async () => {
    const back = fromEmbeddingModel(asEmbeddingModel(embedder), 256);
    const [x] = await back.embed(["round trip"]);
    expect([...x!]).toEqual([...embedder.embedSync("round trip")]);
    expect(back.embedSync).toBeUndefined();
  });

  it("batches by maxEmbeddingsPerCall, sequentially when parallel calls are not supported", async () => {
    const calls: string[][] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const model: EmbeddingModelV3 = {
      specificationVersion: "v3",
      provider: "test",
      modelId: "recorder",
      maxEmbeddingsPerCall: Promise.resolve(2),
      supportsParallelCalls: false,
      async doEmbed({ values }) {
        calls.push(values);
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await Promise.resolve();
        inFlight--;
        return { embeddings: values.map((v) => [v.length, 0, 1]), warnings: [] };
      },
    };
    const vectors = await fromEmbeddingModel(model, 3).embed(["a", "bb", "ccc", "dddd", "eeeee"]);
    expect(calls).toEqual([["a", "bb"], ["ccc", "dddd"], ["eeeee"]]);
    expect(maxInFlight).toBe(1);
    expect(vectors.map((v) => v[0])).toEqual([1, 2, 3, 4, 5]);
    expect(vectors[0]).toBeInstanceOf(Float32Array);
  });

  it("maps provider vectors of another dimension by a seeded projection that keeps cosines", async () => {
    const fitted = fromEmbeddingModel(asEmbeddingModel(embedder), 128, 7);
    const [a, b, c] = await fitted.embed([
      "the stock of the Lyon depot",
      "the stock of the Lyon warehouse",
      "write a poem about rivers",
    ]);
    expect(a).toHaveLength(128);
    expect(cosine(a!, b!)).toBeGreaterThan(cosine(a!, c!));
    expect(await fitted.embed(["the stock of the Lyon depot"])).toEqual([a]);
  });

  it("fails with ModelError on a provider failure", async () => {
    const failing: EmbeddingModelV3 = {
      specificationVersion: "v3",
      provider: "test",
      modelId: "down",
      maxEmbeddingsPerCall: undefined,
      supportsParallelCalls: true,
      doEmbed: () => Promise.reject(new Error("503")),
    };
    await expect(fromEmbeddingModel(failing, 3).embed(["x"])).rejects.toMatchObject({ code: "model_error" });
  });
});

/** The embedder's algorithm written plainly: hash n-grams of the lower-cased text one by one. */
function referenceEmbedding(
  text: string,
  options: { dim: number; seed: number; weights?: { unigram?: number; bigram?: number; trigram?: number } },
): Float32Array {
  const out = new Float32Array(options.dim);
  const basis = seededBasis(options.seed);
  const [unigram, bigram, trigram] = [
    options.weights?.unigram ?? 1,
    options.weights?.bigram ?? 0.5,
    options.weights?.trigram ?? 0.25,
  ];
  const addTrigram = (a: number, b: number, c: number): void =>
    addHashed(out, fnvStep(fnvStep(fnvStep(basis ^ 0x1b873593, a), b), c), trigram);
  const isWord = (c: number): boolean =>
    (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || (c >= 0x80 && c !== 0xa0);
  const lower = `${text.toLowerCase()} `;
  let [word, previous, hasPrevious, length, before, last] = [basis, 0, false, 0, 0, 0];
  for (let i = 0; i < lower.length; i++) {
    const code = lower.charCodeAt(i);
    if (isWord(code)) {
      if (length === 0) [word, last, before] = [basis, 0x02, -1];
      if (before !== -1) addTrigram(before, last, code);
      [before, last] = [last, code];
      word = fnvStep(word, code);
      length++;
    } else if (length > 0) {
      addTrigram(before, last, 0x03);
      addHashed(out, word, unigram);
      if (hasPrevious) addHashed(out, fmix32(previous ^ 0x5bd1e995) ^ word, bigram);
      [previous, hasPrevious, length] = [word, true, 0];
    }
  }
  return normalize(out);
}
