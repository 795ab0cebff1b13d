/**
 * @module eval/generator/generate
 * `generateDataset`: the SPEC §10 synthetic benchmark — seeded, reproducible conversations with
 * their answer keys. Conversation i depends only on (seed, i), so a prefix of a larger dataset
 * equals the smaller dataset.
 */
import { buildConversation, type FsmSetup } from "./conversation-builder.js";
import { type GeneratorOptionsInput, resolveGeneratorOptions } from "./options.js";
import { expectedLength, middleMix, transitionMatrix } from "./state-machine.js";
import type { SyntheticConversation } from "./types.js";

/** Generates `conversations` synthetic conversations (SPEC §10). */
export function generateDataset(input: GeneratorOptionsInput): SyntheticConversation[] {
  const options = resolveGeneratorOptions(input);
  const meanLength = expectedLength(options.minTurns, options.maxTurns, options.lengthSkew);
  const mix = middleMix(options.stateMix, meanLength);
  const fsm: FsmSetup = { mix, matrix: transitionMatrix(mix) };
  return Array.from({ length: options.conversations }, (_, i) => buildConversation(i, options, fsm));
}
