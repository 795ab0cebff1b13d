/**
 * @module state/embedding-adapters
 * Bridges between rapo's {@link Embedder} and the AI SDK embedding model spec v3, in both
 * directions: the local embedder can be handed to `embed`/`embedMany` of the AI SDK, and any AI
 * SDK embedding model (OpenAI, Ollama, ...) can serve as rapo's embedder.
 */

import type { EmbeddingModelV3, EmbeddingModelV3CallOptions, EmbeddingModelV3Result } from "@ai-sdk/provider";
import { InputError, ModelError } from "../errors.js";
import { RandomProjection } from "./random-projection.js";
import type { Embedder } from "./types.js";
import { normalize } from "./vector-math.js";

/** Identification of an adapted embedder in AI SDK logs. */
export interface EmbeddingModelInfo {
  provider?: string;
  modelId?: string;
  /** texts per `doEmbed` call; unlimited by default since the local embedder has no API. */
  maxEmbeddingsPerCall?: number;
}

/** Exposes a rapo {@link Embedder} as an AI SDK `EmbeddingModelV3`. */
export function asEmbeddingModel(embedder: Embedder, info: EmbeddingModelInfo = {}): EmbeddingModelV3 {
  return {
    specificationVersion: "v3",
    provider: info.provider ?? "rapo",
    modelId: info.modelId ?? `local-hashed-${embedder.dim}`,
    maxEmbeddingsPerCall: info.maxEmbeddingsPerCall ?? Number.POSITIVE_INFINITY,
    supportsParallelCalls: true,
    async doEmbed(options: EmbeddingModelV3CallOptions): Promise<EmbeddingModelV3Result> {
      options.abortSignal?.throwIfAborted();
      const vectors = await embedder.embed(options.values);
      return {
        embeddings: vectors.map((vector) => Array.from(vector)),
        usage: { tokens: options.values.reduce((sum, value) => sum + countWords(value), 0) },
        warnings: [],
      };
    },
  };
}

/**
 * Uses an AI SDK `EmbeddingModelV3` as a rapo {@link Embedder} of dimension `dim`. Batches by
 * `model.maxEmbeddingsPerCall` and runs the batches in parallel when the model allows it.
 * Throws {@link ModelError} when the model returns vectors of another dimension.
 */
export function fromEmbeddingModel(model: EmbeddingModelV3, dim: number, seed = 0): Embedder {
  if (!Number.isInteger(dim) || dim <= 0) {
    throw new InputError("invalid_dimension", `embedding dimension must be a positive integer, got ${dim}`, {
      dim,
    });
  }
  // provider vectors of another size are mapped to `dim` by a seeded Gaussian projection
  // (Johnson–Lindenstrauss: cosines are preserved approximately), then L2-normalised
  const projections = new Map<number, RandomProjection>();
  const fitDimension = (vector: Float32Array): Float32Array => {
    let projection = projections.get(vector.length);
    if (!projection) {
      projection = new RandomProjection(vector.length, dim, seed);
      projections.set(vector.length, projection);
    }
    const out = new Float32Array(dim);
    projection.project(vector, out);
    return normalize(out);
  };
  return {
    dim,
    async embed(texts: string[]): Promise<Float32Array[]> {
      if (texts.length === 0) return [];
      const batchSize = (await model.maxEmbeddingsPerCall) ?? Number.POSITIVE_INFINITY;
      const batches = chunk(texts, batchSize);
      const call = (values: string[]) => embedBatch(model, values, dim, fitDimension);
      const results = (await model.supportsParallelCalls)
        ? await Promise.all(batches.map(call))
        : await sequential(batches, call);
      return results.flat();
    },
  };
}

async function embedBatch(
  model: EmbeddingModelV3,
  values: string[],
  dim: number,
  fitDimension: (vector: Float32Array) => Float32Array,
): Promise<Float32Array[]> {
  let result: EmbeddingModelV3Result;
  try {
    result = await model.doEmbed({ values });
  } catch (error) {
    throw new ModelError(`embedding model '${model.modelId}' failed`, { provider: model.provider }, error);
  }
  if (result.embeddings.length !== values.length) {
    throw new ModelError(`embedding model '${model.modelId}' returned ${result.embeddings.length} vectors`, {
      expected: values.length,
    });
  }
  return result.embeddings.map((embedding) => {
    if (embedding.length === 0) {
      throw new ModelError(`embedding model '${model.modelId}' returned an empty vector`, { expected: dim });
    }
    return embedding.length === dim
      ? Float32Array.from(embedding)
      : fitDimension(Float32Array.from(embedding));
  });
}

async function sequential<T, R>(items: T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (const item of items) out.push(await run(item));
  return out;
}

function chunk<T>(items: T[], size: number): T[][] {
  if (!Number.isFinite(size) || size <= 0 || items.length <= size) return [items];
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function countWords(text: string): number {
  const matches = text.match(/\S+/g);
  return matches === null ? 0 : matches.length;
}
