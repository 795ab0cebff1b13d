/**
 * @module learning/dynamics-codec
 * Bytes of a trained learner: dimensions, learning settings, counters and every weight, encoded
 * with the checkpoint codec (canonical JSON header + aligned Float32 data), so equal learners give
 * equal bytes and equal hashes, followed by a 32-byte sha256 of everything before it. Decoding
 * checks the digest and the structure and throws a clear error on a corrupted copy.
 */
import { createHash } from "node:crypto";
import type { RapoConfig } from "../config/schema.js";
import { learningSchema } from "../config/schema.js";
import {
  type CheckpointValue,
  decodeCheckpoint,
  encodeCheckpoint,
  sha256Hex,
} from "../domain/checkpoint-codec.js";
import { InputError } from "../errors.js";
import type { ProjectionWeights } from "./learned-projection.js";

const FORMAT = "rapo-dynamics";
const VERSION = 1;
const DIGEST_BYTES = 32;

/** Dimensions of a learner's inputs. */
export interface LearnerDims {
  promptDim: number;
  contextDim: number;
  /** dimension of turn embeddings (the context projection's input). */
  embeddingDim: number;
  taskCount: number;
  modalityCount: number;
  seed: number;
}

/** Everything a learner's bytes hold. */
export interface LearnerContent {
  dims: LearnerDims;
  learning: RapoConfig["learning"];
  steps: number;
  transitionNoise: number;
  network: Float32Array[];
  projection: ProjectionWeights;
  /** Adam's state (iteration count and moments, by variable name), or null when not saved. */
  optimizer: OptimizerWeights | null;
}

/** An optimiser's named weights (tfjs `Optimizer.getWeights()` as plain arrays). */
export interface OptimizerWeights {
  names: string[];
  values: Float32Array[];
}

/** Encodes a learner. */
export function encodeLearnerBytes(content: LearnerContent): Uint8Array {
  const { projection } = content;
  const body = encodeCheckpoint({
    format: FORMAT,
    version: VERSION,
    dims: { ...content.dims },
    learning: { ...content.learning, hiddenLayers: [...content.learning.hiddenLayers] },
    steps: content.steps,
    transitionNoise: content.transitionNoise,
    network: content.network,
    projection: { u: projection.u, v: projection.v, head: projection.head, bias: projection.bias },
    optimizer: content.optimizer
      ? { names: [...content.optimizer.names], values: content.optimizer.values }
      : null,
  });
  const out = new Uint8Array(body.length + DIGEST_BYTES);
  out.set(body, 0);
  out.set(digest(body), body.length);
  return out;
}

/** Decodes learner bytes. Throws InputError (`corrupt_learner`) on anything malformed. */
export function decodeLearnerBytes(bytes: Uint8Array): LearnerContent {
  if (bytes.length <= DIGEST_BYTES) throw corrupt("too short");
  const body = bytes.subarray(0, bytes.length - DIGEST_BYTES);
  const expected = bytes.subarray(bytes.length - DIGEST_BYTES);
  if (!digest(body).every((b, i) => b === expected[i]))
    throw corrupt("checksum mismatch (corrupted or truncated)");
  let tree: CheckpointValue;
  try {
    tree = decodeCheckpoint(body, sha256Hex(body));
  } catch (error) {
    throw corrupt(`not a learner encoding (${(error as Error).message})`);
  }
  if (!isRecord(tree) || tree["format"] !== FORMAT || tree["version"] !== VERSION)
    throw corrupt("unknown format or version");
  const dims = tree["dims"];
  const network = tree["network"];
  const projection = tree["projection"];
  if (!isRecord(dims) || !Array.isArray(network) || !network.every((w) => w instanceof Float32Array)) {
    throw corrupt("missing dimensions or network weights");
  }
  const parsed = learningSchema.safeParse(tree["learning"]);
  if (!parsed.success) throw corrupt("invalid learning settings");
  const names = ["promptDim", "contextDim", "embeddingDim", "taskCount", "modalityCount", "seed"] as const;
  for (const name of names) if (typeof dims[name] !== "number") throw corrupt(`missing dimension ${name}`);
  if (
    !isRecord(projection) ||
    !["u", "v", "head", "bias"].every((k) => projection[k] instanceof Float32Array)
  ) {
    throw corrupt("missing projection weights");
  }
  const optimizer = tree["optimizer"] ?? null;
  if (
    optimizer !== null &&
    !(
      isRecord(optimizer) &&
      Array.isArray(optimizer["names"]) &&
      Array.isArray(optimizer["values"]) &&
      optimizer["names"].length === optimizer["values"].length &&
      optimizer["names"].every((n) => typeof n === "string") &&
      optimizer["values"].every((v) => v instanceof Float32Array)
    )
  ) {
    throw corrupt("malformed optimiser state");
  }
  const steps = tree["steps"];
  const noise = tree["transitionNoise"];
  if (typeof steps !== "number" || typeof noise !== "number") throw corrupt("missing counters");
  return {
    dims: dims as unknown as LearnerDims,
    learning: parsed.data,
    steps,
    transitionNoise: noise,
    network: network as Float32Array[],
    projection: projection as unknown as ProjectionWeights,
    optimizer: optimizer as unknown as OptimizerWeights | null,
  };
}

function isRecord(value: unknown): value is Record<string, CheckpointValue> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

function corrupt(reason: string): InputError {
  return new InputError("corrupt_learner", `cannot restore the learned dynamics: ${reason}`, { reason });
}

function digest(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash("sha256").update(bytes).digest());
}
