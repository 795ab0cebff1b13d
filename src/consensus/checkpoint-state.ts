/**
 * @module consensus/checkpoint-state
 * The learned part of a checkpoint (SPEC §6–7): every agent's prompt vector, the consensus
 * engine's state (E window, pair statistics, counters), the learned network's bytes, the prompt
 * component bandit's statistics (by agent id) and the control-loop iteration counter.
 *
 * The snapshot is a tree of the store's checkpoint codec (JSON + typed arrays), canonical by
 * construction — agents sorted by id, pairs sorted, no optional keys — so equal states encode to
 * equal bytes and `stateHash` (sha256 of those bytes) tells whether a rollback restored exactly the
 * committed state. A corrupted snapshot is refused: the codec checks the hash, and the structure
 * is validated before anything is restored.
 */

import {
  type CheckpointValue,
  createCheckpointRecord,
  decodeCheckpoint,
  encodeCheckpoint,
  readCheckpointRecord,
  sha256Hex,
} from "../domain/checkpoint-codec.js";
import type { CheckpointRecord } from "../domain/records.js";
import { storeError } from "../domain/store-errors.js";
import { InputError } from "../errors.js";
import type { ConsensusEngine, ConsensusEngineState } from "./consensus-engine.js";
import { compare } from "./pair-stats.js";

const FORMAT = "rapo-learned-state";
const VERSION = 1;

/** One agent's part of the snapshot. */
export interface AgentPromptState {
  id: string;
  prompt: Float32Array;
}

/**
 * The prompt-component bandit's statistics (runtime/component-choice), keyed by agent id so a
 * restart with reordered agents restores each agent's own evidence. `gram` is D×D, `moment` D.
 */
export interface BanditCheckpoint {
  /** running residual variance σ². */
  variance: number;
  agents: { id: string; baseline: number; outcomes: number; gram: Float64Array; moment: Float64Array }[];
}

/** A self-contained copy of the learned state. */
export interface LearnedStateSnapshot {
  /** control-loop iteration at which it was taken. */
  iteration: number;
  /** prompt dimension (every vector has it). */
  dim: number;
  /** sorted by id; vectors are copies. */
  agents: AgentPromptState[];
  consensus: ConsensusEngineState | null;
  /** `DynamicsLearner.serialize()` bytes, or null when learning is off. */
  learner: Uint8Array | null;
  /** the component bandit's statistics, or null when the bandit is off (sorted by id). */
  bandit: BanditCheckpoint | null;
}

/** What {@link captureLearnedState} reads. */
export interface LearnedStateSources {
  iteration: number;
  agents: Iterable<AgentPromptState>;
  consensus?: Pick<ConsensusEngine, "exportState"> | null;
  learner?: { serialize(): Uint8Array } | null;
  bandit?: { snapshot(): BanditCheckpoint } | null;
}

/** What {@link restoreLearnedState} writes into. */
export interface LearnedStateTargets {
  agents: Iterable<AgentPromptState>;
  consensus?: Pick<ConsensusEngine, "importState"> | null;
  bandit?: { restore(state: BanditCheckpoint): void } | null;
}

/** What a restore did. */
export interface RestoreResult {
  iteration: number;
  /** agents whose prompt was overwritten. */
  restored: number;
  /** agents in the snapshot that are not present now. */
  missing: string[];
  /** agents present now that the snapshot does not know (left as they are). */
  unknown: string[];
  /** learner bytes to pass to `DynamicsLearner.deserialize`, or null. */
  learner: Uint8Array | null;
}

/** Copies the learned state. Throws InputError when prompt dimensions differ or ids repeat. */
export function captureLearnedState(sources: LearnedStateSources): LearnedStateSnapshot {
  const agents = [...sources.agents].map((a) => ({ id: a.id, prompt: Float32Array.from(a.prompt) }));
  agents.sort((a, b) => compare(a.id, b.id));
  const dim = agents[0]?.prompt.length ?? 0;
  agents.forEach((a, i) => {
    if (a.prompt.length !== dim)
      throw badInput(`agent '${a.id}' has a prompt of dimension ${a.prompt.length}, not ${dim}`);
    if (i > 0 && agents[i - 1]!.id === a.id) throw badInput(`agent '${a.id}' appears twice`);
  });
  return {
    iteration: sources.iteration,
    dim,
    agents,
    consensus: sources.consensus ? sources.consensus.exportState() : null,
    learner: sources.learner ? Uint8Array.from(sources.learner.serialize()) : null,
    bandit: sources.bandit ? canonicalBandit(sources.bandit.snapshot()) : null,
  };
}

