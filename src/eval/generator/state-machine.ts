/**
 * @module eval/generator/state-machine
 * The conversation finite-state machine (SPEC §10). A conversation opens with a greeting and a
 * seed query and ends with a conclusion; the turns in between follow a Markov chain whose
 * stationary distribution is chosen so that, over the whole dataset, the share of turns in each
 * state equals the SPEC mix (greeting 10%, query 20%, information 40%, clarification 20%,
 * conclusion 10%). The chain is built by detailed balance (P[s][t] ∝ m[t]·B[s][t] with a
 * symmetric affinity B), which makes the middle mix m exactly stationary while still favouring
 * natural successions (a query is often followed by a clarification, information comes in runs).
 */
import type { Prng } from "../../util/random.js";
import { TURN_STATES, type TurnState } from "./types.js";

/** State shares, in TURN_STATES order. */
export type StateMix = Readonly<Record<TurnState, number>>;

/** Turns whose state is fixed: first greeting, second seed query, last conclusion. */
const FORCED: Readonly<Record<TurnState, number>> = {
  greeting: 1,
  query: 1,
  information: 0,
  clarification: 0,
  conclusion: 1,
};
const FORCED_TOTAL = 3;

/** Symmetric affinities between states (G, Q, I, C, E); the diagonal is implied. */
const AFFINITY: readonly (readonly number[])[] = [
  [0, 1.6, 1.6, 0.5, 0.3],
  [1.6, 0, 1.2, 1.6, 1],
  [1.6, 1.2, 0, 0.9, 1],
  [0.5, 1.6, 0.9, 0, 0.8],
  [0.3, 1, 1, 0.8, 0],
];

/** Length distribution: L = min + ⌊(max − min + 1)·u^skew⌋, skewed towards short conversations. */
export function sampleLength(rng: Prng, min: number, max: number, skew: number): number {
  return Math.min(max, min + Math.floor((max - min + 1) * rng.next() ** skew));
}

/** Exact mean of {@link sampleLength}. */
export function expectedLength(min: number, max: number, skew: number): number {
  const n = max - min + 1;
  let mean = 0;
  for (let k = 0; k < n; k++) mean += (min + k) * (((k + 1) / n) ** (1 / skew) - (k / n) ** (1 / skew));
  return mean;
}

/**
 * The mix the middle turns need so that the dataset-wide mix equals `target`, given the forced
 * first, second and last turns: m_s = (target_s·L̄ − forced_s) / (L̄ − 3), clamped at 0.
 */
export function middleMix(target: StateMix, meanLength: number): number[] {
  const middle = Math.max(meanLength - FORCED_TOTAL, 1e-9);
  const raw = TURN_STATES.map((s) => Math.max(0, (target[s] * meanLength - FORCED[s]) / middle));
  const total = raw.reduce((a, b) => a + b, 0);
  return total > 0 ? raw.map((v) => v / total) : TURN_STATES.map(() => 1 / TURN_STATES.length);
}

/** Transition matrix (rows sum to 1) whose stationary distribution is `mix`. */
export function transitionMatrix(mix: readonly number[]): number[][] {
  const off = TURN_STATES.map((_, s) =>
    TURN_STATES.map((__, t) => (s === t ? 0 : mix[t]! * AFFINITY[s]![t]!)),
  );
  const z = Math.max(1, ...off.map((row) => row.reduce((a, b) => a + b, 0)));
  return off.map((row, s) => {
    const scaled = row.map((v) => v / z);
    scaled[s] = 1 - scaled.reduce((a, b) => a + b, 0);
    return scaled;
  });
}

/** Samples the states of a conversation of `length` turns. */
export function sampleStates(
  rng: Prng,
  length: number,
  mix: readonly number[],
  matrix: number[][],
): TurnState[] {
  const states: TurnState[] = ["greeting"];
  if (length >= 3) states.push("query");
  let current = -1;
  for (let i = states.length; i < length - 1; i++) {
    // The first middle turn starts from the stationary mix, so every middle turn has it exactly.
    current = current < 0 ? rng.weighted(mix) : rng.weighted(matrix[current]!);
    states.push(TURN_STATES[current]!);
  }
  if (length >= 2) states.push("conclusion");
  return states;
}