function canonicalBandit(state: BanditCheckpoint): BanditCheckpoint {
  const agents = state.agents.map((a) => ({
    id: a.id,
    baseline: a.baseline,
    outcomes: a.outcomes,
    gram: Float64Array.from(a.gram),
    moment: Float64Array.from(a.moment),
  }));
  agents.sort((a, b) => compare(a.id, b.id));
  return { variance: state.variance, agents };
}

/**
 * Writes a snapshot back: prompts in place (by id), the consensus state, and hands back the
 * learner bytes. Validates everything before writing anything.
 */
export function restoreLearnedState(
  snapshot: LearnedStateSnapshot,
  targets: LearnedStateTargets,
): RestoreResult {
  const byId = new Map(snapshot.agents.map((a) => [a.id, a.prompt]));
  const present = [...targets.agents];
  for (const agent of present) {
    const stored = byId.get(agent.id);
    if (stored && stored.length !== agent.prompt.length) {
      throw badInput(
        `agent '${agent.id}' has dimension ${agent.prompt.length}, the snapshot ${stored.length}`,
      );
    }
  }
  const result: RestoreResult = {
    iteration: snapshot.iteration,
    restored: 0,
    missing: [],
    unknown: [],
    learner: snapshot.learner,
  };
  const seen = new Set<string>();
  for (const agent of present) {
    const stored = byId.get(agent.id);
    seen.add(agent.id);
    if (!stored) {
      result.unknown.push(agent.id);
      continue;
    }
    agent.prompt.set(stored);
    result.restored++;
  }
  result.missing = snapshot.agents.filter((a) => !seen.has(a.id)).map((a) => a.id);
  if (snapshot.consensus && targets.consensus) targets.consensus.importState(snapshot.consensus);
  if (snapshot.bandit && targets.bandit) targets.bandit.restore(snapshot.bandit);
  return result;
}

/** The snapshot as a checkpoint-codec tree (embed it in a larger checkpoint payload). */
export function learnedStateTree(snapshot: LearnedStateSnapshot): CheckpointValue {
  const prompts = new Float32Array(snapshot.agents.length * snapshot.dim);
  snapshot.agents.forEach((a, i) => {
    prompts.set(a.prompt, i * snapshot.dim);
  });
  const c = snapshot.consensus;
  return {
    format: FORMAT,
    version: VERSION,
    iteration: snapshot.iteration,
    dim: snapshot.dim,
    ids: snapshot.agents.map((a) => a.id),
    prompts,
    consensus: c
      ? {
          tick: c.tick,
          effectiveness: c.effectiveness,
          pairs: { a: c.pairs.a, b: c.pairs.b, count: c.pairs.count, effectiveness: c.pairs.effectiveness },
          cursor: c.cursor,
          observedLipschitz: c.observedLipschitz,
          warned: c.warned,
        }
      : null,
    learner: snapshot.learner,
    bandit: snapshot.bandit ? banditTree(snapshot.bandit) : null,
  };
}

function banditTree(bandit: BanditCheckpoint): CheckpointValue {
  const d = bandit.agents[0]?.moment.length ?? 0;
  const gram = new Float64Array(bandit.agents.length * d * d);
  const moment = new Float64Array(bandit.agents.length * d);
  bandit.agents.forEach((a, i) => {
    gram.set(a.gram, i * d * d);
    moment.set(a.moment, i * d);
  });
  return {
    variance: bandit.variance,
    dim: d,
    ids: bandit.agents.map((a) => a.id),
    baseline: Float64Array.from(bandit.agents, (a) => a.baseline),
    outcomes: Float64Array.from(bandit.agents, (a) => a.outcomes),
    gram,
    moment,
  };
}

function banditFromTree(node: CheckpointValue): BanditCheckpoint {
  const b = record(node, "bandit");
  const ids = strings(b["ids"], "bandit.ids");
  const d = integer(b["dim"], "bandit.dim");
  const { baseline, outcomes, gram, moment, variance } = b;
  if (
    typeof variance !== "number" ||
    !(baseline instanceof Float64Array) ||
    !(outcomes instanceof Float64Array) ||
    !(gram instanceof Float64Array) ||
    !(moment instanceof Float64Array)
  )
    throw invalid("bandit statistics are malformed");
  const n = ids.length;
  if (baseline.length !== n || outcomes.length !== n || gram.length !== n * d * d || moment.length !== n * d)
    throw invalid("bandit arrays do not match ids × dim");
  return {
    variance,
    agents: ids.map((id, i) => ({
      id,
      baseline: baseline[i]!,
      outcomes: outcomes[i]!,
      gram: gram.slice(i * d * d, (i + 1) * d * d),
      moment: moment.slice(i * d, (i + 1) * d),
    })),
  };
}

/** Parses a tree made by {@link learnedStateTree}. Throws StoreError (`checkpoint_malformed`). */
export function learnedStateFromTree(tree: CheckpointValue): LearnedStateSnapshot {
  const root = record(tree, "snapshot");
  if (root["format"] !== FORMAT || root["version"] !== VERSION) throw invalid("unknown format or version");
  const iteration = integer(root["iteration"], "iteration");
  const dim = integer(root["dim"], "dim");
  const ids = strings(root["ids"], "ids");
  const prompts = root["prompts"];
  if (!(prompts instanceof Float32Array) || prompts.length !== ids.length * dim)
    throw invalid("prompts do not match ids × dim");
  const learner = root["learner"];
  if (learner !== null && !(learner instanceof Uint8Array)) throw invalid("learner must be bytes or null");
  return {
    iteration,
    dim,
    agents: ids.map((id, i) => ({ id, prompt: prompts.slice(i * dim, (i + 1) * dim) })),
    consensus: root["consensus"] === null ? null : consensusFromTree(root["consensus"] ?? null),
    learner: learner === null ? null : learner,
    // checkpoints written before the bandit was checkpointed have no `bandit` key
    bandit: root["bandit"] === undefined || root["bandit"] === null ? null : banditFromTree(root["bandit"]),
  };
}

/** Canonical bytes of the snapshot. */
export function encodeLearnedState(snapshot: LearnedStateSnapshot): Uint8Array {
  return encodeCheckpoint(learnedStateTree(snapshot));
}

/** Decodes bytes after verifying them against `hash` (sha256 hex). Throws StoreError when corrupted. */
export function decodeLearnedState(bytes: Uint8Array, hash: string): LearnedStateSnapshot {
  return learnedStateFromTree(decodeCheckpoint(bytes, hash));
}

/** sha256 (hex) of the canonical encoding: equal hashes ⇔ byte-identical learned state. */
export function stateHash(snapshot: LearnedStateSnapshot): string {
  return sha256Hex(encodeLearnedState(snapshot));
}

/** A store checkpoint record holding the snapshot (its `hash` is {@link stateHash}). */
export function learnedStateRecord(
  snapshot: LearnedStateSnapshot,
  id: string,
  createdAt: number,
): CheckpointRecord {
  return createCheckpointRecord({
    id,
    iteration: snapshot.iteration,
    payload: learnedStateTree(snapshot),
    createdAt,
  });
}

/** The snapshot of a store checkpoint record, verified against its hash. */
export function readLearnedStateRecord(checkpoint: CheckpointRecord): LearnedStateSnapshot {
  return learnedStateFromTree(readCheckpointRecord(checkpoint));
}

function consensusFromTree(node: CheckpointValue): ConsensusEngineState {
  const c = record(node, "consensus");
  const pairs = record(c["pairs"], "consensus.pairs");
  const a = strings(pairs["a"], "pairs.a");
  const b = strings(pairs["b"], "pairs.b");
  const count = pairs["count"];
  const effectiveness = pairs["effectiveness"];
  const window = c["effectiveness"];
  if (
    !(count instanceof Float64Array) ||
    !(effectiveness instanceof Float64Array) ||
    !(window instanceof Float64Array)
  ) {
    throw invalid("consensus arrays must be float64");
  }
  if (b.length !== a.length || count.length !== a.length || effectiveness.length !== a.length) {
    throw invalid("pair arrays have different lengths");
  }
  const observed = c["observedLipschitz"];
  if (typeof observed !== "number" || typeof c["warned"] !== "boolean")
    throw invalid("consensus counters are malformed");
  return {
    tick: integer(c["tick"], "consensus.tick"),
    effectiveness: window,
    pairs: { a, b, count, effectiveness },
    cursor: integer(c["cursor"], "consensus.cursor"),
    observedLipschitz: observed,
    warned: c["warned"],
  };
}

function record(node: CheckpointValue | undefined, what: string): Record<string, CheckpointValue> {
  if (typeof node !== "object" || node === null || Array.isArray(node) || ArrayBuffer.isView(node)) {
    throw invalid(`${what} must be an object`);
  }
  return node as Record<string, CheckpointValue>;
}

function integer(value: CheckpointValue | undefined, what: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0)
    throw invalid(`${what} must be a non-negative integer`);
  return value;
}

function strings(value: CheckpointValue | undefined, what: string): string[] {
  if (!Array.isArray(value) || !value.every((x) => typeof x === "string"))
    throw invalid(`${what} must be a list of strings`);
  return value as string[];
}

function invalid(message: string) {
  return storeError("learnedState", "checkpoint_malformed", message);
}

function badInput(message: string) {
  return new InputError("invalid_state", message);
}
